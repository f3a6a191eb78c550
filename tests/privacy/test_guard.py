"""The k-anonymity guard as a pure rule, then through publication."""

import datetime

import pytest

from memorial.privacy import guard
from memorial.privacy.models import PublicationDefaults
from memorial.privacy.publication import refresh_guard, victims_published
from tests.factories import AttackFactory, TownFactory, VictimFactory

DAY = datetime.date(2017, 4, 4)


def details(id, **overrides):
    values = {
        "id": id,
        "attack_id": 1,
        "places": {"town": 10, "district": 20, "governorate": 30},
        "place_level": "town",
        "date": DAY,
        "date_level": "day",
        "age": 30 + id % 10,
        "age_group": "30-44",
        "age_level": "exact",
        "sex": "female",
    }
    return guard.Details(**{**values, **overrides})


def test_records_in_a_large_enough_group_are_left_alone():
    records = [details(n, age=30, age_level="exact") for n in range(5)]
    assert set(guard.required_levels(records, k=5).values()) == {guard.NONE}


def test_distinct_exact_ages_are_replaced_by_the_group():
    records = [details(n) for n in range(5)]
    assert set(guard.required_levels(records, k=5).values()) == {guard.AGE_GROUP}


def test_a_small_group_in_one_attack_loses_its_age():
    # Five women in one attack, but two age groups: no month/district step can merge them.
    records = [details(n, age_group="30-44") for n in range(3)] + [
        details(n, age=70, age_group="60+") for n in range(3, 5)
    ]
    levels = guard.required_levels(records, k=5)
    assert set(levels.values()) == {guard.YEAR_AND_GOVERNORATE}


def test_the_attack_is_a_public_detail():
    # Same town, date, age group and sex, but two attacks: each group is too small.
    records = [details(n, attack_id=1 + n % 2) for n in range(6)]
    levels = guard.required_levels(records, k=5)
    assert set(levels.values()) == {guard.ATTACK_HIDDEN}


def test_sex_counts_as_a_public_detail():
    records = [details(n, sex="female") for n in range(4)] + [details(9, sex="male")]
    levels = guard.required_levels(records, k=4)
    assert levels[9] == guard.ATTACK_HIDDEN
    assert {levels[n] for n in range(4)} == {guard.AGE_GROUP}


def test_levels_never_go_down_on_their_own():
    records = [details(n, age=30, guard_level=guard.YEAR_AND_GOVERNORATE if n == 0 else 0) for n in range(6)]
    assert guard.required_levels(records, k=5)[0] == guard.YEAR_AND_GOVERNORATE


def test_policy_coarser_than_the_level_is_kept():
    record = details(1, place_level="governorate", date_level="year", age_level="withheld")
    assert guard.public_key(record, guard.NONE) == (1, ("governorate", 30), 2017, None, "female")


def test_a_record_known_only_to_the_governorate_shows_no_town():
    record = details(1, places={"governorate": 30})
    assert guard.shown_place(record, guard.NONE) == ("governorate", 30)


def test_the_last_level_keeps_nothing_that_points_at_anyone():
    record = details(1)
    assert guard.public_key(record, guard.ATTACK_HIDDEN) == (None, ("country", None), None, None, None)


def test_what_a_shown_attack_states_is_never_coarsened():
    record = details(
        1, date_level="year", place_level="governorate", attack_date_level="day", attack_place_level="town"
    )
    for level in (guard.NONE, guard.AGE_GROUP, guard.MONTH_AND_DISTRICT, guard.YEAR_AND_GOVERNORATE):
        assert (guard.shown_date(record, level), guard.shown_place(record, level)) == (DAY, ("town", 10))
    # Hiding the attack hides what it said.
    assert (guard.shown_date(record, guard.ATTACK_HIDDEN), guard.shown_place(record, guard.ATTACK_HIDDEN)) == (
        None,
        ("country", None),
    )


def test_a_death_on_another_day_than_the_attack_stands_apart():
    # Five died on the attack's day, in its town; one on the next day. Their dates are coarsened to the year by
    # policy, but the attack states the five's day, so the sixth's "2017" sets it apart: it is counted alone.
    on_the_day = [
        details(n, age=30, date_level="year", attack_date_level="day", attack_place_level="town") for n in range(5)
    ]
    later = details(9, age=30, date=DAY + datetime.timedelta(days=1), date_level="year", attack_place_level="town")
    levels = guard.required_levels([*on_the_day, later], k=5)
    assert {levels[n] for n in range(5)} == {guard.NONE}
    assert levels[9] == guard.ATTACK_HIDDEN


@pytest.mark.django_db
class TestThroughPublication:
    def anonymous(self, attack, count, **kwargs):
        return [
            VictimFactory(attack=attack, name_policy="initials", age=None, age_group="30-44", **kwargs)
            for _ in range(count)
        ]

    def test_a_group_of_k_keeps_its_attack(self):
        victims = self.anonymous(AttackFactory(), 5)
        victims_published(victims)
        assert {victim.guard_level for victim in type(victims[0]).objects.all()} == {guard.NONE}

    def test_a_record_that_would_stand_out_is_coarsened_and_stays_so(self):
        attack = AttackFactory()
        victims = self.anonymous(attack, 4)
        victims_published(victims)
        assert {v.guard_level for v in type(victims[0]).objects.all()} == {guard.ATTACK_HIDDEN}

        # More records arrive: the group is now large enough, but nothing loosens by itself.
        more = self.anonymous(attack, 3)
        victims_published(more)
        levels = dict(type(victims[0]).objects.values_list("pk", "guard_level"))
        assert {levels[v.pk] for v in victims} == {guard.ATTACK_HIDDEN}
        assert {levels[v.pk] for v in more} == {guard.NONE}

    def test_drafts_and_fully_named_records_are_not_counted(self):
        attack = AttackFactory()
        self.anonymous(attack, 4)
        VictimFactory(attack=attack, name_policy="full", age=None, age_group="30-44")
        VictimFactory(attack=attack, name_policy="initials", age=None, age_group="30-44", live=False)
        assert len(refresh_guard(k=5)) == 4

    def test_the_guard_counts_what_the_page_shows_of_the_attack(self, client):
        attack = AttackFactory(title_en="Khan Shaykhun", places=[TownFactory(name_en="Khan Shaykhun")])
        on_the_day = self.anonymous(attack, 5, date_policy="year", place_policy="country")
        (later,) = self.anonymous(attack, 1, date_of_death=attack.date + datetime.timedelta(days=1))
        victims_published([*on_the_day, later])
        levels = dict(type(later).objects.values_list("pk", "guard_level"))
        assert {levels[victim.pk] for victim in on_the_day} == {guard.NONE}
        assert levels[later.pk] == guard.ATTACK_HIDDEN
        page = client.get(f"/en/victims/{type(later).objects.get(pk=on_the_day[0].pk).public_id}/").content.decode()
        assert "<dd>4 April 2017</dd>" in page
        assert "<dd>Khan Shaykhun" in page

    def test_k_comes_from_the_site_setting(self, site):
        defaults = PublicationDefaults.for_site(site)
        defaults.k_anonymity = 3
        defaults.save()
        victims = self.anonymous(AttackFactory(places=[TownFactory()]), 3)
        victims_published(victims)
        assert {v.guard_level for v in type(victims[0]).objects.all()} == {guard.NONE}
