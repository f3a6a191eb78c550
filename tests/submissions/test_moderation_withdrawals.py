"""A family's own withdrawal (P6) takes what was public away at once, then waits in the moderators' queue until
one of them confirms it; both the withdrawal and the confirmation are in the audit log."""

import pytest

from memorial.submissions import moderation, services
from memorial.submissions.models import Submission
from tests.submissions.moderation_support import detail_url
from tests.submissions.test_moderation import entries
from tests.submissions.test_moderation_admin import queue_ids
from tests.submissions.test_moderation_tributes import approve, send_tribute, tributes_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(client, moderator_web, victim):
    """An approved tribute the family then withdrew from the status page with their code."""
    code, submission = send_tribute(client, victim, language="en")
    approve(moderator_web, submission)
    assert len(tributes_on(client, victim)) == 1
    client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    submission.refresh_from_db()
    return submission


def test_the_withdrawal_is_public_at_once_and_logged_without_a_user(client, victim, withdrawn):
    assert withdrawn.status == Submission.Status.WITHDRAWN
    assert tributes_on(client, victim) == []
    [entry] = entries(withdrawn, services.FAMILY_WITHDREW)
    assert entry.user is None
    assert entry.data == {"was": Submission.Status.APPROVED}


def test_a_withdrawal_waits_in_the_queue_until_a_moderator_confirms_it(moderator_web, moderator, withdrawn):
    assert withdrawn.pk in queue_ids(moderator_web)
    assert queue_ids(moderator_web, status="withdrawal_to_confirm") == {withdrawn.pk}
    page = moderator_web.get(detail_url(withdrawn)).content.decode()
    assert "Confirm the withdrawal" in page
    done = moderator_web.post(detail_url(withdrawn), {"action": "confirm_withdrawal", "note": "Checked the page"})
    assert done.status_code == 302
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawal_confirmed_at is not None
    assert withdrawn.status == Submission.Status.WITHDRAWN
    [entry] = entries(withdrawn, moderation.WITHDRAWAL_CONFIRMED)
    assert entry.user == moderator
    assert entry.data == {"reason": "Checked the page"}
    assert withdrawn.pk not in queue_ids(moderator_web)
    assert withdrawn.pk in queue_ids(moderator_web, status="withdrawn")
    assert "Confirm the withdrawal" not in moderator_web.get(detail_url(withdrawn)).content.decode()


def test_a_withdrawal_is_confirmed_once(moderator_web, moderator, withdrawn):
    stale = Submission.objects.get(pk=withdrawn.pk)
    moderation.confirm_withdrawal(submission=withdrawn, user=moderator)
    with pytest.raises(moderation.DecisionRefused):
        moderation.confirm_withdrawal(submission=stale, user=moderator)
    again = moderator_web.post(detail_url(withdrawn), {"action": "confirm_withdrawal"}, follow=True)
    assert b"Another moderator has already decided" in again.content
    assert entries(withdrawn, moderation.WITHDRAWAL_CONFIRMED).count() == 1


def test_only_a_withdrawn_submission_can_be_confirmed(moderator, victim, client):
    _code, pending = send_tribute(client, victim, language="en")
    with pytest.raises(moderation.DecisionRefused):
        moderation.confirm_withdrawal(submission=pending, user=moderator)
