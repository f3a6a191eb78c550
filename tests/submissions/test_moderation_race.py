"""Two moderators deciding the same submission at the same moment (M3): exactly one decision, one record."""

import threading
import time

from django.db import connection, connections
from django.utils import translation

import pytest

from memorial.archive.models import Victim
from memorial.privacy.publication import victims_published
from memorial.submissions import moderation
from memorial.submissions.models import PublishedTribute, Submission
from tests.factories import VictimFactory
from tests.submissions.moderation_support import make_moderator, make_new_record, make_submission

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write to the whole database, so two decisions can never overlap there",
    ),
]


def race(*decisions):
    """Run each decision in its own thread and connection, released together; (wins, refusals)."""
    start = threading.Barrier(len(decisions))
    outcomes = []

    def run(decide):
        try:
            start.wait()
            # Each thread starts in the site's default language; the message is compared in English.
            with translation.override("en"):
                decide()
            outcomes.append("won")
        except moderation.DecisionRefused as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(decide,)) for decide in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_approvals_of_a_new_record_make_exactly_one_record(django_user_model, monkeypatch, attempt):
    # The winner holds its transaction open while making the record: the other update runs meanwhile, waits
    # on the row and then finds the status changed.
    slow = moderation.create_record

    def create_slowly(submission):
        time.sleep(0.3)
        return slow(submission)

    monkeypatch.setattr(moderation, "create_record", create_slowly)
    first, second = (make_moderator(django_user_model, f"moderator-{n}-{attempt}") for n in (1, 2))
    submission = make_new_record("ليلى حسن العلي", content={"policy": {"name_policy": "withheld"}})
    before = Victim.objects.count()
    outcomes = race(
        lambda: moderation.approve_new_record(submission=Submission.objects.get(pk=submission.pk), user=first),
        lambda: moderation.approve_new_record(submission=Submission.objects.get(pk=submission.pk), user=second),
    )
    with translation.override("en"):
        refused = moderation.already_decided().message
    assert sorted(outcomes, key=len) == ["won", refused]
    assert Victim.objects.count() == before + 1
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.victim.identity.name_parts("ar") == ("ليلى", "حسن", "العلي")
    assert moderation.ModelLogEntry.objects.for_instance(submission).filter(action=moderation.APPROVED).count() == 1


def test_an_approval_and_a_rejection_at_once_leave_one_decision(django_user_model):
    first, second = make_moderator(django_user_model, "approver"), make_moderator(django_user_model, "rejecter")
    victim = VictimFactory()
    victims_published([victim])
    submission = make_submission(victim=Victim.objects.get(pk=victim.pk))
    outcomes = race(
        lambda: moderation.approve_tribute(
            submission=Submission.objects.select_related("victim").get(pk=submission.pk),
            user=first,
            text="نص",
            author_display="anonymous",
            author_name="",
            author_relationship="",
            photo_ids=[],
        ),
        lambda: moderation.reject(submission=Submission.objects.get(pk=submission.pk), user=second, message="لا"),
    )
    assert outcomes.count("won") == 1
    submission.refresh_from_db()
    published = PublishedTribute.objects.filter(submission=submission).count()
    assert (submission.status, published) in {(Submission.Status.APPROVED, 1), (Submission.Status.REJECTED, 0)}
    decisions = moderation.ModelLogEntry.objects.for_instance(submission).filter(
        action__in=[moderation.APPROVED, moderation.REJECTED]
    )
    assert decisions.count() == 1
