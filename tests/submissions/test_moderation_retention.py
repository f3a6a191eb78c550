"""E-mails to moderators carry only a count and a link, after the submission commits, at most one per interval;
`manage.py purge_submissions` leaves a tombstone and no personal data or file (P8)."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from memorial.submissions import moderation
from memorial.submissions.models import Submission, SubmissionPhoto, SubmissionTombstone
from tests.submissions.moderation_support import make_moderator, make_submission
from tests.submissions.support import jpeg_with_gps, tribute_answers, upload
from tests.submissions.test_tribute import tribute_url

pytestmark = pytest.mark.django_db

CONTACT = "CONTACT-CANARY family@example.org"


@pytest.fixture
def moderators(django_user_model):
    people = [
        make_moderator(django_user_model, f"mod-{n}", language=language) for n, language in ((1, "en"), (2, "ar"))
    ]
    for n, person in enumerate(people):
        person.email = f"moderator{n}@example.org"
        person.save()
    return people


def test_moderators_get_a_count_and_a_link_after_the_commit(
    client, victim, moderators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answers = tribute_answers(client.get(tribute_url(victim, "en")), contact=CONTACT, author_name="AUTHOR-CANARY")
        client.post(tribute_url(victim, "en"), answers)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["moderator0@example.org", "moderator1@example.org"]
    english = next(message for message in mail.outbox if message.to == ["moderator0@example.org"])
    assert "1 submissions are waiting" in english.body
    assert "http://testserver/admin/submissions/" in english.body
    arabic = next(message for message in mail.outbox if message.to == ["moderator1@example.org"])
    assert "عدد المشاركات التي تنتظر مشرفًا: 1" in arabic.body
    assert "http://testserver/admin/submissions/" in arabic.body
    for message in mail.outbox:
        text = message.subject + message.body
        assert "CANARY" not in text and "الزيتون" not in text and "olives" not in text and victim.public_id not in text


def test_a_flood_sends_one_email_per_interval(victim, moderators, django_capture_on_commit_callbacks, settings):
    settings.MEMORIAL_MODERATION_NOTIFY_MINUTES = 60
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            make_submission(victim=victim)
    assert len(mail.outbox) == len(moderators)


def ended(submission, status, days_ago):
    when = timezone.now() - timedelta(days=days_ago)
    # A withdrawal is purged only once a moderator has confirmed it (test_moderation_waiting).
    fields = {"withdrawn_at": when, "withdrawal_confirmed_at": when} if status == "withdrawn" else {"decided_at": when}
    Submission.objects.filter(pk=submission.pk).update(status=status, **fields)


def test_purge_leaves_a_tombstone_and_no_personal_data_or_files(
    client, victim, moderator, django_capture_on_commit_callbacks
):
    answers = tribute_answers(client.get(tribute_url(victim, "en")), contact=CONTACT)
    answers["photos"] = [upload(jpeg_with_gps())]
    client.post(tribute_url(victim, "en"), answers)
    old = Submission.objects.get()
    moderation.reject(submission=old, user=moderator, message="Sorry, CONTACT-CANARY")
    ended(old, Submission.Status.REJECTED, 91)
    files = [name for photo in SubmissionPhoto.objects.all() for name in (photo.file.name, photo.preview.name)]
    assert files and all(storages["originals"].exists(name) for name in files)
    withdrawn = make_submission(victim=victim, contact=CONTACT)
    ended(withdrawn, Submission.Status.WITHDRAWN, 120)
    recent = make_submission(victim=victim)
    ended(recent, Submission.Status.REJECTED, 10)
    pending = make_submission(victim=victim)
    Submission.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=400))

    dry = StringIO()
    call_command("purge_submissions", "--dry-run", stdout=dry)
    assert "2 submissions would be purged" in dry.getvalue()
    assert Submission.objects.count() == 4

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_submissions", stdout=out)
    assert "2 submissions purged" in out.getvalue()
    assert set(Submission.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not any(storages["originals"].exists(name) for name in files)
    tombstones = SubmissionTombstone.objects.order_by("final_status")
    assert [(t.kind, t.final_status) for t in tombstones] == [("tribute", "rejected"), ("tribute", "withdrawn")]
    assert all(t.received_month.day == 1 for t in tombstones)
    # Who decided and when stays in the audit log; what they wrote, which may quote the family, does not.
    [entry] = ModelLogEntry.objects.filter(object_id=str(old.pk), action=moderation.REJECTED)
    assert entry.user == moderator and entry.data == {}
    assert "CANARY" not in str(list(ModelLogEntry.objects.values_list("data", "label")))


def test_the_retention_period_is_a_setting(victim, settings):
    settings.MEMORIAL_SUBMISSION_RETENTION_DAYS = 5
    submission = make_submission(victim=victim)
    ended(submission, Submission.Status.REJECTED, 6)
    call_command("purge_submissions", stdout=StringIO())
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert SubmissionTombstone.objects.count() == 1
