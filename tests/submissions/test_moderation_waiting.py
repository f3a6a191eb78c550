"""A family's withdrawal waiting for a moderator's confirmation (P6) is work for the moderators like a pending
submission: the dashboard and the e-mails count it, and `purge_submissions` keeps it, however old, until a
moderator has confirmed it (P8)."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from memorial.submissions import moderation
from memorial.submissions.models import Submission, SubmissionTombstone
from memorial.submissions.selectors import pending_counts
from tests.submissions.moderation_support import detail_url, make_moderator, make_submission, moderator_client
from tests.submissions.test_moderation_retention import moderators  # noqa: F401 (a fixture)
from tests.submissions.test_moderation_tributes import send_tribute

pytestmark = pytest.mark.django_db


def withdraw_with_code(client, code, language="en"):
    return client.post(f"/{language}/status/", {"code": code, "action": "withdraw", "confirm": "yes"})


def dashboard_panel(web):
    page = BeautifulSoup(web.get("/admin/").content, "html.parser")
    [link] = page.select('a[href="/admin/submissions/"]:not(.sidebar-menu-item__link)') or [None]
    return link.find_parent("li").get_text(" ", strip=True) if link else ""


def test_the_dashboard_counts_withdrawals_to_confirm(client, moderator_web, moderator, victim, django_user_model):
    make_submission(victim=victim)
    code, withdrawn = send_tribute(client, victim, language="en")
    withdraw_with_code(client, code)
    assert Submission.objects.get(pk=withdrawn.pk).status == Submission.Status.WITHDRAWN
    panel = dashboard_panel(moderator_web)
    assert "2 submissions waiting" in panel
    assert "Withdrawn by the family, to confirm: 1" in panel
    arabic = moderator_client(make_moderator(django_user_model, "arabic-moderator", language="ar"))
    assert "سحبتها العائلة، بانتظار التأكيد: 1" in dashboard_panel(arabic)

    moderator_web.post(detail_url(withdrawn), {"action": "confirm_withdrawal", "note": ""})
    panel = dashboard_panel(moderator_web)
    assert "1 submission waiting" in panel
    assert "to confirm" not in panel


def test_pending_counts_include_withdrawals_to_confirm_by_kind(victim, moderator):
    make_submission(victim=victim)
    withdrawn = make_submission(Submission.Kind.CORRECTION, victim=victim, content={"text": "x"})
    Submission.objects.filter(pk=withdrawn.pk).update(status=Submission.Status.WITHDRAWN)
    confirmed = make_submission(Submission.Kind.CORRECTION, victim=victim, content={"text": "y"})
    Submission.objects.filter(pk=confirmed.pk).update(
        status=Submission.Status.WITHDRAWN, withdrawal_confirmed_at=timezone.now()
    )
    counts = pending_counts()
    assert counts["total"] == 2
    assert counts["withdrawals"] == 1
    assert {kind: count for _label, count, kind in counts["kinds"]}["correction"] == 1


@pytest.mark.usefixtures("moderators")
def test_the_email_counts_a_withdrawal_to_confirm(client, victim, django_capture_on_commit_callbacks, settings):
    settings.MEMORIAL_MODERATION_NOTIFY_MINUTES = 0
    with django_capture_on_commit_callbacks(execute=True):
        code, _submission = send_tribute(client, victim, language="en")
    mail.outbox.clear()
    # The family withdraws: nothing else waits, yet the moderators hear of it and the count says so.
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_with_code(client, code)
    english = next(message for message in mail.outbox if message.to == ["moderator0@example.org"])
    assert "1 submissions are waiting" in english.body
    assert "Withdrawn by the family, to confirm: 1" in english.body
    arabic = next(message for message in mail.outbox if message.to == ["moderator1@example.org"])
    assert "عدد المشاركات التي تنتظر مشرفًا: 1" in arabic.body
    assert "سحبتها العائلة، بانتظار التأكيد: 1" in arabic.body


def withdrawn_long_ago(victim, days):
    submission = make_submission(victim=victim)
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.WITHDRAWN, withdrawn_at=timezone.now() - timedelta(days=days)
    )
    return submission


def test_an_unconfirmed_withdrawal_is_not_purged_until_a_moderator_confirms_it(victim, moderator, settings):
    settings.MEMORIAL_SUBMISSION_RETENTION_DAYS = 90
    waiting = withdrawn_long_ago(victim, 400)
    dry = StringIO()
    call_command("purge_submissions", "--dry-run", stdout=dry)
    assert "0 submissions would be purged" in dry.getvalue()
    call_command("purge_submissions", stdout=StringIO())
    assert Submission.objects.filter(pk=waiting.pk).exists()
    assert SubmissionTombstone.objects.count() == 0

    moderation.confirm_withdrawal(submission=waiting, user=moderator)
    out = StringIO()
    call_command("purge_submissions", stdout=out)
    assert "1 submissions purged" in out.getvalue()
    assert not Submission.objects.filter(pk=waiting.pk).exists()
    assert [(t.kind, t.final_status) for t in SubmissionTombstone.objects.all()] == [("tribute", "withdrawn")]


def test_a_confirmed_withdrawal_still_waits_for_the_retention_period(victim, moderator, settings):
    settings.MEMORIAL_SUBMISSION_RETENTION_DAYS = 90
    recent = withdrawn_long_ago(victim, 10)
    moderation.confirm_withdrawal(submission=recent, user=moderator)
    call_command("purge_submissions", stdout=StringIO())
    assert Submission.objects.filter(pk=recent.pk).exists()
