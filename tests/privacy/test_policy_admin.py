"""The publication-policy screen: a reason, immediate tightening, a second moderator for loosening."""

from django.utils import translation

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.privacy import guard
from memorial.privacy.guard import LEVEL_DESCRIPTIONS
from memorial.privacy.models import PolicyChange
from memorial.privacy.publication import victims_published
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import OPEN_POLICY, VictimFactory

pytestmark = pytest.mark.django_db

POLICY = {**OPEN_POLICY, "name_policy": "initials"}


@pytest.fixture
def moderators(django_user_model):
    permissions = ("change_victim", "view_victim", "publish_victim", "approve_policychange")
    return [make_user(django_user_model, name, *permissions) for name in ("mona", "sami")]


@pytest.fixture
def victim():
    record = VictimFactory(identity__given_name_latin="Lina", identity__family_name_latin="Saleh", **POLICY)
    others = [VictimFactory(attack=record.attack, **POLICY) for _ in range(4)]
    victims_published([record, *others])
    record.refresh_from_db()
    return record


def test_the_screen_shows_the_guard_and_the_current_policy(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    page = BeautifulSoup(client.get(f"/admin/privacy/policy/{victim.pk}/").content, "html.parser")
    assert page.select_one('select[name="name_policy"] option[selected]')["value"] == "initials"
    with translation.override("ar"):
        assert str(LEVEL_DESCRIPTIONS[victim.guard_level]) in page.get_text()


def test_a_coarsened_record_says_what_the_guard_did_and_why(client, moderators):
    lone = VictimFactory(identity__given_name_latin="Huda", **POLICY)
    victims_published([lone])
    lone.refresh_from_db()
    assert lone.guard_level != guard.NONE
    login_with_second_factor(client, moderators[0])
    with translation.override("ar"):
        what = str(LEVEL_DESCRIPTIONS[lone.guard_level])
    screen = BeautifulSoup(client.get(f"/admin/privacy/policy/{lone.pk}/").content, "html.parser").get_text()
    assert what in screen
    assert "قليل جداً" in screen  # why: too few published records share its public details
    listing = BeautifulSoup(client.get("/admin/snippets/archive/victim/").content, "html.parser")
    row = next(row for row in listing.select("tbody tr") if lone.public_id in row.get_text())
    assert what in row.get_text()


def test_a_change_without_reason_is_refused_and_nothing_changes(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    response = client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "withheld", "reason": ""})
    assert response.status_code == 200
    assert "اذكر السبب" in response.content.decode()  # "Give a reason", in the admin's default Arabic
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"


def test_tightening_from_the_screen_is_immediate(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    assert "L. S." in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    response = client.post(
        f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "withheld", "reason": "Threats"}
    )
    assert response.status_code == 302
    assert "L. S." not in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    history = client.get(f"/admin/snippets/archive/victim/history/{victim.pk}/").content.decode()
    assert "Threats" in history


def test_loosening_needs_the_other_moderator(client, moderators, victim):
    first, second = moderators
    login_with_second_factor(client, first)
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "Consent given"})
    change = PolicyChange.objects.get(status=PolicyChange.Status.PENDING)
    page = BeautifulSoup(client.get(f"/admin/privacy/policy/{victim.pk}/").content, "html.parser")
    assert not page.select(f'form[action="/admin/privacy/policy/requests/{change.pk}/approve/"]')
    client.post(f"/admin/privacy/policy/requests/{change.pk}/approve/")
    assert Victim.objects.get(pk=victim.pk).name_policy == "initials"

    login_with_second_factor(client, second)
    assert "Consent given" in client.get("/admin/privacy/policy/requests/").content.decode()
    client.post(f"/admin/privacy/policy/requests/{change.pk}/approve/", {"note": "Signed consent seen"})
    assert Victim.objects.get(pk=victim.pk).name_policy == "full"
    assert "Lina Khaled Saleh" in client.get(f"/en/victims/{victim.public_id}/").content.decode()


def test_editors_without_approval_rights_cannot_decide(client, django_user_model, moderators, victim):
    login_with_second_factor(client, moderators[0])
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "x"})
    change = PolicyChange.objects.get()
    editor = make_user(django_user_model, "editor", "change_victim", "view_victim")
    login_with_second_factor(client, editor)
    assert client.post(f"/admin/privacy/policy/requests/{change.pk}/approve/").status_code in {302, 403}
    assert PolicyChange.objects.get().status == PolicyChange.Status.PENDING


