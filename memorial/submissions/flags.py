"""Flags for likely private data in what a family wrote: a moderator's reminders, never a decision.

A name of another person in the archive is matched after the archive's name normalisation (both the given and
the family name of one record, in either script), withheld names included; a withheld name is never shown,
only that one was found. A new record's own names (what the family gave, sealed in its `SubmittedIdentity`)
are matched the same way, so that its own words about the person do not flag the person."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from memorial.archive.models import Victim
from memorial.archive.names import name_keys
from memorial.privacy.policy import NamePolicy

DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
PHONE = re.compile(rf"(?<![{DIGITS}])\+?[{DIGITS}](?:[\s.\-/()]*[{DIGITS}]){{6,}}(?![{DIGITS}])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
STREET_WORDS = (
    # Arabic: street, quarter, lane, alley, building, floor, apartment, square, opposite, next to.
    r"شارع|حارة|زقاق|جادة|بناية|عمارة|طابق|شقة|ساحة|مقابل|بجانب|حي\s+\S+"
)
STREET_AR = re.compile(rf"(?<!\w)(?:{STREET_WORDS})(?!\w)")
STREET_EN = re.compile(
    r"\b(?:\d+\s+)?[A-Z]?[a-z]*\s*(?:street|st\.|road|rd\.|avenue|ave\.|lane|alley|building|floor|apartment|flat"
    r"|square|neighbou?rhood|district)\b|\bnext to the\b|\bopposite the\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str
    found: str = ""


def pattern_flags(text):
    flags = []
    for match in PHONE.finditer(text):
        flags.append(Flag("phone", _("Looks like a phone number"), match.group().strip()))
    for match in EMAIL.finditer(text):
        flags.append(Flag("email", _("Looks like an e-mail address"), match.group()))
    for pattern in (STREET_AR, STREET_EN):
        for match in pattern.finditer(text):
            flags.append(Flag("street", _("Looks like an address or a street"), match.group().strip()))
    return flags


def name_pairs(identity):
    """(given key, family key) of a sealed identity (a record's or a submission's), in each script that has
    both."""
    for script in ("ar", "latin"):
        given, _father, family = identity.name_parts(script)
        given_keys, family_keys = name_keys(given or ""), name_keys(family or "")
        if given_keys and family_keys:
            yield given_keys[0], family_keys[-1]


def name_flags(text, *, exclude_victim_id=None, own_names=frozenset()):
    """Records of other people whose given and family names both appear in `text`; a record bearing one of
    `own_names` (name pairs of the person the text is about) is that person, not another."""
    words = set(name_keys(text))
    if len(words) < 2:
        return []
    flags = []
    records = Victim.objects.select_related("identity").exclude(pk=exclude_victim_id).filter(identity__isnull=False)
    for victim in records.iterator(chunk_size=500):
        pairs = set(name_pairs(victim.identity))
        if pairs & own_names or not any(given in words and family in words for given, family in pairs):
            continue
        if victim.live and victim.name_policy == NamePolicy.FULL:
            flags.append(Flag("name", _("Names another person in the archive"), str(victim)))
        else:
            flags.append(Flag("name", _("Names a person whose name is withheld elsewhere in the archive")))
    return flags


def flags_for(text, *, victim_id=None, identity=None):
    """Every flag for `text`; the record the text is about (`victim_id`, or for a new record the names the
    family gave, `identity`) is not flagged for its own name."""
    own_names = frozenset(name_pairs(identity)) if identity is not None else frozenset()
    return [*pattern_flags(text), *name_flags(text, exclude_victim_id=victim_id, own_names=own_names)]
