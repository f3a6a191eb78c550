"""What public pages read of the milestones: only live ones, each with its source and its live attacks."""

from django.db.models import Prefetch

from memorial.accountability.models import Milestone
from memorial.archive.models import Attack


def live_milestones(*, attacks=None):
    """Live milestones in date order; with `attacks`, only those concerning one of them."""
    milestones = Milestone.objects.filter(live=True).select_related("source")
    if attacks is not None:
        milestones = milestones.filter(attacks__in=attacks).distinct()
    return list(
        milestones.prefetch_related(
            Prefetch("attacks", queryset=Attack.objects.filter(live=True).order_by("date", "key"))
        ).order_by("date", "key")
    )
