"""The archive in the admin, for an editor without "reveal identity": sealed values appear nowhere."""

import re

from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.privacy.publication import victims_published
from tests.admin_support import assert_admin_sealed, listed_pks, login_with_second_factor, make_user
from tests.factories import SourceFactory, TownFactory, VictimFactory, named_victim

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return make_user(
        django_user_model, "editor", "add_victim", "change_victim", "publish_victim", "view_victim", "view_attack"
    )


def test_an_editor_without_reveal_never_sees_sealed_values(client, editor, sealed_victim):
    login_with_second_factor(client, editor)
    seen = assert_admin_sealed(client, sealed_victim)
    assert seen[f"/admin/snippets/archive/victim/edit/{sealed_victim.pk}/"] == 200
    assert seen["/admin/snippets/archive/victim/"] == 200
    assert client.get(f"/admin/privacy/identity/{sealed_victim.pk}/").status_code in {302, 403}


def test_a_superuser_sees_no_sealed_value_without_the_reveal_screen(admin_client, sealed_victim):
    statuses = assert_admin_sealed(admin_client, sealed_victim)
    # A published record is not deleted: its delete screen sends the moderator back to the listing.
    refused = f"/admin/snippets/archive/victim/delete/{sealed_victim.pk}/"
    assert {path: status for path, status in statuses.items() if status != 200} == {refused: 302}


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


@pytest.fixture
def arabic_admin(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    return admin_client


def column_headers(client, model):
    page = BeautifulSoup(client.get(f"/admin/snippets/archive/{model}/").content, "html.parser")
    return [header.get_text(" ", strip=True) for header in page.select("thead th") if header.get_text(strip=True)]


def test_arabic_listings_label_every_column(arabic_admin, sealed_victim):
    SourceFactory()
    headers = {model: column_headers(arabic_admin, model) for model in ("victim", "attack", "place", "source")}
    assert all(headers.values())
    assert "آخر تعديل" in headers["victim"]
    assert "العنوان" in headers["attack"]
    # Latin words, that is: "(k)" names the parameter.
    for model, labels in headers.items():
        assert not [label for label in labels if re.search("[A-Za-z]{2,}", label)], model


def test_fields_in_one_script_are_typed_in_its_direction(admin_client, sealed_victim):
    directions = {}
    for path, fields in (
        (f"/admin/snippets/archive/victim/edit/{sealed_victim.pk}/", ("biography_ar", "biography_en", "pseudonym_ar", "pseudonym_latin")),
        ("/admin/snippets/archive/attack/add/", ("title_ar", "title_en")),
        ("/admin/snippets/archive/place/add/", ("name_ar", "name_en")),
    ):  # fmt: skip
        page = BeautifulSoup(admin_client.get(path).content, "html.parser")
        directions |= {field: page.select_one(f'[name="{field}"]').get("dir") for field in fields}
    assert directions == {
        "biography_ar": "rtl",
        "biography_en": "ltr",
        "pseudonym_ar": "rtl",
        "pseudonym_latin": "ltr",
        "title_ar": "rtl",
        "title_en": "ltr",
        "name_ar": "rtl",
        "name_en": "ltr",
    }


def test_a_new_attack_can_be_previewed_before_its_first_save(admin_client):
    empty_formsets = {
        f"{prefix}-{field}": value
        for prefix in ("figures", "findings")
        for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
    }
    form = {
        "key": "douma-2018",
        "title_ar": "دوما، 7 نيسان 2018",
        "title_en": "Douma, 7 April 2018",
        "date": "2018-04-07",
        "places": [TownFactory().pk],
        "agent": "chlorine",
        "delivery": "helicopter",
        "delivery_description": "two cylinders dropped from a helicopter",
        **empty_formsets,
    }
    assert admin_client.post("/admin/snippets/archive/attack/preview/", form).json()["is_valid"]
    preview = BeautifulSoup(admin_client.get("/admin/snippets/archive/attack/preview/").content, "html.parser")
    assert preview.h1.get_text(strip=True) == "دوما، 7 نيسان 2018"
    assert preview.select_one(".facts bdi").get_text() == "two cylinders dropped from a helicopter"


@pytest.fixture
def spelled():
    """Names stored as families and partners write them, which is seldom as a moderator types them."""
    records = {
        "yusuf": named_victim("يوسف ابراهيم النجار", "Youssef Ibrahim al-Najjar"),
        "ahmad": named_victim("أحمد خالد", "Ahmed Khaled"),
        # A draft: a moderator looks for it before it is published.
        "draft": named_victim("فاطمة إبراهيم", "Fatma Ibrahim", live=False),
        # Withheld: its sealed names are the canaries and must find nothing, published or not.
        "withheld": named_victim("كنارياأول يوسف", "Canarygiven Yusuf", name_policy="withheld"),
        "withheld_draft": named_victim("كنارياأول", "Canarygiven", name_policy="withheld", live=False),
    }
    victims_published([records["yusuf"], records["ahmad"], records["withheld"]])
    return {name: record.pk for name, record in records.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("إبراهيم", {"yusuf", "draft"}),
        ("ابراهيم", {"yusuf", "draft"}),
        ("أحمد", {"ahmad"}),
        ("احمد", {"ahmad"}),
        ("يوسف إبراهيم النجار", {"yusuf"}),
        ("يُوسُف", {"yusuf"}),
        ("Yusuf", {"yusuf"}),
        ("Ahmad Khalid", {"ahmad"}),
        ("Fatima", {"draft"}),
        ("فاطمه", {"draft"}),
    ],
)
def test_admin_search_matches_names_as_the_public_search_does(admin_client, spelled, query, expected):
    assert listed_pks(admin_client, query) == {spelled[name] for name in expected}


