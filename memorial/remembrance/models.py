"""The remembrance pages: an index of past years, one page per year for 30 November, and one page per year for
each attack's anniversary. They are Wagtail pages, translated per locale with simple_translation, because they
carry editorial narrative and are prepared ahead and published on schedule (design.md)."""

import logging
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from memorial.meta import wagtail_page_meta
from memorial.remembrance import dates
from memorial.remembrance.blocks import RemembranceStreamBlock
from memorial.remembrance.candle_counts import CandleCount  # noqa: F401  (registers the model with the app)
from memorial.remembrance.forms import RemembrancePageForm, page_texts, withheld_name_message
from memorial.remembrance.share_cards import page_share_image
from memorial.remembrance.withheld_names import naming_withheld

logger = logging.getLogger(__name__)

# The Day of Remembrance has been observed on 30 November since 2016 (decision C-20/DEC.10).
FIRST_REMEMBRANCE_YEAR = 2016
SCHEDULED = "wagtail.publish.scheduled"


class SharedPage(Page):
    """A remembrance page names its share card in its Open Graph tags, like a victim's or an attack's page."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meta"] = replace(wagtail_page_meta(self), image=page_share_image(request, self))
        return context

    class Meta:
        abstract = True


class RemembranceIndexPage(SharedPage):
    """Every year's remembrance pages in one place, linked from the site's navigation."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A sentence or two: what the Day of Remembrance is, and that each year's page is kept here."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["remembrance.RemembranceDayPage", "remembrance.AttackAnniversaryPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific()
        context["days"] = sorted(
            (child for child in children if isinstance(child, RemembranceDayPage)), key=lambda page: -page.year
        )
        context["anniversaries"] = sorted(
            (child for child in children if isinstance(child, AttackAnniversaryPage)),
            key=lambda page: (-page.year, page.title),
        )
        return context

    class Meta:
        verbose_name = _("remembrance index")


class RemembrancePage(SharedPage):
    """What the two kinds of remembrance page share: an introduction, the blocks, and the check that no text
    names a person whose name is withheld elsewhere in the archive, on every path that publishes."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown large under the title."))
    body = StreamField(
        RemembranceStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Build the page from blocks; each shows a preview of itself in the block chooser."),
    )

    base_form_class = RemembrancePageForm
    parent_page_types = ["remembrance.RemembranceIndexPage"]
    subpage_types = []

    def texts_to_check(self):
        """Every text of the page that a visitor reads, by where an editor finds it (never by its words)."""
        return page_texts(self.title, self.introduction, self.body)

    def publish(self, revision, *args, log_action=True, **kwargs):
        naming = naming_withheld(revision.as_object().texts_to_check())
        if naming:
            if log_action == SCHEDULED:
                # publish_scheduled publishes every due revision in one loop: refusing by raising would stop it
                # for every other page. The revision is unscheduled and the editors see it as a draft again.
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
                logger.warning("Scheduled page %s not published: it names a person whose name is withheld.", self.pk)
                return None
            raise PublishPermissionError(withheld_name_message(naming))
        return super().publish(revision, *args, log_action=log_action, **kwargs)

    class Meta:
        abstract = True


def year_field():
    return models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_REMEMBRANCE_YEAR)],
        help_text=_("The year this page marks."),
    )


class RemembranceDayPage(RemembrancePage):
    """The page of one year's 30 November, the Day of Remembrance for all Victims of Chemical Warfare: one per
    year in each language."""

    year = year_field()

    content_panels = [*Page.content_panels, FieldPanel("year"), FieldPanel("introduction"), FieldPanel("body")]

    @property
    def day(self):
        return dates.remembrance_day(self.year)

    def clean(self):
        super().clean()
        if self.year and self.locale_id:
            others = RemembranceDayPage.objects.filter(year=self.year, locale_id=self.locale_id).exclude(pk=self.pk)
            # Aliases mirror their original until translated: they are the same page, not a second one.
            if others.filter(alias_of=None).exists() and self.alias_of_id is None:
                raise ValidationError(
                    {"year": _("This language already has a page for 30 November %(year)s.") % {"year": self.year}}
                )

    class Meta:
        verbose_name = _("remembrance day page")


class AttackAnniversaryPage(RemembrancePage):
    """One year's anniversary of one attack, linked from the attack's record: one per attack and year in each
    language."""

    attack = models.ForeignKey(
        "archive.Attack",
        on_delete=models.PROTECT,
        related_name="anniversary_pages",
        verbose_name=_("attack"),
        help_text=_("The attack whose anniversary this page marks."),
    )
    year = year_field()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("attack"), FieldPanel("year")]),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    @property
    def day(self):
        return dates.anniversary(self.attack.date, self.year)

    @property
    def years_since(self):
        return self.year - self.attack.date.year

    def clean(self):
        super().clean()
        if not (self.year and self.attack_id and self.locale_id):
            return
        if self.year <= self.attack.date.year:
            raise ValidationError({"year": _("An anniversary falls in a year after the attack.")})
        others = AttackAnniversaryPage.objects.filter(
            attack_id=self.attack_id, year=self.year, locale_id=self.locale_id, alias_of=None
        ).exclude(pk=self.pk)
        if others.exists() and self.alias_of_id is None:
            raise ValidationError(
                {
                    "year": _("This language already has a page for this attack's anniversary in %(year)s.")
                    % {"year": self.year}
                }
            )

    class Meta:
        verbose_name = _("attack anniversary page")
