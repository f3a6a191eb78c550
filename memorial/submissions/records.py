"""A new victim record made from a family's submission: the public record and its sealed identity together.

The record starts as a draft, like an import's `--draft`: a moderator reviews it in the record editor and
publishes it there. Its policy is the site's defaults made stricter by what the family asked, never looser
(P11); a more open policy later goes through `privacy.services.change_policy` and a second moderator.

What a new-record submission's `content` holds (the keys the new-record form stores):
`name_ar`, `name_latin` (full names, split by the archive's rule), `sex`, `age`, `date_of_death` (ISO date),
`attack` (an attack's key), `place` (a place's id), `biography`, `details` (private, sealed) and `policy` (the
publication policy fields the family chose, e.g. {"name_policy": "withheld"}).
"""

from datetime import date

from memorial.archive.models import Attack, Place, Victim
from memorial.archive.names import split_full_name
from memorial.privacy.models import publication_defaults
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.policy import POLICY_FIELDS, tighten
from memorial.privacy.publication import refresh_public_surfaces


def asked_policy(content):
    """The policy fields the family chose, only those with a known value."""
    asked = content.get("policy") or {}
    return {name: asked[name] for name, choices in POLICY_FIELDS.items() if asked.get(name) in set(choices.values)}


def record_policy(content):
    """The defaults, made stricter wherever the family asked for more privacy; never looser than either."""
    defaults = publication_defaults().as_policy()
    return tighten(defaults, asked_policy(content))


def _date(text):
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _age(value):
    try:
        age = int(value)
    except (TypeError, ValueError):
        return None
    return age if 0 <= age <= 130 else None


def record_fields(content):
    """The public record's values from the submission (before the policy is applied by the representation)."""
    attack = Attack.objects.filter(key=content.get("attack") or "").first()
    place = Place.objects.filter(pk=content["place"]).first() if str(content.get("place", "")).isdigit() else None
    sex = content.get("sex")
    died = _date(content.get("date_of_death"))
    return {
        "sex": sex if sex in Victim.Sex.values else Victim.Sex.UNKNOWN,
        "age": _age(content.get("age")),
        "attack": attack,
        "place": place or (attack.places.first() if attack else None),
        "date_of_death": died or (attack.date if attack else None),
        "biography_ar": content.get("biography", "") if content.get("language", "ar") == "ar" else "",
        "biography_en": content.get("biography", "") if content.get("language") == "en" else "",
    }


def identity_fields(content):
    names = {}
    for script in ("ar", "latin"):
        given, father, family = split_full_name(content.get(f"name_{script}", "") or "")
        names |= {f"given_name_{script}": given, f"father_name_{script}": father, f"family_name_{script}": family}
    return {**names, "family_details": content.get("details", "") or ""}


def create_record(submission):
    """The draft record and its sealed identity for an approved new-record submission."""
    content = {**submission.content, "language": submission.language}
    victim = Victim.objects.create(
        **record_fields(content),
        **record_policy(content),
        live=False,
        has_unpublished_changes=True,
    )
    VictimIdentity.objects.create(victim=victim, **identity_fields(content))
    # The admin's search keys of its label, as for every draft.
    refresh_public_surfaces([victim])
    return victim
