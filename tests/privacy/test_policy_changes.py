"""Policy changes: a reason every time, tightening at once, loosening only with a second moderator (P5, P11)."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry

import pytest

from memorial.archive.models import Victim
from memorial.privacy import guard
from memorial.privacy.models import PolicyChange
from memorial.privacy.publication import victims_published
from memorial.privacy.representation import public_victim
from memorial.privacy.services import approve_policy_change, change_policy, policy_of, reject_policy_change
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import AttackFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(django_user_model):
    return [django_user_model.objects.create_user(name, is_staff=True) for name in ("amal", "basel")]


@pytest.fixture
def victim():
    record = VictimFactory(
        name_policy="initials", identity__given_name_latin="Rasha", identity__family_name_latin="Darwish"
    )
    others = [VictimFactory(attack=record.attack, name_policy="initials", age=record.age) for _ in range(4)]
    victims_published([record, *others])
    record.refresh_from_db()
    return record


def entries(victim, action):
    return list(ModelLogEntry.objects.filter(object_id=str(victim.pk), action=action))


def test_a_reason_is_required(victim, moderators):
    with pytest.raises(ValidationError) as error:
        change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="  ", user=moderators[0])
    assert "reason" in error.value.message_dict
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"


def test_an_unknown_value_is_refused(victim, moderators):
    with pytest.raises(ValidationError):
        change_policy(victim=victim, proposed={"name_policy": "nickname"}, reason="typo", user=moderators[0])


def test_tightening_applies_at_once_and_is_audited(client, victim, moderators):
    assert "R. D." in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    (change,) = change_policy(
        victim=victim, proposed={"name_policy": "withheld"}, reason="Threats against the family", user=moderators[0]
    )
    assert change.status == PolicyChange.Status.APPLIED
    assert "R. D." not in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    (entry,) = entries(victim, "memorial.policy.tighten")
    assert entry.user == moderators[0]
    assert entry.data["reason"] == "Threats against the family"
    assert (entry.data["from"]["name_policy"], entry.data["to"]["name_policy"]) == ("initials", "withheld")


def test_loosening_waits_for_a_second_moderator(client, victim, moderators):
    first, second = moderators
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="Family agreed", user=first)
    assert request.status == PolicyChange.Status.PENDING
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"
    assert "Rasha" not in client.get(f"/en/victims/{victim.public_id}/").content.decode()

    with pytest.raises(PermissionDenied):
        approve_policy_change(change=request, user=first)
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"

    approve_policy_change(change=request, user=second, note="Checked the family's written consent")
    assert Victim.objects.get(pk=victim.pk).name_policy == "full"
    assert "Rasha" in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    assert len(entries(victim, "memorial.policy.request")) == 1
    (approval,) = entries(victim, "memorial.policy.approve")
    assert approval.user == second


def test_a_mixed_change_tightens_now_and_holds_the_rest(victim, moderators):
    changes = change_policy(
        victim=victim,
        proposed={"name_policy": "full", "place_policy": "country"},
        reason="Family's wishes",
        user=moderators[0],
    )
    assert [change.status for change in changes] == [PolicyChange.Status.APPLIED, PolicyChange.Status.PENDING]
    record = Victim.objects.get(pk=victim.pk)
    assert (record.name_policy, record.place_policy) == ("initials", "country")


def test_a_rejected_request_changes_nothing(victim, moderators):
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="x", user=moderators[0])
    reject_policy_change(change=request, user=moderators[1], note="No consent on file")
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"
    assert PolicyChange.objects.get(pk=request.pk).status == PolicyChange.Status.REJECTED


def test_only_one_decision_wins(victim, moderators, django_user_model):
    third = django_user_model.objects.create_user("chadi", is_staff=True)
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="x", user=moderators[0])
    approve_policy_change(change=request, user=moderators[1])
    with pytest.raises(ValidationError):
        reject_policy_change(change=request, user=third)
    assert PolicyChange.objects.get(pk=request.pk).status == PolicyChange.Status.APPROVED


def test_approval_keeps_what_was_tightened_since(victim, moderators):
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="x", user=moderators[0])
    change_policy(
        victim=victim, proposed={"name_policy": "withheld"}, reason="Family changed its mind", user=moderators[0]
    )
    approve_policy_change(change=request, user=moderators[1])
    assert Victim.objects.get(pk=victim.pk).name_policy == "withheld"


def test_a_full_name_lifts_the_guard_and_withholding_it_restores_it(victim, moderators):
    lone = VictimFactory(attack=AttackFactory(), name_policy="initials")
    victims_published([lone])
    lone.refresh_from_db()
    assert lone.guard_level == guard.ATTACK_HIDDEN
    (request,) = change_policy(victim=lone, proposed={"name_policy": "full"}, reason="x", user=moderators[0])
    approve_policy_change(change=request, user=moderators[1])
    lone.refresh_from_db()
    assert public_victim(lone).attack == lone.attack
    change_policy(victim=lone, proposed={"name_policy": "initials"}, reason="y", user=moderators[0])
    lone.refresh_from_db()
    assert public_victim(lone).attack is None


def test_tightening_never_creates_a_redirect(client, victim, moderators):
    change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="Threats", user=moderators[0])
    assert not Redirect.objects.exists()


def test_a_scheduled_publication_refreshes_every_public_surface(client, victim):
    draft = VictimFactory(live=False, identity__given_name_latin="Scheduled", identity__family_name_latin="Person")
    revision = draft.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert revision.approved_go_live_at
    assert "victim-list__item" not in client.get("/en/victims/?q=Scheduled+Person").content.decode()
    call_command("publish_scheduled")
    draft.refresh_from_db()
    assert draft.live and draft.public_id
    found = client.get("/en/victims/", {"q": "Scheduled Person"}).content.decode()
    assert draft.public_id in found


@pytest.mark.parametrize(
    ("decision", "outcome"), [("approve", PolicyChange.Status.APPROVED), ("reject", PolicyChange.Status.REJECTED)]
)
def test_requests_and_decisions_send_no_mail(client, django_user_model, sealed_victim, decision, outcome):
    rights = ("change_victim", "view_victim", "publish_victim", "approve_policychange")
    first, second = (make_user(django_user_model, name, *rights) for name in ("amal", "basel"))
    login_with_second_factor(client, first)
    loosened = {**policy_of(sealed_victim), "name_policy": "full", "reason": "The family agreed"}
    client.post(f"/admin/privacy/policy/{sealed_victim.pk}/", loosened)
    change = PolicyChange.objects.get(victim=sealed_victim, status=PolicyChange.Status.PENDING)
    assert mail.outbox == []

    login_with_second_factor(client, second)
    client.post(f"/admin/privacy/policy/requests/{change.pk}/{decision}/", {"note": "Checked"})
    assert PolicyChange.objects.get(pk=change.pk).status == outcome
    assert mail.outbox == []