@pytest.mark.parametrize("query", ["كنارياأول", "Canarygiven", "Canarygiven Yusuf"])
def test_admin_search_never_finds_a_withheld_name(admin_client, spelled, query):
    assert listed_pks(admin_client, query) == set()


def test_admin_search_leaves_drafts_out_of_the_public_search(client, spelled):
    assert client.get("/en/victims/", {"q": "Fatima"}).content.decode().count("victim-list__item") == 0


def rows(client, path="/admin/snippets/archive/victim/"):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return {
        int(re.search(r"/edit/(\d+)/", row.select_one("a[href*='/edit/']")["href"]).group(1)): row
        for row in page.select("tbody tr")
    }


def test_the_listing_marks_samples_and_keeps_withdrawal_off_the_row(admin_client):
    sample, real = VictimFactory(is_sample=True), VictimFactory(is_sample=False)
    listed = rows(admin_client)
    cells = {pk: [cell.get_text(" ", strip=True) for cell in row.select("td")] for pk, row in listed.items()}
    # The admin speaks Arabic unless a user chooses otherwise: "Sample" is تجريبي.
    assert "تجريبي" in cells[sample.pk] and "—" in cells[real.pk] and "تجريبي" not in cells[real.pk]
    assert not [text for texts in cells.values() for text in texts if text in {"True", "False"}]
    row = listed[sample.pk]
    # The privacy screens are in the row's menu, not buttons of their own; withdrawal is not in the row at all.
    menu = row.select_one("[data-controller~='w-dropdown']")
    assert menu.select_one(f"a[href='/admin/privacy/policy/{sample.pk}/']")
    assert menu.select_one(f"a[href='/admin/privacy/identity/{sample.pk}/']")
    assert not row.select(f"a[href='/admin/privacy/withdraw/{sample.pk}/']")


def test_withdrawal_is_among_the_records_own_actions(admin_client, editor):
    record = VictimFactory()
    page = BeautifulSoup(admin_client.get(f"/admin/snippets/archive/victim/edit/{record.pk}/").content, "html.parser")
    header_menu = page.select_one("header [data-controller~='w-dropdown']")
    assert header_menu.select_one(f"a[href='/admin/privacy/withdraw/{record.pk}/']")
    assert header_menu.select_one(f"a[href='/admin/snippets/archive/victim/delete/{record.pk}/']")


def test_withdrawal_is_not_offered_twice_or_without_the_permission(client, admin_client, django_user_model):
    withdrawn = VictimFactory(live=False)
    Victim.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    assert (
        f"/admin/privacy/withdraw/{withdrawn.pk}/"
        not in admin_client.get(f"/admin/snippets/archive/victim/edit/{withdrawn.pk}/").content.decode()
    )
    record = VictimFactory()
    login_with_second_factor(client, make_user(django_user_model, "writer", "change_victim", "view_victim"))
    body = client.get(f"/admin/snippets/archive/victim/edit/{record.pk}/").content.decode()
    assert f"/admin/privacy/withdraw/{record.pk}/" not in body
