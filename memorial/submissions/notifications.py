"""E-mail to moderators that something waits: only a count and a link to the queue, never what was sent or who
sent it (an e-mail leaves the archive's control). At most one per interval, however many submissions arrive, so a
flood cannot flood the moderators' inboxes too. Sent after the submission's transaction commits, as a task of
django-tasks (run at once by the default backend, by a worker when one is configured)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from django_tasks import task

from memorial.submissions.selectors import pending_counts

logger = logging.getLogger(__name__)
THROTTLE_KEY = "memorial.submissions.moderators-notified"


def moderators():
    """Active accounts that may moderate and have an e-mail address, each with the admin language they chose."""
    # Permissions are granted through Django's model backend (the other one only counts failed logins).
    users = get_user_model().objects.with_perm(
        "submissions.moderate_submission", backend="django.contrib.auth.backends.ModelBackend"
    )
    users = users.filter(is_active=True)
    return [user for user in users.select_related("wagtail_userprofile") if user.email]


def message_for(user, counts, link):
    """`counts` as `pending_counts` gives them: the total includes the family withdrawals to confirm."""
    profile = getattr(user, "wagtail_userprofile", None)
    language = profile.get_preferred_language() if profile else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Memorial: submissions waiting for a moderator")
        lines = [_("%(count)s submissions are waiting for a moderator.") % {"count": counts["total"]}]
        if counts["withdrawals"]:
            lines.append(_("Withdrawn by the family, to confirm: %(count)s") % {"count": counts["withdrawals"]})
        body = "\n\n".join([*lines, _("Open the queue: %(link)s") % {"link": link}])
    return subject, body, None, [user.email]


@task()
def notify_moderators():
    counts = pending_counts()
    waiting = counts["total"]
    if not waiting:
        return 0
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("submissions_admin:queue")
    messages = [message_for(user, counts, link) for user in moderators()]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info("Told %s moderators that %s submissions wait", len(messages), waiting)
    return sent


def submission_received():
    """Called after a submission is stored or a family withdraws one: schedule the e-mail unless one went out within the interval."""
    interval = settings.MEMORIAL_MODERATION_NOTIFY_MINUTES * 60
    if interval and not cache.add(THROTTLE_KEY, True, timeout=interval):
        return
    notify_moderators.enqueue()
