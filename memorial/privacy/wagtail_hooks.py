from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from memorial.privacy import services

POLICY_ACTIONS = {
    services.TIGHTENED: _("Publication policy tightened"),
    services.REQUESTED: _("Looser publication policy requested"),
    services.APPROVED: _("Looser publication policy approved"),
    services.REJECTED: _("Looser publication policy rejected"),
}


class PolicyChangeFormatter(LogFormatter):
    """History shows the change and its reason; a policy holds no personal data."""

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_policy_actions(actions):
    for action, label in POLICY_ACTIONS.items():
        actions.register_action(action)(
            type("PolicyFormatter", (PolicyChangeFormatter,), {"label": label, "message": label})
        )
