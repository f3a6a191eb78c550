from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.log_actions import LogFormatter

from memorial.privacy import admin_views, services, two_factor
from memorial.privacy.models import PolicyChange

LOG_ACTIONS = {
    services.TIGHTENED: _("Publication policy tightened"),
    services.REQUESTED: _("Looser publication policy requested"),
    services.APPROVED: _("Looser publication policy approved"),
    services.REJECTED: _("Looser publication policy rejected"),
    services.WITHDRAWN: _("Withdrawn at the family's request"),
    admin_views.REVEALED: _("Sealed identity revealed"),
    admin_views.EDITED: _("Sealed identity edited"),
    two_factor.ENROLLED: _("Two-factor authentication set up"),
    two_factor.VERIFIED_WITH_RECOVERY: _("Signed in with a recovery code"),
}


class ReasonFormatter(LogFormatter):
    """History shows the action and its reason; these entries never hold personal data."""

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_privacy_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action)(
            type("PrivacyFormatter", (ReasonFormatter,), {"label": label, "message": label})
        )


@hooks.register("register_admin_urls")
def register_privacy_urls():
    urls = [
        path("identity/<int:pk>/", admin_views.IdentityView.as_view(), name="identity"),
        path("policy/<int:pk>/", admin_views.PolicyView.as_view(), name="policy"),
        path("withdraw/<int:pk>/", admin_views.WithdrawView.as_view(), name="withdraw"),
        path("defaults/", admin_views.DefaultsView.as_view(), name="defaults"),
        path("policy/requests/", admin_views.PendingPolicyChangesView.as_view(), name="pending"),
        re_path(
            r"^policy/requests/(?P<change_id>\d+)/(?P<decision>approve|reject)/$",
            admin_views.DecisionView.as_view(),
            name="decide",
        ),
        path("two-factor/setup/", two_factor.SetupView.as_view(), name="two_factor_setup"),
        path("two-factor/verify/", two_factor.VerifyView.as_view(), name="two_factor_verify"),
    ]
    return [path("privacy/", include((urls, "privacy"), namespace="privacy"))]


def pending_count():
    return PolicyChange.objects.filter(status=PolicyChange.Status.PENDING).count()


class PendingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("privacy.approve_policychange")

    def get_context(self, request):
        context = super().get_context(request)
        count = pending_count()
        if count:
            context["label"] = f"{self.label} ({count})"
        return context


class PendingSummaryItem(SummaryItem):
    """The dashboard's count of looser policies waiting for a second moderator, for those who may approve."""

    order = 20
    template_name = "privacy/admin/includes/pending_summary.html"

    def is_shown(self):
        return self.request.user.has_perm("privacy.approve_policychange")

    def get_context_data(self, parent_context):
        return {"pending": pending_count()}


@hooks.register("construct_homepage_summary_items")
def pending_summary(request, items):
    items.append(PendingSummaryItem(request))


@hooks.register("register_admin_menu_item")
def register_pending_menu_item():
    return PendingMenuItem(_("Policy approvals"), reverse("privacy:pending"), icon_name="lock", order=250)


class DefaultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("privacy.change_publicationdefaults")


@hooks.register("register_settings_menu_item")
def register_defaults_menu_item():
    return DefaultsMenuItem(_("Publication defaults"), reverse("privacy:defaults"), icon_name="lock", order=100)
