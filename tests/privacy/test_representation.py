"""The public representation applies every value of every policy, and nothing else builds one."""

import datetime

from django.utils import translation

import pytest

from memorial.privacy import guard
from memorial.privacy.publication import victims_published
from memorial.privacy.representation import age_group_of, public_victim
from tests.factories import DistrictFactory, SourceFactory, TownFactory, VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    district = DistrictFactory(name_en="Idlib District")
    town = TownFactory(name_en="Saraqib", name_ar="سراقب", parent=district)
    # The attack struck a neighbouring town the day before: it says neither this record's day nor its town, so
    # every policy applies in full (what an attack does say is tested apart).
    record = VictimFactory(
        attack__places=[TownFactory(name_en="Sarmin", parent=district)],
        attack__date=datetime.date(2018, 2, 3),
        place=town,
        date_of_death=datetime.date(2018, 2, 4),
        age=34,
        identity__given_name_ar="عبد الله",
        identity__father_name_ar="خالد",
        identity__family_name_ar="الحسن",
        identity__given_name_latin="Abd al-Rahman",
        identity__father_name_latin="Khaled",
        identity__family_name_latin="al-Hassan",
        pseudonym_ar="أبو النور",
        pseudonym_latin="Abu al-Nour",
    )
    record.sources.add(SourceFactory())
    return record


@pytest.mark.parametrize(
    ("policy", "arabic", "latin", "in_full"),
    [
        ("full", "عبد الله خالد الحسن", "Abd al-Rahman Khaled al-Hassan", True),
        ("first_name", "عبد الله", "Abd al-Rahman", False),
        ("initials", "ع. ح.", "A. H.", False),
        ("pseudonym", "أبو النور", "Abu al-Nour", False),
        ("withheld", "", "", False),
    ],
)
def test_name_policy(victim, policy, arabic, latin, in_full):
    victim.name_policy = policy
    shown = public_victim(victim)
    assert (shown.name_ar, shown.name_latin, shown.name_shown_in_full) == (arabic, latin, in_full)


def test_withheld_name_label_names_nobody(victim):
    victim.name_policy = "withheld"
    victim.public_id = "abc"
    with translation.override("en"):
        label = public_victim(victim).label
    assert "الحسن" not in label and "Hassan" not in label
    assert label == "abc · Name withheld"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("town", "Saraqib"), ("district", "Idlib District"), ("country", None)],
)
def test_place_policy(victim, policy, expected):
    victim.place_policy = policy
    place = public_victim(victim).place
    assert (place.name_en if place else None) == expected


def test_place_policy_governorate(victim):
    victim.place_policy = "governorate"
    assert public_victim(victim).place == victim.place.parent.parent


def test_place_never_more_precise_than_the_record(victim):
    victim.place = victim.place.parent.parent
    victim.place_policy = "town"
    assert public_victim(victim).place == victim.place


@pytest.mark.parametrize(
    ("policy", "date", "precision"),
    [
        ("exact", datetime.date(2018, 2, 4), "day"),
        ("month", datetime.date(2018, 2, 1), "month"),
        ("year", datetime.date(2018, 1, 1), "year"),
    ],
)
def test_date_policy_truncates_the_date_itself(victim, policy, date, precision):
    victim.date_policy = policy
    shown = public_victim(victim)
    assert (shown.date, shown.date_precision) == (date, precision)


def test_date_never_more_precise_than_the_record(victim):
    victim.date_precision = "month"
    victim.date_policy = "exact"
    shown = public_victim(victim)
    assert (shown.date, shown.date_precision) == (datetime.date(2018, 2, 1), "month")


@pytest.mark.parametrize(
    ("policy", "age", "group"),
    [("exact", 34, "30-44"), ("group", None, "30-44"), ("withheld", None, None)],
)
def test_age_policy(victim, policy, age, group):
    victim.age_policy = policy
    shown = public_victim(victim)
    assert (shown.age, shown.age_group) == (age, group)


def test_age_group_alone_when_the_exact_age_is_unknown(victim):
    victim.age = None
    victim.age_group = "5-11"
    shown = public_victim(victim)
    assert (shown.age, shown.age_group, shown.is_child) == (None, "5-11", True)


