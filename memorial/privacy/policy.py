"""The publication policy: how much of a person the public may see, value by value.

Each policy is ordered from the most open to the most private. "Tightening" means moving towards the
end of that order; the k-anonymity guard and imports only ever tighten (P10, P11).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NamePolicy(models.TextChoices):
    FULL = "full", _("Full name")
    FIRST_NAME = "first_name", _("First name only")
    INITIALS = "initials", _("Initials")
    PSEUDONYM = "pseudonym", _("Pseudonym chosen by the family")
    WITHHELD = "withheld", _("Name withheld")


class PhotoPolicy(models.TextChoices):
    SHOW = "show", _("Show the photo")
    BLURRED = "blurred", _("Only a blurred version")
    NONE = "none", _("No photo")


class PlacePolicy(models.TextChoices):
    TOWN = "town", _("Town")
    DISTRICT = "district", _("District")
    GOVERNORATE = "governorate", _("Governorate")
    COUNTRY = "country", _("Country only")


class DatePolicy(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")


class AgePolicy(models.TextChoices):
    EXACT = "exact", _("Exact age")
    GROUP = "group", _("Age group")
    WITHHELD = "withheld", _("Age withheld")


class ShowHide(models.TextChoices):
    SHOW = "show", _("Show")
    HIDE = "hide", _("Hide")


# Field name on the victim -> its choices, in order from most open to most private.
POLICY_FIELDS = {
    "name_policy": NamePolicy,
    "photo_policy": PhotoPolicy,
    "place_policy": PlacePolicy,
    "date_policy": DatePolicy,
    "age_policy": AgePolicy,
    "biography_policy": ShowHide,
    "sources_policy": ShowHide,
}

POLICY_LABELS = {
    "name_policy": _("name"),
    "photo_policy": _("photo"),
    "place_policy": _("place"),
    "date_policy": _("date"),
    "age_policy": _("age"),
    "biography_policy": _("biography"),
    "sources_policy": _("sources"),
}
POLICY_MAX_LENGTHS = {
    "name_policy": 12,
    "photo_policy": 8,
    "place_policy": 12,
    "date_policy": 6,
    "age_policy": 8,
    "biography_policy": 4,
    "sources_policy": 4,
}


def policy_field(field, default):
    """The model field for one policy value; victims and the site-wide defaults share them."""
    return models.CharField(
        POLICY_LABELS[field],
        max_length=POLICY_MAX_LENGTHS[field],
        choices=POLICY_FIELDS[field].choices,
        default=default,
    )


# The strictest value of each policy: what a record gets when in doubt.
STRICTEST = {field: list(choices.values)[-1] for field, choices in POLICY_FIELDS.items()}
# Each policy's values by position, read once: an import ranks every value of every row.
RANKS = {
    field: {value: position for position, value in enumerate(choices.values)}
    for field, choices in POLICY_FIELDS.items()
}


def rank(field, value):
    """Position of a value in its policy's order: higher is more private."""
    return RANKS[field][value]


def stricter(field, first, second):
    """The more private of two values of the same policy."""
    return first if rank(field, first) >= rank(field, second) else second


# The site-wide guard strength travels with the default policy: a larger k is the more private value.
K_ANONYMITY = "k_anonymity"
# With k = 2 a statistics cell shown as "fewer than 2" would say it is 1: suppression needs k of at least 3.
MINIMUM_K = 3


def loosened_fields(before, after):
    """Policy fields that `after` makes more open than `before` (both: field -> value mappings)."""
    loosened = [
        field
        for field in POLICY_FIELDS
        if field in before and field in after and rank(field, after[field]) < rank(field, before[field])
    ]
    if K_ANONYMITY in before and K_ANONYMITY in after and after[K_ANONYMITY] < before[K_ANONYMITY]:
        loosened.append(K_ANONYMITY)
    return loosened


def tighten(current, proposed):
    """Merge a proposed policy into the current one without loosening anything (P11)."""
    return {
        field: max(value, proposed.get(field, value))
        if field == K_ANONYMITY
        else stricter(field, value, proposed.get(field, value))
        for field, value in current.items()
    }
