"""A new victim record made from a family's submission: the public record and its sealed identity together.

The record starts as a draft, like an import's `--draft`: a moderator reviews it in the record editor and
publishes it there. Its policy is the site's defaults made stricter by what the family asked, never looser
(P11); a more open policy later goes through `privacy.services.change_policy` and a second moderator.

What a new-record submission holds (what `forms.NewRecordForm` stores): the names, sealed, in its
`SubmittedIdentity` (`submission.identity`, given, father's and family name in each script); and in `content`:
`sex`, `age`, `date_of_death` (ISO date) with `date_precision`, `governorate` (a governorate's Place id),
`place_name` and `place_level` (the town or district as the family typed it), `attack` (an attack's key),
`biography`, `sources` (free text), `pseudonym` and `policy` (the publication policy fields the family chose,
e.g. {"name_policy": "withheld"}). What the family typed of the place and their sources are not matched to the
archive's places and sources by a machine: they go, sealed, into the record's `family_details` for the
moderator to act on in the record editor, and are never public fields.

A moderator may change the record before approval (`Submission.edits`): the fields of `EDITABLE_FIELDS`, among
them `place` (any place of the archive, by id, which then wins over the attack's and the governorate), the
policy (never looser, `edited_content`), and the names, sealed under `edits["names"]` (`edited_names`). The
approval, the preview and the possible duplicates all read the edited record.
"""

from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from memorial.archive.models import Attack, Place, Victim
from memorial.archive.names import is_arabic
from memorial.privacy.models import publication_defaults
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.policy import POLICY_FIELDS, stricter, tighten
from memorial.privacy.publication import refresh_public_surfaces
from memorial.privacy.sealing import UNREADABLE


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


def _governorate(value):
    pk = str(value or "")
    return Place.objects.filter(pk=pk, level=Place.Level.GOVERNORATE).first() if pk.isdigit() else None


def _place(value):
    pk = str(value or "")
    return Place.objects.filter(pk=pk).first() if pk.isdigit() else None


def record_fields(content):
    """The public record's values from the submission (before the policy is applied by the representation).
    The place is the one a moderator chose, else the attack's, when the family named one (the archive knows
    where it struck), else the governorate they chose; the town they typed waits, sealed, for a moderator
    (`identity_fields`)."""
    attack = Attack.objects.filter(key=content.get("attack") or "").first()
    attack_place = _place(content.get("place")) or (attack.places.first() if attack else None)
    sex = content.get("sex")
    died = _date(content.get("date_of_death"))
    precision = content.get("date_precision")
    if died is None and attack is not None:
        # The family did not know the date; the attack's date is the archive's own, known to the day.
        died, precision = attack.date, Victim.DatePrecision.DAY
    pseudonym = (content.get("pseudonym") or "").strip()
    biography = content.get("biography", "") or ""
    english = content.get("language") == "en"
    return {
        "sex": sex if sex in Victim.Sex.values else Victim.Sex.UNKNOWN,
        "age": _age(content.get("age")),
        "attack": attack,
        "place": attack_place or _governorate(content.get("governorate")),
        "date_of_death": died,
        "date_precision": precision if precision in Victim.DatePrecision.values else Victim.DatePrecision.DAY,
        "pseudonym_ar": pseudonym if is_arabic(pseudonym) else "",
        "pseudonym_latin": "" if is_arabic(pseudonym) else pseudonym,
        "biography_ar": "" if english else biography,
        "biography_en": biography if english else "",
    }


NAME_FIELDS = tuple(f"{part}_name_{script}" for script in ("ar", "latin") for part in ("given", "father", "family"))


def submitted_identity(submission):
    """The sealed names the family gave, or None (a submission made without them)."""
    try:
        return submission.identity
    except ObjectDoesNotExist:
        return None


def submitted_names(submission):
    """The six name parts the family gave, each "" when not given."""
    identity = submitted_identity(submission)
    return {name: (getattr(identity, name, "") or "") if identity else "" for name in NAME_FIELDS}


def edited_names(submission):
    """The six name parts the record will have: a moderator's, when they edited the names (sealed in `edits`),
    else the family's. Each is `UNREADABLE` when the edited names cannot be unsealed here: never the family's
    in their place, and never written (`VictimIdentity` refuses an unreadable value)."""
    names = (submission.edits or {}).get("names")
    if names is None:
        return submitted_names(submission)
    if not isinstance(names, dict):
        return dict.fromkeys(NAME_FIELDS, UNREADABLE)
    return {name: str(names.get(name) or "") for name in NAME_FIELDS}


def edited_identity(submission):
    """The record's sealed identity as the approval would make it, unsaved: the edited names, for the preview
    through the public representation, the duplicates and the flags."""
    return VictimIdentity(**edited_names(submission))


def family_details(content):
    """What the family typed of the place and their sources, for the moderator, in the record's sealed
    identity: labelled lines in the moderator's language."""
    lines = []
    place_name = (content.get("place_name") or "").strip()
    if place_name:
        level = content.get("place_level")
        label = Place.Level(level).label if level in Place.Level.values else _("level not given")
        lines.append(_("Place as the family wrote it: %(place)s (%(level)s)") % {"place": place_name, "level": label})
    sources = (content.get("sources") or "").strip()
    if sources:
        lines.append(_("Sources the family gave: %(sources)s") % {"sources": sources})
    return "\n".join(lines)


def identity_fields(submission):
    return {**edited_names(submission), "family_details": family_details(submission.content)}


# What a moderator may change of a new record before approving it (`edited_content`), besides the policy and the
# sealed names (`edited_names`).
EDITABLE_FIELDS = (
    "sex",
    "age",
    "date_of_death",
    "date_precision",
    "attack",
    "place",
    "biography",
    "pseudonym",
)


def edited_content(submission):
    """The submission's content with the moderator's edits: the editable fields replaced, and each policy field
    the stricter of what the family asked and what the moderator chose, so an edit never loosens (P11)."""
    edits = submission.edits or {}
    asked = asked_policy(submission.content)
    chosen = asked_policy(edits)
    policy = {
        field: stricter(field, asked[field], chosen[field]) if field in asked else chosen[field] for field in chosen
    }
    return {
        **submission.content,
        **{name: edits[name] for name in EDITABLE_FIELDS if name in edits},
        "policy": {**asked, **policy},
        "language": submission.language,
    }


def unsaved_record(submission):
    """The record an approval would make, not saved: for the moderators' preview and for `create_record`."""
    content = edited_content(submission)
    return Victim(**record_fields(content), **record_policy(content), live=False, has_unpublished_changes=True)


def create_record(submission):
    """The draft record and its sealed identity for an approved new-record submission."""
    victim = unsaved_record(submission)
    victim.save()
    VictimIdentity.objects.create(victim=victim, **identity_fields(submission))
    # The admin's search keys of its label, as for every draft.
    refresh_public_surfaces([victim])
    return victim
