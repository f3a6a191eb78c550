"""The k-anonymity guard (P10): a record whose name is not shown in full must share its public details
with at least k-1 other such records. Where it does not, the guard coarsens it, one level at a time.

The attack counts as a public detail: naming the attack fixes a date and a town. While it is shown, what it
already says of a record (its day, its town) is never coarsened: that would hide nothing and only add noise.
Levels only rise on their own; lowering one is a moderator's decision.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

NONE, AGE_GROUP, MONTH_AND_DISTRICT, YEAR_AND_GOVERNORATE, ATTACK_HIDDEN = range(5)
HIGHEST = ATTACK_HIDDEN

LEVEL_DESCRIPTIONS = {
    NONE: _("Not coarsened."),
    AGE_GROUP: _("Exact age replaced by an age group."),
    MONTH_AND_DISTRICT: _("Age group; date shown to the month; place shown to the district."),
    YEAR_AND_GOVERNORATE: _("Age withheld; date shown to the year; place shown to the governorate."),
    ATTACK_HIDDEN: _("Attack, sex, place and exact year hidden: too few records share any of its details."),
}

# Coarsest value each level allows, on the scales used by the public representation.
PLACE_SCALE = ["town", "district", "governorate", "country"]
DATE_SCALE = ["day", "month", "year", "none"]
AGE_SCALE = ["exact", "group", "withheld"]
PLACE_CAP = {
    NONE: "town",
    AGE_GROUP: "town",
    MONTH_AND_DISTRICT: "district",
    YEAR_AND_GOVERNORATE: "governorate",
    ATTACK_HIDDEN: "country",
}
DATE_CAP = {
    NONE: "day",
    AGE_GROUP: "day",
    MONTH_AND_DISTRICT: "month",
    YEAR_AND_GOVERNORATE: "year",
    ATTACK_HIDDEN: "none",
}
AGE_CAP = {
    NONE: "exact",
    AGE_GROUP: "group",
    MONTH_AND_DISTRICT: "group",
    YEAR_AND_GOVERNORATE: "withheld",
    ATTACK_HIDDEN: "withheld",
}


def coarser(scale, *values):
    return max(values, key=scale.index)


def finer(scale, *values):
    return min(values, key=scale.index)


@dataclass(frozen=True)
class Details:
    """What the public may see of one record before the guard: places by level, date, age, sex, attack."""

    id: int
    attack_id: int | None
    places: dict  # level -> place id, for the levels the record knows ("town", "district", "governorate")
    place_level: str  # the coarsest level the policy allows
    date: date | None
    date_level: str
    age: int | None
    age_group: str
    age_level: str
    sex: str
    guard_level: int = NONE
    # How precisely the record's public attack already states its date and place ("none"/"country": not at all).
    attack_date_level: str = "none"
    attack_place_level: str = "country"


def shown_place(details, level):
    shown = coarser(PLACE_SCALE, details.place_level, PLACE_CAP[level])
    if level < ATTACK_HIDDEN:
        shown = finer(PLACE_SCALE, shown, details.attack_place_level)
    for candidate in PLACE_SCALE[PLACE_SCALE.index(shown) :]:
        if candidate in details.places:
            return (candidate, details.places[candidate])
    return ("country", None)


def date_precision(details, level):
    precision = coarser(DATE_SCALE, details.date_level, DATE_CAP[level])
    if level < ATTACK_HIDDEN:
        precision = finer(DATE_SCALE, precision, details.attack_date_level)
    return precision


def shown_date(details, level):
    precision = date_precision(details, level)
    if details.date is None or precision == "none":
        return None
    if precision == "day":
        return details.date
    if precision == "month":
        return (details.date.year, details.date.month)
    return details.date.year


def shown_age(details, level):
    precision = coarser(AGE_SCALE, details.age_level, AGE_CAP[level])
    if precision == "exact" and details.age is not None:
        return details.age
    if precision in {"exact", "group"}:
        return details.age_group or None
    return None


def public_key(details, level):
    """Everything a reader could tell this record apart by, at a given level of coarsening."""
    hidden = level >= ATTACK_HIDDEN
    return (
        None if hidden else details.attack_id,
        shown_place(details, level),
        shown_date(details, level),
        shown_age(details, level),
        None if hidden else details.sex,
    )


def required_levels(records, k):
    """The level each record needs so that at least k records share its public details.

    Counting is over the records given (the published records whose name is not shown in full), each
    seen at the same level; a record never goes below the level it already has.
    """
    counts = [Counter(public_key(record, level) for record in records) for level in range(HIGHEST + 1)]
    levels = {}
    for record in records:
        level = record.guard_level
        while level < HIGHEST and counts[level][public_key(record, level)] < k:
            level += 1
        levels[record.id] = level
    return levels
