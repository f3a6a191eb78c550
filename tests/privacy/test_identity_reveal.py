"""The reveal screen: a permission, a reason, the audit log; values only on that screen (P4, M2)."""

from django.core import mail

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import VictimNameKey
from tests.admin_support import CANARIES, assert_admin_sealed, assert_sealed, login_with_second_factor, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def revealer(django_user_model):
    return make_user(django_user_model, "revealer", "change_victim", "view_victim", "publish_victim", "reveal_identity")


def reveals(record):
    return ModelLogEntry.objects.filter(object_id=str(record.pk), action="memorial.identity.reveal")


def test_without_a_reason_nothing_is_shown(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    url = f"/admin/privacy/identity/{sealed_victim.pk}/"
    assert_sealed(client.get(url), url)
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert_sealed(response, url)
    assert "اذكر السبب" in response.content.decode()  # "Give a reason", in the admin's default Arabic
    assert not reveals(sealed_victim).exists()


def test_a_reason_reveals_the_values_and_is_audited(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    response = client.post(f"/admin/privacy/identity/{sealed_victim.pk}/", {"reason": "Family asked to correct a name"})
    body = response.content.decode()
    for value in CANARIES.values():
        assert value in body
    assert "no-store" in response["Cache-Control"]
    (entry,) = reveals(sealed_victim)
    assert entry.user == revealer
    assert entry.data == {"reason": "Family asked to correct a name"}
    assert not any(value in str(entry.data) for value in CANARIES.values())


def test_the_reveal_is_in_the_history_without_values(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    client.post(f"/admin/privacy/identity/{sealed_victim.pk}/", {"reason": "Checking a duplicate"})
    history = client.get(f"/admin/snippets/archive/victim/history/{sealed_victim.pk}/").content.decode()
    assert "كُشفت الهوية المختومة" in history  # "Sealed identity revealed": the admin speaks Arabic by default
    assert "Checking a duplicate" in history
    assert_sealed(client.get(f"/admin/snippets/archive/victim/history/{sealed_victim.pk}/"), "")


def test_editing_names_through_the_screen(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    data = {
        **CANARIES,
        "given_name_latin": "Corrected",
        "birth_date": "",
        "reason": "Spelling fixed with the family",
        "save": "1",
    }
    response = client.post(f"/admin/privacy/identity/{sealed_victim.pk}/", data)
    assert response.status_code == 302
    sealed_victim.identity.refresh_from_db()
    assert sealed_victim.identity.given_name_latin == "Corrected"
    (entry,) = ModelLogEntry.objects.filter(object_id=str(sealed_victim.pk), action="memorial.identity.edit")
    assert "given_name_latin" in entry.data["fields"]
    assert "Corrected" not in str(entry.data)
    # Name withheld: the public keys stay empty whatever the identity says.
    assert not VictimNameKey.objects.filter(victim=sealed_victim).exists()


def test_without_the_permission_the_screen_is_closed(client, django_user_model, sealed_victim):
    editor = make_user(django_user_model, "plain", "change_victim", "view_victim")
    login_with_second_factor(client, editor)
    url = f"/admin/privacy/identity/{sealed_victim.pk}/"
    assert client.get(url).status_code in {302, 403}
    response = client.post(url, {"reason": "curious"})
    assert response.status_code in {302, 403}
    assert_sealed(response, url)
    assert not reveals(sealed_victim).exists()


def test_buttons_to_the_screens_follow_permissions(client, django_user_model, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    listing = BeautifulSoup(client.get("/admin/snippets/archive/victim/").content, "html.parser")
    links = {link["href"] for link in listing.select("a[href]")}
    assert f"/admin/privacy/identity/{sealed_victim.pk}/" in links
    editor = make_user(django_user_model, "plain", "change_victim", "view_victim")
    login_with_second_factor(client, editor)
    listing = BeautifulSoup(client.get("/admin/snippets/archive/victim/").content, "html.parser")
    links = {link["href"] for link in listing.select("a[href]")}
    assert f"/admin/privacy/identity/{sealed_victim.pk}/" not in links
    assert f"/admin/privacy/policy/{sealed_victim.pk}/" in links


def test_a_missing_key_breaks_only_the_reveal_screen(client, revealer, sealed_victim, settings):
    settings.MEMORIAL_SEALING_KEYS = ""
    login_with_second_factor(client, revealer)
    response = client.post(f"/admin/privacy/identity/{sealed_victim.pk}/", {"reason": "check"})
    assert response.status_code == 200
    assert "مفتاح التشفير مفقود أو خاطئ" in response.content.decode()  # "the encryption key is missing or wrong"
    assert client.get(f"/en/victims/{sealed_victim.public_id}/").status_code == 200
    assert client.get("/admin/snippets/archive/victim/").status_code == 200
    assert not reveals(sealed_victim).exists()


def test_every_admin_route_for_the_revealer_outside_the_screen_stays_sealed(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    assert_admin_sealed(client, sealed_victim)


def test_revealing_and_editing_send_no_mail(client, revealer, sealed_victim):
    login_with_second_factor(client, revealer)
    url = f"/admin/privacy/identity/{sealed_victim.pk}/"
    assert CANARIES["family_details"] in client.post(url, {"reason": "Checking a duplicate"}).content.decode()
    edit = {**CANARIES, "given_name_latin": "Corrected", "birth_date": "", "reason": "Spelling", "save": "1"}
    assert client.post(url, edit).status_code == 302
    assert mail.outbox == []
