"""Records a new-record submission may duplicate: the same normalised name (the given and family name keys of
the record's names, the family's sealed in its `SubmittedIdentity` or a moderator's sealed edit, against every
record's sealed identity) together with the same attack, date of death or place, all as the moderator edited
them (`records.edited_content`)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from memorial.archive.models import Victim
from memorial.archive.names import name_keys
from memorial.submissions.records import edited_content, edited_names, record_fields


@dataclass(frozen=True)
class PossibleDuplicate:
    victim: Victim
    reasons: list


def _keys(names, script):
    return set(name_keys(names[f"given_name_{script}"])), set(name_keys(names[f"family_name_{script}"]))


def _matches(wanted, identity):
    for script in ("ar", "latin"):
        given_wanted, family_wanted = wanted[script]
        if not (given_wanted and family_wanted):
            continue
        given, _father, family = identity.name_parts(script)
        if given_wanted & set(name_keys(given or "")) and family_wanted & set(name_keys(family or "")):
            return True
    return False


def possible_duplicates(submission, limit=10):
    names = edited_names(submission)
    wanted = {script: _keys(names, script) for script in ("ar", "latin")}
    if not any(given and family for given, family in wanted.values()):
        return []
    fields = record_fields(edited_content(submission))
    near = Q()
    if fields["attack"] is not None:
        near |= Q(attack=fields["attack"])
    if fields["date_of_death"] is not None:
        near |= Q(date_of_death=fields["date_of_death"])
    if fields["place"] is not None:
        near |= Q(place=fields["place"])
    if not near:
        return []
    found = []
    candidates = Victim.objects.filter(near).filter(identity__isnull=False).select_related("identity")
    if submission.victim_id:
        candidates = candidates.exclude(pk=submission.victim_id)
    for victim in candidates.iterator(chunk_size=500):
        if not _matches(wanted, victim.identity):
            continue
        reasons = [_("same name")]
        if fields["attack"] is not None and victim.attack_id == fields["attack"].pk:
            reasons.append(_("same attack"))
        if fields["date_of_death"] is not None and victim.date_of_death == fields["date_of_death"]:
            reasons.append(_("same date of death"))
        if fields["place"] is not None and victim.place_id == fields["place"].pk:
            reasons.append(_("same place"))
        found.append(PossibleDuplicate(victim, reasons))
        if len(found) >= limit:
            break
    return found
