"""Accountability milestones: the findings, resolutions, warrants and judgments cited against denial, each resting on
a source, and the attacks each concerns."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from memorial.archive.models import Attack, Source, in_language, scripted_panel
from memorial.archive.text import TextWithoutControls


class Milestone(TextWithoutControls, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Chemical Weapons Convention")
        SECURITY_COUNCIL = "security_council", _("UN Security Council resolution")
        FACT_FINDING = "fact_finding", _("OPCW fact-finding report")
        ATTRIBUTION = "attribution", _("OPCW attribution report")
        JOINT_MECHANISM = "joint_mechanism", _("OPCW-UN Joint Investigative Mechanism report")
        UN_FINDING = "un_finding", _("UN finding")
        ARREST_WARRANT = "arrest_warrant", _("Arrest warrant")
        JUDGMENT = "judgment", _("Judgment")
        OTHER = "other", _("Other")

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Permanent identifier, e.g. iit-report-douma-2023.")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body_ar = models.CharField(
        _("issuing body in Arabic"),
        max_length=200,
        help_text=_("Who issued it: the OPCW, the UN Security Council, a court …"),
    )
    body_en = models.CharField(_("issuing body in English"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="milestones",
        help_text=_("The document or report the date and the words rest on. A milestone is never shown without it."),
    )
    to_be_verified = models.BooleanField(
        _("to be verified"),
        default=True,
        help_text=_("Untick only when the date and the title have been checked against the source itself."),
    )
    attacks = ParentalManyToManyField(
        Attack,
        verbose_name=_("attacks"),
        blank=True,
        related_name="milestones",
        help_text=_("The attacks it concerns."),
    )

    panels = [
        FieldPanel("key"),
        FieldRowPanel([scripted_panel("title_ar", "rtl"), scripted_panel("title_en", "ltr")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldRowPanel([scripted_panel("body_ar", "rtl"), scripted_panel("body_en", "ltr")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("to_be_verified")]),
        FieldPanel("attacks"),
    ]

    search_fields = [
        index.SearchField("key"),
        index.SearchField("title_ar"),
        index.SearchField("title_en"),
        index.SearchField("body_ar"),
        index.SearchField("body_en"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("accountability milestone")
        verbose_name_plural = _("accountability milestones")
        ordering = ["date", "key"]

    def __str__(self):
        return self.title

    @property
    @admin.display(description=_("title"))
    def title(self):
        return in_language(self.title_ar, self.title_en)

    @property
    @admin.display(description=_("issuing body"))
    def body(self):
        return in_language(self.body_ar, self.body_en)
