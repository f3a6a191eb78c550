"""The admin dashboard's counts: where the victim records stand, in place of Wagtail's page and image totals.

Each moderation app puts what waits for a moderator beside them with its own summary item (privacy: policy
approvals; the submissions app, when it arrives: submissions waiting); `only_moderation_summaries` in
wagtail_hooks removes Wagtail's stock items and keeps every one of ours."""

from django.db.models import Count, Q
from django.urls import reverse

from wagtail.admin.site_summary import SummaryItem

from memorial.archive.models import Victim


def victim_counts():
    """Records by where they stand: published (and how many of those carry edits not yet published), drafts,
    withdrawn at the family's request (unpublished for good, so not counted as drafts)."""
    return Victim.objects.aggregate(
        published=Count("pk", filter=Q(live=True)),
        published_with_changes=Count("pk", filter=Q(live=True, has_unpublished_changes=True)),
        drafts=Count("pk", filter=Q(live=False, withdrawn_at=None)),
        withdrawn=Count("pk", filter=~Q(withdrawn_at=None)),
    )


class VictimCountsSummaryItem(SummaryItem):
    order = 10
    template_name = "archive/admin/victim_counts.html"

    def is_shown(self):
        return any(self.request.user.has_perm(f"archive.{action}_victim") for action in ("view", "change"))

    def get_context_data(self, parent_context):
        listing = reverse("wagtailsnippets_archive_victim:list")
        return {
            "counts": victim_counts(),
            "published_url": f"{listing}?live=true",
            "published_with_changes_url": f"{listing}?live=true&has_unpublished_changes=true",
            "drafts_url": f"{listing}?live=false&withdrawn=false",
            "withdrawn_url": f"{listing}?withdrawn=true",
        }