def decide_with_next(client, moderators, victim, next_url):
    """The first moderator asks to loosen, the second rejects it, asking to be sent to `next_url`."""
    first, second = moderators
    login_with_second_factor(client, first)
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "Consent given"})
    change = PolicyChange.objects.get(status=PolicyChange.Status.PENDING)
    login_with_second_factor(client, second)
    response = client.post(f"/admin/privacy/policy/requests/{change.pk}/reject/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"])
def test_a_decision_never_leads_off_site(client, moderators, victim, next_url):
    assert decide_with_next(client, moderators, victim, next_url) == f"/admin/privacy/policy/{victim.pk}/"


def test_a_decision_returns_to_a_page_of_this_site(client, moderators, victim):
    assert decide_with_next(client, moderators, victim, "/admin/privacy/policy/requests/") == (
        "/admin/privacy/policy/requests/"
    )


@pytest.mark.parametrize(
    ("language", "label", "before", "after"),
    [("en", "Name", "Initials", "Full name"), ("ar", "الاسم", "الأحرف الأولى", "الاسم الكامل")],
)
def test_a_waiting_change_reads_in_words_not_codes(client, moderators, victim, language, label, before, after):
    first, second = moderators
    login_with_second_factor(client, first)
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "Consent given"})
    profile = UserProfile.get_for_user(second)
    profile.preferred_language = language
    profile.save()
    login_with_second_factor(client, second)
    for path in (f"/admin/privacy/policy/{victim.pk}/", "/admin/privacy/policy/requests/"):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        assert page.html["lang"] == language
        [item] = page.select(".policy-differences li")
        # Words in the admin's language, not an arrow that reads backwards right to left; the new value stands out.
        text = item.get_text()
        assert "→" not in text, path
        assert text.startswith(f"{label}: ") and before in text.removesuffix(after), path
        assert text.endswith(after) and item.strong.get_text() == after, path


def test_only_approve_and_reject_are_decisions(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "Consent"})
    change = PolicyChange.objects.get()
    login_with_second_factor(client, moderators[1])
    assert client.post(f"/admin/privacy/policy/requests/{change.pk}/maybe/", follow=True).status_code == 404
    assert PolicyChange.objects.get().status == PolicyChange.Status.PENDING


def test_reasons_and_names_are_isolated_from_the_arabic_around_them(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "full", "reason": "Consent, signed"})
    client.post(f"/admin/privacy/policy/{victim.pk}/", {**POLICY, "name_policy": "withheld", "reason": "Threats"})
    page = BeautifulSoup(client.get(f"/admin/privacy/policy/{victim.pk}/").content, "html.parser")
    isolated = [element.get_text() for element in page.select("main bdi")]
    assert "Consent, signed" in isolated and "Threats" in isolated and moderators[0].get_username() in isolated


def help_under(page, field):
    return page.select_one(f'[name="{field}"]').find_parent(class_="w-field__wrapper").get_text(" ", strip=True)


def test_the_date_and_place_policies_say_what_the_public_attack_already_states(client, moderators, victim):
    login_with_second_factor(client, moderators[0])
    page = BeautifulSoup(client.get(f"/admin/privacy/policy/{victim.pk}/").content, "html.parser")
    with translation.override("ar"):
        title = victim.attack.title
    # The record died on the attack's day in its town: both are public whatever the policies say.
    assert f"الهجوم {title} منشور ويذكر تاريخ وفاة صاحب هذا السجل" in help_under(page, "date_policy")
    assert f"الهجوم {title} منشور ويذكر مكان هذا السجل حتى {victim.place.name_ar}" in help_under(page, "place_policy")

    Victim.objects.filter(pk=victim.pk).update(date_of_death=victim.attack.date.replace(day=5), place=None)
    page = BeautifulSoup(client.get(f"/admin/privacy/policy/{victim.pk}/").content, "html.parser")
    assert "لا يذكر تاريخ وفاة صاحب هذا السجل: فتنطبق عليه سياسة التاريخ" in help_under(page, "date_policy")
    assert "لا يسمّي مكان هذا السجل: فتنطبق عليه سياسة المكان" in help_under(page, "place_policy")


def test_the_defaults_say_that_a_public_attack_date_and_town_are_public(client, django_user_model):
    user = make_user(django_user_model, "nadia", "change_publicationdefaults")
    login_with_second_factor(client, user)
    page = BeautifulSoup(client.get("/admin/privacy/defaults/").content, "html.parser")
    assert "تاريخ الهجوم المنشور حقيقة علنية" in help_under(page, "date_policy")
    assert "بلدة الهجوم المنشور حقيقة علنية" in help_under(page, "place_policy")
