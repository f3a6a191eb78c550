"""Writes to the record that must keep the public surfaces consistent: ids, name keys, the guard."""

from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

from memorial.archive.models import Place, Victim, VictimNameKey
from memorial.archive.names import name_keys
from memorial.privacy import guard
from memorial.privacy.models import PublicationDefaults
from memorial.privacy.policy import NamePolicy
from memorial.privacy.representation import guard_details, public_victim


def publication_defaults():
    site = Site.objects.filter(is_default_site=True).first()
    return PublicationDefaults.for_site(site) if site else PublicationDefaults()


def public_name_keys(victim):
    """Search keys of the victim's public name in both scripts; none when it is not public."""
    if not victim.live:
        return []
    shown = public_victim(victim)
    return list(dict.fromkeys(name_keys(shown.name_ar) + name_keys(shown.name_latin)))


@transaction.atomic
def refresh_name_keys(victims):
    """Replace the stored name keys of `victims` with those of their current public names."""
    victims = list(victims)
    VictimNameKey.objects.filter(victim__in=[victim.pk for victim in victims]).delete()
    VictimNameKey.objects.bulk_create(
        [VictimNameKey(victim=victim, key=key) for victim in victims for key in public_name_keys(victim)],
        batch_size=5000,
    )


def guarded_victims():
    """Published records whose name is not shown in full: the ones the guard protects and counts."""
    return Victim.objects.filter(live=True).exclude(name_policy=NamePolicy.FULL)


@transaction.atomic
def refresh_guard(k=None):
    """Raise the coarsening level of every record that shares its public details with fewer than k.

    Reads the whole guarded set in one query (places are resolved from memory), so it stays a matter of
    seconds at 100,000 records. Returns the number of records raised.
    """
    k = k or publication_defaults().k_anonymity
    places = {pk: (level, parent_id) for pk, level, parent_id in Place.objects.values_list("pk", "level", "parent_id")}
    fields = [
        "pk", "attack_id", "place_id", "date_of_death", "date_precision", "date_policy", "place_policy",
        "age", "age_group", "age_policy", "sex", "guard_level",
    ]  # fmt: skip
    records = []
    for values in guarded_victims().values_list(*fields).iterator(chunk_size=5000):
        row = dict(zip(fields, values, strict=True))
        records.append(guard_details(_GuardRow(row, places)))
    levels = guard.required_levels(records, k)
    raised = [
        Victim(pk=record.id, guard_level=levels[record.id])
        for record in records
        if levels[record.id] > record.guard_level
    ]
    Victim.objects.bulk_update(raised, ["guard_level"], batch_size=2000)
    return len(raised)


class _GuardRow:
    """A values() row that looks enough like a Victim for `guard_details`, without loading models."""

    def __init__(self, row, places):
        self.pk = row["pk"]
        self.attack_id = row["attack_id"]
        self.date_of_death = row["date_of_death"]
        self.date_precision = row["date_precision"]
        self.date_policy = row["date_policy"]
        self.place_policy = row["place_policy"]
        self.age = row["age"]
        self.age_group = row["age_group"]
        self.age_policy = row["age_policy"]
        self.sex = row["sex"]
        self.guard_level = row["guard_level"]
        self.place = _PlaceRow(row["place_id"], places) if row["place_id"] else None


class _PlaceRow:
    def __init__(self, pk, places):
        self.pk = pk
        self.level, parent_id = places[pk]
        self.parent = _PlaceRow(parent_id, places) if parent_id else None


@transaction.atomic
def victims_published(victims):
    """Everything that follows publication: a public id for new records, name keys, the guard."""
    victims = list(victims)
    for victim in victims:
        if not victim.public_id:
            victim.assign_public_id()
            Victim.objects.filter(pk=victim.pk).update(public_id=victim.public_id, updated_at=timezone.now())
    refresh_guard()
    refresh_name_keys(victims)


@transaction.atomic
def victims_unpublished(victims):
    VictimNameKey.objects.filter(victim__in=[victim.pk for victim in victims]).delete()
    # Fewer records in a group can leave the others too few.
    refresh_guard()
