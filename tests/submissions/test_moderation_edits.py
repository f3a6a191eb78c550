"""A moderator edits a new record's names, date of death, attack and place before approval: the names stay sealed
(in the edits too) and are read and changed only after an audited reveal; the preview, the possible duplicates and
the approval all use the edited record; the audit log names the fields, never their values; a bad value is
refused with a clear message and keeps what the moderator typed."""

import datetime
import json

from django.db import connection

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup
from cryptography.fernet import Fernet

from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.sealing import SealingUnavailable, is_unreadable
from memorial.submissions import moderation, records
from memorial.submissions.admin_views import REVEALED
from memorial.submissions.models import Submission
from tests.factories import AttackFactory, GovernorateFactory, TownFactory, named_victim
from tests.submissions.moderation_support import detail_url, make_moderator, moderator_client

pytestmark = pytest.mark.django_db

NAMES = {
    "given_name_ar": "سلمى",
    "father_name_ar": "خالد",
    "family_name_ar": "العمر",
    "given_name_latin": "Salma",
    "father_name_latin": "Khaled",
    "family_name_latin": "al-Omar",
}


@pytest.fixture
def revealer(django_user_model):
    return make_moderator(django_user_model, "revealer", ("submissions", "reveal_submission"))


@pytest.fixture
def revealer_web(revealer):
    return moderator_client(revealer)


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def edit_form(page):
    return page.find("form", attrs={"aria-labelledby": "edit-title"})


def form_values(form):
    """What a browser would send from the edit form as it is shown."""
    values = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    for area in form.find_all("textarea"):
        values[area["name"]] = area.text.strip()
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True)
        values[select["name"]] = chosen.get("value", "") if chosen else ""
    values["action"] = "edit"
    return values


def revealed_edit_form(web, submission):
    page = page_of(web.post(detail_url(submission), {"action": "reveal", "reason": "Correct the family's spelling"}))
    return form_values(edit_form(page))


