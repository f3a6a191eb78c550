"""How many candles visitors lit (memorial/remembrance/candles.py), per victim and per remembrance page. A record,
below the pages that show it; registered with the app through models.py."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CandleCount(models.Model):
    """How many candles visitors lit for one victim or one remembrance page: a number and nothing else. No row
    records who lit a candle, when or from where; a page's translations share one count (on their first page)."""

    victim = models.OneToOneField(
        "archive.Victim",
        verbose_name=_("victim"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveBigIntegerField(_("candles lit"), default=0)

    class Meta:
        verbose_name = _("candle count")
        verbose_name_plural = _("candle counts")
        constraints = [
            models.CheckConstraint(
                condition=Q(victim__isnull=False, page__isnull=True) | Q(victim__isnull=True, page__isnull=False),
                name="candle_count_for_one_victim_or_one_page",
            )
        ]

    def __str__(self):
        # Admin listings and logs only ever see the number and the row: never the victim's label.
        return f"{self.count} · #{self.pk}"
