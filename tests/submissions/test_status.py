"""The status page: the receipt code by POST only, plain words, add information, withdraw; the same answer for
every code that does not open a submission; rate limited."""

import pytest

from memorial.archive.models import Victim, VictimPublicIndex
from memorial.privacy.publication import victims_published
from memorial.submissions.models import Submission
from memorial.submissions.services import TransitionRefused, transition
from tests.factories import VictimFactory
from tests.submissions.support import tribute_answers
from tests.submissions.test_tribute import receipt_code_on, tribute_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(client, victim):
    """(code, submission) of a tribute just sent in English."""
    response = client.post(tribute_url(victim, "en"), tribute_answers(client.get(tribute_url(victim, "en"))))
    return receipt_code_on(response), Submission.objects.get()


def test_the_status_is_shown_in_plain_words_for_the_code_sent_by_post(client, sent):
    code, _ = sent
    page = client.post("/en/status/", {"code": code})
    assert page.status_code == 200
    assert b"Received, waiting for review" in page.content
    assert b"waiting for a moderator" in page.content
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"


def test_a_code_in_the_address_opens_nothing(client, sent):
    code, _ = sent
    page = client.get(f"/en/status/?code={code}")
    assert page.status_code == 200
    assert b"Received, waiting for review" not in page.content


def test_codes_are_read_leniently(client, sent):
    code, _ = sent
    typed = code.lower().replace("-", " ").replace("0", "o")
    assert b"Received, waiting for review" in client.post("/en/status/", {"code": typed}).content


def test_every_code_that_opens_nothing_gets_the_same_answer(client, sent):
    code, _ = sent
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    answers = [client.post("/en/status/", {"code": typed}) for typed in (wrong, "", "not a code", "x" * 500)]
    assert {answer.status_code for answer in answers} == {200}
    bodies = {answer.content.replace(b"csrfmiddlewaretoken", b"") for answer in answers}
    assert all(b"We could not find a submission with this code" in body for body in bodies)
    assert len({len(body) for body in bodies}) == 1


def test_wrong_codes_are_rate_limited(client, sent, settings):
    settings.MEMORIAL_SUBMISSION_RATES = {
        **settings.MEMORIAL_SUBMISSION_RATES,
        "status": {"client": "3/h", "all": "99/h"},
    }
    statuses = [client.post("/ar/status/", {"code": "AAAA-AAAA"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    code, _ = sent
    assert client.post("/ar/status/", {"code": code}).status_code == 429


def test_the_family_adds_information_and_a_submission_that_needed_it_returns_to_review(client, sent):
    code, submission = sent
    transition(submission, to=Submission.Status.NEEDS_INFORMATION, message_to_family="Which year was the photo taken?")
    page = client.post("/en/status/", {"code": code})
    assert b"Which year was the photo taken?" in page.content
    added = client.post("/en/status/", {"code": code, "action": "add", "text": "In 2012, at the wedding."})
    assert b"What you added has been kept" in added.content
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED
    assert list(submission.additions.values_list("text", flat=True)) == ["In 2012, at the wedding."]


def test_a_pending_submission_is_withdrawn_after_a_confirmation(client, sent):
    code, submission = sent
    asked = client.post("/en/status/", {"code": code, "action": "withdraw"})
    assert b"This cannot be undone" in asked.content
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED
    done = client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    assert b"Your submission has been withdrawn" in done.content
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN
    assert submission.withdrawn_at is not None
    # Withdrawn is final: no second withdrawal, no additions.
    again = client.post("/en/status/", {"code": code})
    assert b"Withdraw it" not in again.content
    assert b"Add this information" not in again.content


def test_withdrawing_an_approved_new_record_takes_the_record_off_the_site_at_once(client, sent):
    code, submission = sent
    record = VictimFactory()
    victims_published([record])
    record.refresh_from_db()
    public_url = f"/en/victims/{record.public_id}/"
    assert client.get(public_url).status_code == 200
    Submission.objects.filter(pk=submission.pk).update(
        kind=Submission.Kind.NEW_RECORD, status=Submission.Status.APPROVED, victim=record
    )
    client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    record = Victim.objects.get(pk=record.pk)
    assert record.withdrawn_at is not None
    assert not record.live
    assert not VictimPublicIndex.objects.filter(victim=record).exists()
    assert client.get(public_url).status_code == 404


def test_withdrawing_an_approved_tribute_marks_it_withdrawn(client, sent, victim):
    code, submission = sent
    transition(submission, to=Submission.Status.APPROVED)
    client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN
    # Only the tribute is taken down: the record it was written for stays published.
    assert Victim.objects.get(pk=victim.pk).live


def test_a_transition_is_one_conditional_update_so_only_one_actor_wins(sent):
    _, submission = sent
    stale = Submission.objects.get(pk=submission.pk)
    transition(submission, to=Submission.Status.APPROVED)
    with pytest.raises(TransitionRefused):
        transition(stale, to=Submission.Status.REJECTED)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.APPROVED


def test_a_rejected_submission_can_no_longer_be_withdrawn(client, sent):
    code, submission = sent
    transition(submission, to=Submission.Status.REJECTED)
    done = client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    assert b"can no longer be withdrawn" in done.content