def raw_edits(submission):
    with connection.cursor() as cursor:
        cursor.execute("SELECT edits FROM submissions_submission WHERE id = %s", [submission.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def public_column(web, submission):
    page = page_of(web.get(detail_url(submission)))
    return page.select_one("[aria-labelledby=public-title] .moderation-public-record").get_text(" ", strip=True)


def test_names_are_in_the_edit_form_only_after_a_reveal(revealer_web, new_record):
    submission = new_record("ليلى-CANARY حسن-CANARY", "Layla-CANARY Hasan-CANARY")
    form = edit_form(page_of(revealer_web.get(detail_url(submission))))
    assert form.find("input", attrs={"name": "given_name_ar"}) is None
    assert "CANARY" not in str(form)
    values = revealed_edit_form(revealer_web, submission)
    assert values["given_name_ar"] == "ليلى-CANARY" and values["family_name_latin"] == "Hasan-CANARY"
    assert values["edit_names"] == "1"
    assert ModelLogEntry.objects.for_instance(submission).filter(action=REVEALED).count() == 1


def test_edited_names_attack_date_and_place_are_kept_with_the_names_sealed(revealer_web, revealer, new_record):
    attack = AttackFactory(key="edited-attack")
    town = TownFactory(name_en="Edited Town")
    submission = new_record("ليلى حسن", "Layla Hasan", content={"sex": "female", "biography": "She sang."})
    values = revealed_edit_form(revealer_web, submission)
    values |= NAMES | {
        "attack": attack.key,
        "place": str(town.pk),
        "death_day": "4",
        "death_month": "4",
        "death_year": "2017",
    }
    assert revealer_web.post(detail_url(submission), values).status_code == 302

    raw = raw_edits(submission)
    assert "sealed:" in raw
    for value in (*NAMES.values(), "Layla", "Hasan"):
        assert value not in raw
    submission.refresh_from_db()
    assert submission.edits["names"] == NAMES
    assert submission.content["sex"] == "female" and submission.identity.given_name_latin == "Layla"  # as sent
    assert submission.attack == attack  # the queue filters on the edited attack
    edited = records.edited_content(submission)
    assert (edited["attack"], edited["place"], edited["date_of_death"]) == (attack.key, town.pk, "2017-04-04")

    [entry] = ModelLogEntry.objects.for_instance(submission).filter(action=moderation.EDITED)
    assert entry.user == revealer
    assert entry.data == {
        "fields": sorted(["attack", "date_of_death", "date_precision", "place", *NAMES]),
    }
    logged = json.dumps(entry.data, ensure_ascii=False)
    for value in (*NAMES.values(), attack.key, "2017"):
        assert value not in logged


def test_a_moderator_who_may_not_reveal_cannot_read_or_change_the_names(moderator_web, new_record):
    submission = new_record("ليلى-CANARY حسن-CANARY", "Layla-CANARY Hasan-CANARY")
    page = page_of(moderator_web.get(detail_url(submission)))
    form = edit_form(page)
    assert form.find("input", attrs={"name": "given_name_ar"}) is None
    assert "only a moderator who may reveal sealed values can correct them" in form.get_text()
    forged = form_values(form) | {"edit_names": "1", **NAMES}
    assert moderator_web.post(detail_url(submission), forged).status_code == 302
    submission.refresh_from_db()
    assert "names" not in submission.edits
    assert records.edited_names(submission)["given_name_latin"] == "Layla-CANARY"


def test_names_edited_earlier_are_kept_by_an_edit_without_them(revealer_web, moderator_web, new_record):
    submission = new_record("ليلى حسن", "Layla Hasan")
    revealer_web.post(detail_url(submission), revealed_edit_form(revealer_web, submission) | NAMES)
    values = form_values(edit_form(page_of(moderator_web.get(detail_url(submission))))) | {"biography": "New words."}
    moderator_web.post(detail_url(submission), values)
    submission.refresh_from_db()
    assert submission.edits["names"] == NAMES and submission.edits["biography"] == "New words."


def test_the_preview_and_the_duplicates_follow_the_edited_record(revealer_web, new_record):
    attack = AttackFactory(key="duplicate-attack")
    named_victim("سلمى خالد العمر", "Salma Khaled al-Omar", attack=attack)
    submission = new_record("ليلى حسن", "Layla Hasan")
    before = page_of(revealer_web.get(detail_url(submission)))
    assert before.find(id="duplicates-title") is None
    assert "L. H." in public_column(revealer_web, submission)  # the defaults show initials

    revealer_web.post(
        detail_url(submission), revealed_edit_form(revealer_web, submission) | NAMES | {"attack": attack.key}
    )
    after = page_of(revealer_web.get(detail_url(submission)))
    duplicates = after.find(id="duplicates-title").find_parent("section").get_text(" ", strip=True)
    assert "same name" in duplicates and "same attack" in duplicates
    shown = public_column(revealer_web, submission)
    assert "S. O." in shown and "L. H." not in shown
    assert attack.title_en in shown or attack.title_ar in shown


def test_the_approval_makes_the_edited_record(revealer_web, new_record):
    attack = AttackFactory(key="approved-attack", date=datetime.date(2013, 8, 21))
    governorate = GovernorateFactory()
    submission = new_record("ليلى حسن", "Layla Hasan", content={"governorate": governorate.pk})
    values = revealed_edit_form(revealer_web, submission) | NAMES | {"attack": attack.key, "death_year": "2013"}
    revealer_web.post(detail_url(submission), values)
    revealer_web.post(detail_url(submission), {"action": "approve", "note": ""})
    submission.refresh_from_db()
    record = submission.victim
    assert submission.status == Submission.Status.APPROVED
    assert record.attack == attack
    # No place chosen: the attack's place, not the governorate the family chose.
    assert record.place == attack.places.first()
    assert (record.date_of_death, record.date_precision) == (datetime.date(2013, 1, 1), "year")
    identity = VictimIdentity.objects.get(victim=record)
    assert {name: getattr(identity, name) for name in NAMES} == NAMES


def test_an_empty_date_and_place_fall_back_to_the_attacks(moderator_web, new_record):
    attack = AttackFactory(key="fallback-attack", date=datetime.date(2018, 4, 7))
    submission = new_record("", "Layla Hasan", content={"date_of_death": "2018-04-01", "date_precision": "day"})
    values = form_values(edit_form(page_of(moderator_web.get(detail_url(submission)))))
    assert (values["death_day"], values["death_month"], values["death_year"]) == ("1", "4", "2018")
    values |= {"attack": attack.key, "death_day": "", "death_month": "", "death_year": "", "place": ""}
    moderator_web.post(detail_url(submission), values)
    submission.refresh_from_db()
    record = records.unsaved_record(submission)
    assert (record.date_of_death, record.place) == (attack.date, attack.places.first())


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"death_day": "30", "death_month": "2", "death_year": "2017"}, "لا يوجد هذا اليوم في هذا الشهر."),
        ({"death_year": "2999"}, "هذا التاريخ في المستقبل."),
        ({"place": "999999"}, "هذا المكان ليس في قائمة أماكن الأرشيف. اختر مكانًا من القائمة."),
        ({"attack": "no-such-attack"}, "هذا الهجوم ليس في الأرشيف. اختر هجومًا من القائمة، أو لا شيء."),
    ],
)
def test_a_bad_value_is_refused_in_arabic_and_keeps_what_was_typed(django_user_model, new_record, bad, message):
    web = moderator_client(
        make_moderator(django_user_model, "arabic-revealer", ("submissions", "reveal_submission"), language="ar")
    )
    submission = new_record("ليلى حسن", "Layla Hasan")
    typed = revealed_edit_form(web, submission) | NAMES | {"biography": "TYPED-BIOGRAPHY", "sex": "female"}
    response = web.post(detail_url(submission), typed | bad)
    assert response.status_code == 200
    page = page_of(response)
    form = edit_form(page)
    assert message in form.get_text()
    assert "لم يُحفظ شيء بعد" in page.get_text()
    kept = form_values(form)
    assert kept["biography"] == "TYPED-BIOGRAPHY" and kept["sex"] == "female"
    assert {name: kept[name] for name in NAMES} == NAMES
    assert Submission.objects.get(pk=submission.pk).edits == {}
    assert not ModelLogEntry.objects.for_instance(submission).filter(action=moderation.EDITED).exists()


def test_edited_names_that_cannot_be_unsealed_are_never_replaced_by_the_familys(settings, new_record):
    submission = new_record("ليلى حسن", "Layla Hasan")
    Submission.objects.filter(pk=submission.pk).update(edits={"names": NAMES})
    settings.MEMORIAL_SEALING_KEYS = Fernet.generate_key().decode()
    names = records.edited_names(Submission.objects.get(pk=submission.pk))
    assert all(is_unreadable(value) for value in names.values())
    with pytest.raises(SealingUnavailable):
        Submission.objects.filter(pk=submission.pk).update(edits={"names": names["given_name_ar"]})
