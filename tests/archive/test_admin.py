"""The archive in the admin, for an editor without "reveal identity": sealed values appear nowhere."""

import pytest

from memorial.archive.services import victims_published
from tests.admin_support import admin_paths, assert_sealed, login_with_second_factor, make_user
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return make_user(
        django_user_model, "editor", "add_victim", "change_victim", "publish_victim", "view_victim", "view_attack"
    )


def test_an_editor_without_reveal_never_sees_sealed_values(client, editor, sealed_victim):
    login_with_second_factor(client, editor)
    seen = {}
    for path in admin_paths(sealed_victim):
        response = client.get(path)
        seen[path] = response.status_code
        assert_sealed(response, path)
    assert seen[f"/admin/snippets/archive/victim/edit/{sealed_victim.pk}/"] == 200
    assert seen["/admin/snippets/archive/victim/"] == 200
    assert client.get(f"/admin/privacy/identity/{sealed_victim.pk}/").status_code in {302, 403}


def test_a_superuser_sees_no_sealed_value_without_the_reveal_screen(admin_client, sealed_victim):
    for path in admin_paths(sealed_victim):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_sealed(response, path)


def test_listings_show_public_labels_and_filters_work(admin_client, sealed_victim):
    response = admin_client.get("/admin/snippets/archive/victim/?sex=female&live=true")
    assert response.status_code == 200
    assert sealed_victim.public_id in response.content.decode()
    response = admin_client.get("/admin/snippets/archive/victim/?sex=male")
    assert sealed_victim.public_id not in response.content.decode()


def test_admin_search_finds_public_ids_and_public_names(admin_client):
    named = VictimFactory(identity__given_name_latin="Publicname")
    victims_published([named])
    named.refresh_from_db()
    body = admin_client.get("/admin/snippets/archive/victim/", {"q": "publicname"}).content.decode()
    assert named.public_id in body
    assert (
        named.public_id in admin_client.get("/admin/snippets/archive/victim/", {"q": named.public_id}).content.decode()
    )


@pytest.mark.parametrize("model", ["victim", "attack", "place", "source"])
def test_every_archive_listing_opens(admin_client, sealed_victim, model):
    assert admin_client.get(f"/admin/snippets/archive/{model}/").status_code == 200
    assert admin_client.get(f"/admin/snippets/archive/{model}/add/").status_code == 200


def test_the_edit_form_has_no_policy_or_sealed_fields(admin_client, sealed_victim):
    body = admin_client.get(f"/admin/snippets/archive/victim/edit/{sealed_victim.pk}/").content.decode()
    for field in ("name_policy", "photo_policy", "given_name_ar", "home_village", "guard_level"):
        assert f'name="{field}"' not in body


def test_drafts_keep_the_live_record_as_it_was(admin_client, sealed_victim, client):
    assert "Edited biography." in client.get(f"/en/victims/{sealed_victim.public_id}/").content.decode()