@pytest.mark.parametrize(
    ("age", "group"),
    [(0, "0-4"), (4, "0-4"), (5, "5-11"), (17, "12-17"), (18, "18-29"), (59, "45-59"), (60, "60+"), (101, "60+")],
)
def test_age_groups(age, group):
    assert age_group_of(age) == group


@pytest.mark.parametrize(("policy", "shown"), [("show", True), ("hide", False)])
def test_biography_policy(victim, policy, shown):
    victim.biography_policy = policy
    result = public_victim(victim)
    assert bool(result.biography_ar) is shown and bool(result.biography_en) is shown


@pytest.mark.parametrize(("policy", "count"), [("show", 1), ("hide", 0)])
def test_sources_policy(victim, policy, count):
    victim.sources_policy = policy
    assert len(public_victim(victim).sources) == count


@pytest.mark.parametrize("policy", ["show", "blurred", "none"])
def test_photo_policy_without_a_photo_is_none(victim, policy):
    victim.photo_policy = policy
    shown = public_victim(victim)
    assert (shown.photo, shown.photo_mode) == (None, "none")


@pytest.mark.parametrize("policy", ["show", "blurred"])
def test_photo_policy_with_a_photo(victim, policy):
    from wagtail.images.tests.utils import get_test_image_file

    from memorial.privacy.models import MemorialImage

    victim.photo = MemorialImage(title="sample", file=get_test_image_file(), pk=1)
    victim.photo_id = 1
    victim.photo_policy = policy
    shown = public_victim(victim)
    assert shown.photo_mode == policy
    assert shown.photo is victim.photo


def test_photo_policy_none_hides_an_existing_photo(victim):
    victim.photo_id = 1
    victim.photo_policy = "none"
    assert public_victim(victim).photo is None


def test_sample_flag_and_documentation_status_pass_through(victim):
    shown = public_victim(victim)
    assert shown.is_sample is True
    assert shown.documentation_status == "reported"


def test_sealed_details_never_reach_the_representation(victim):
    victim.name_policy = "full"
    shown = public_victim(victim)
    values = " ".join(str(value) for value in vars(shown).values())
    assert "1983" not in values
    assert "Sample Village" not in values


def test_guard_levels_coarsen_on_top_of_the_policy(victim):
    victim.name_policy = "initials"
    victim.guard_level = guard.MONTH_AND_DISTRICT
    shown = public_victim(victim)
    assert shown.place.name_en == "Idlib District"
    assert shown.date_precision == "month"
    assert (shown.age, shown.age_group) == (None, "30-44")

    victim.guard_level = guard.YEAR_AND_GOVERNORATE
    shown = public_victim(victim)
    assert shown.place == victim.place.parent.parent
    assert (shown.date, shown.age_group) == (datetime.date(2018, 1, 1), None)
    assert shown.attack == victim.attack

    victim.guard_level = guard.ATTACK_HIDDEN
    shown = public_victim(victim)
    assert (shown.attack, shown.place, shown.date, shown.sex, shown.sources) == (None, None, None, None, [])


def test_a_lone_anonymous_record_is_coarsened_when_published(victim):
    victim.name_policy = "initials"
    victim.save()
    victims_published([victim])
    victim.refresh_from_db()
    assert victim.guard_level == guard.ATTACK_HIDDEN
    assert public_victim(victim).attack is None


def test_fully_named_records_are_not_guarded(victim):
    victims_published([victim])
    victim.refresh_from_db()
    assert victim.guard_level == guard.NONE
    assert public_victim(victim).attack == victim.attack


def test_an_attack_on_several_towns_states_only_what_they_share(victim):
    sarmin = victim.attack.places.get()
    victim.attack.places.add(victim.place)
    victim.attack.save()
    victim.attack.refresh_from_db()
    victim.date_of_death = victim.attack.date
    victim.place_policy = "country"
    victim.date_policy = "year"
    shown = public_victim(victim)
    # Both towns lie in Idlib District: the attack says that much of where this record died, not which town.
    assert shown.place == sarmin.parent
    assert (shown.date, shown.date_precision) == (victim.attack.date, "day")
