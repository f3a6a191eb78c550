from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door of the archive in each language: what it is, whom it remembers, why."""

    introduction = models.TextField(
        _("introduction"),
        help_text=_("One or two sentences shown large at the top: what this archive is and whom it remembers."),
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "Why the archive exists and how it is kept. Cite the source of every figure; never name a person here."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
