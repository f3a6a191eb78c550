from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from memorial.submissions import admin_views, moderation
from memorial.submissions.models import RejectionReason
from memorial.submissions.selectors import pending_counts
from memorial.submissions.services import FAMILY_WITHDREW

LOG_ACTIONS = {
    moderation.APPROVED: _("Submission approved"),
    moderation.MERGED: _("Submission merged into an existing record"),
    moderation.REJECTED: _("Submission not accepted"),
    moderation.NEEDS_INFORMATION: _("More information asked of the family"),
    moderation.HIDDEN: _("Record hidden for a takedown request"),
    moderation.TAKEDOWN_CONFIRMED: _("Takedown confirmed"),
    moderation.RESTORED: _("Takedown declined, record restored"),
    moderation.TRIBUTE_HIDDEN: _("Tribute hidden for a takedown request"),
    moderation.TRIBUTE_TAKEDOWN_CONFIRMED: _("Takedown confirmed, tribute removed"),
    moderation.TRIBUTE_RESTORED: _("Takedown declined, tribute shown again"),
    moderation.CREATED_FROM: _("Record made from a family's submission"),
    admin_views.REVEALED: _("Sealed values of a submission revealed"),
    FAMILY_WITHDREW: _("Withdrawn by the family with their receipt code"),
    moderation.WITHDRAWAL_CONFIRMED: _("Family's withdrawal confirmed"),
    moderation.EDITED: _("New record edited before approval"),
}


class ReasonFormatter(LogFormatter):
    """History shows the action and its reason; these entries hold no contact and no content of a submission
    except a moderator's own note or message."""

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_moderation_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action)(
            type("ModerationFormatter", (ReasonFormatter,), {"label": label, "message": label})
        )


@hooks.register("register_admin_urls")
def register_moderation_urls():
    urls = [
        path("", admin_views.QueueView.as_view(), name="queue"),
        path("<int:pk>/", admin_views.DetailView.as_view(), name="detail"),
    ]
    return [path("submissions/", include((urls, "submissions_admin"), namespace="submissions_admin"))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)

    def get_context(self, request):
        context = super().get_context(request)
        waiting = pending_counts()["total"]
        if waiting:
            context["label"] = f"{self.label} ({waiting})"
        return context


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(_("Submissions"), reverse("submissions_admin:queue"), icon_name="mail", order=240)


class QueueSummaryItem(SummaryItem):
    """The dashboard's count of what families sent that waits for a moderator, by kind."""

    order = 15
    template_name = "submissions/admin/includes/queue_summary.html"

    def is_shown(self):
        return self.request.user.has_perm(admin_views.MODERATE)

    def get_context_data(self, parent_context):
        return {"counts": pending_counts(), "queue_url": reverse("submissions_admin:queue")}


@hooks.register("construct_homepage_summary_items")
def queue_summary(request, items):
    items.append(QueueSummaryItem(request))


class RejectionReasonViewSet(SnippetViewSet):
    model = RejectionReason
    icon = "comment"
    menu_label = _("Rejection reasons")
    list_display = ["title"]
    add_to_admin_menu = False


register_snippet(RejectionReasonViewSet)
