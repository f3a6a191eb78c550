"""What follows a change to what the public may see, through the one door out: public ids for new records, the
k-anonymity guard, the public index and name keys built from the public representation, admin history labels,
public photo versions and the statistics. Every path that publishes, unpublishes, tightens, withdraws, imports
or deletes ends here, so the order of dependencies runs one way: records → this → the surfaces that read it."""

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone, translation

from wagtail.models import ModelLogEntry, Revision

from memorial.archive.bulk import insert_rows, insert_values, update_rows
from memorial.archive.models import (
    Attack,
    Place,
    Victim,
    VictimAdminNameKey,
    VictimNameKey,
    VictimPublicIndex,
    new_public_id,
)
from memorial.archive.names import name_keys, normalise_arabic
from memorial.archive.selectors import SharedRelations, forget_filter_choices
from memorial.archive.statistics import purge_statistics
from memorial.privacy import guard
from memorial.privacy.models import publication_defaults
from memorial.privacy.photos import prune_public_versions
from memorial.privacy.policy import NamePolicy
from memorial.privacy.representation import SHOWS_IDENTITY, guard_details, public_victim

# Sent whenever what the public sees may have changed (a published record refreshed, the guard or a withdrawal
# run): surfaces built elsewhere from the public representation, such as the open-data files, follow it.
public_surfaces_changed = Signal()


def public_name_keys(shown):
    """Search keys of a public representation's name in both scripts (none when it is withheld)."""
    return list(dict.fromkeys(name_keys(shown.name_ar) + name_keys(shown.name_latin)))


def public_index_row(victim, shown):
    place = shown.place
    places = {}
    while place is not None:
        places[place.level] = place
        place = place.parent
    return VictimPublicIndex(
        victim=victim,
        public_id=victim.public_id,
        name_ar=shown.name_ar,
        name_latin=shown.name_latin,
        name_is_pseudonym=shown.name_is_pseudonym,
        # Null exactly when no name is shown, so page cursors never meet a null among named records.
        sort_name_ar=normalise_arabic(shown.name_ar or shown.name_latin) if shown.has_name else None,
        sort_name_latin=(shown.name_latin or shown.name_ar).lower() if shown.has_name else None,
        name_missing=not shown.has_name,
        name_shown_in_full=shown.name_shown_in_full,
        attack=shown.attack,
        governorate=places.get(Place.Level.GOVERNORATE),
        district=places.get(Place.Level.DISTRICT),
        town=places.get(Place.Level.TOWN),
        date=shown.date,
        date_precision=shown.date_precision or "",
        date_missing=shown.date is None,
        year=shown.date.year if shown.date else None,
        sex=shown.sex or "",
        age=shown.age,
        age_group=shown.age_group or "",
        is_child=shown.is_child,
        is_sample=shown.is_sample,
    )


class NamesInHand:
    """The sealed name parts of a record as its writer holds them in clear (an import, the demo loader), read by
    `public_victim` in place of the record's identity: what was just sealed is not read and unsealed again."""

    __slots__ = ("parts",)

    def __init__(self, identity):
        self.parts = {script: identity.name_parts(script) for script in ("ar", "latin")}

    def name_parts(self, script):
        return self.parts[script]


def refresh_public_surfaces(victims, batch_size=2000, *, names=None):
    """Rebuild what public listings and name search read of `victims` from their public representation.

    Published records get a name-key set and an index row; anything else loses both, so nothing that is
    not public can be found, filtered, sorted or counted. Every record, drafts too, gets the admin's keys of
    its public label, so a moderator finds it by the name the admin shows.

    `names` maps primary keys to `NamesInHand`: the names of those records as they were just written.
    """
    names = names or {}
    pks = sorted({getattr(victim, "pk", victim) for victim in victims})
    public_changed = False
    forget_filter_choices()
    shared = SharedRelations()
    for start in range(0, len(pks), batch_size):
        batch = pks[start : start + batch_size]
        unknown = [pk for pk in batch if pk not in names]
        # Sealed names are unsealed only for the records whose policy shows something of them and whose names
        # are not in hand.
        shows_names = Q(name_policy__in=SHOWS_IDENTITY)
        records = shared.attach(
            [
                *shared.victims().filter(shows_names, pk__in=unknown),
                *shared.victims(names=False).filter(~shows_names, pk__in=unknown),
                *shared.victims(names=False).filter(pk__in=[pk for pk in batch if pk in names]),
            ]
        )
        with transaction.atomic():
            public_changed |= VictimPublicIndex.objects.filter(victim__in=batch).exists()
            VictimNameKey.objects.filter(victim__in=batch).delete()
            VictimPublicIndex.objects.filter(victim__in=batch).delete()
            VictimAdminNameKey.objects.filter(victim__in=batch).delete()
            keys, rows, labels, admin_keys = [], [], {}, []
            # Labels in the site's language whatever the request's, or each refresh would rewrite the history.
            with translation.override(settings.LANGUAGE_CODE):
                for victim in records:
                    shown = public_victim(victim, names.get(victim.pk))
                    labels[victim.pk] = shown.label
                    shown_keys = public_name_keys(shown)
                    admin_keys.extend((victim.pk, key) for key in shown_keys)
                    if not (victim.live and victim.public_id):
                        continue
                    keys.extend((victim.pk, key) for key in shown_keys)
                    rows.append(public_index_row(victim, shown))
            insert_values(VictimNameKey, ["victim", "key"], keys)
            insert_rows(VictimPublicIndex, rows)
            insert_values(VictimAdminNameKey, ["victim", "key"], admin_keys)
            relabel_admin_history(labels)
            public_changed |= bool(rows)
    # A draft's save changes no public surface.
    if public_changed:
        public_surfaces_changed.send(sender=Victim, victims=pks)


def relabel_admin_history(labels):
    """Wagtail copies a record's label into every revision and audit-log entry. Rewrite the copies that differ
    from today's public label, so a name withheld today is not still written in yesterday's history (P2).

    `labels` maps victim primary keys to their current public label.
    """
    content_type = ContentType.objects.get_for_model(Victim)
    object_ids = {str(pk): label for pk, label in labels.items()}
    for model, field, type_field in (
        (Revision, "object_str", "base_content_type"),
        (ModelLogEntry, "label", "content_type"),
    ):
        scope = model.objects.filter(**{type_field: content_type, "object_id__in": object_ids})
        stale = defaultdict(set)
        for object_id, text in scope.values_list("object_id", field).iterator():
            if text != object_ids[object_id]:
                stale[object_ids[object_id]].add(object_id)
        for label, stale_ids in stale.items():
            scope.filter(object_id__in=stale_ids).update(**{field: label})


def guarded_victims():
    """Published records whose name is not shown in full: the ones the guard protects and counts."""
    return Victim.objects.filter(live=True).exclude(name_policy=NamePolicy.FULL)


@transaction.atomic
def refresh_guard(k=None):
    """Raise the coarsening level of every record that shares its public details with fewer than k.

    Reads the whole guarded set in one query (places are resolved from memory), so it stays a matter of
    seconds at 100,000 records. Returns the primary keys of the records raised.
    """
    k = k or publication_defaults().k_anonymity
    places = {pk: (level, parent_id) for pk, level, parent_id in Place.objects.values_list("pk", "level", "parent_id")}
    attacks = _attack_rows(places)
    fields = [
        "pk", "attack_id", "place_id", "date_of_death", "date_precision", "date_policy", "place_policy",
        "age", "age_group", "age_policy", "sex", "guard_level",
    ]  # fmt: skip
    records = []
    for values in guarded_victims().values_list(*fields).iterator(chunk_size=5000):
        row = dict(zip(fields, values, strict=True))
        records.append(guard_details(_GuardRow(row, places, attacks)))
    levels = guard.required_levels(records, k)
    raised = [
        Victim(pk=record.id, guard_level=levels[record.id])
        for record in records
        if levels[record.id] > record.guard_level
    ]
    update_rows(Victim, raised, ["guard_level"])
    return [victim.pk for victim in raised]


class _GuardRow:
    """A values() row that looks enough like a Victim for `guard_details`, without loading models."""

    def __init__(self, row, places, attacks):
        self.pk = row["pk"]
        self.attack_id = row["attack_id"]
        self.attack = attacks[row["attack_id"]] if row["attack_id"] else None
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


def _attack_rows(places):
    """Every attack as `guard_details` reads it (published or not, its days, the places it names), in two queries."""
    named = defaultdict(list)
    for attack_id, place_id in Attack.places.through.objects.values_list("attack_id", "place_id"):
        named[attack_id].append(_PlaceRow(place_id, places))
    return {
        pk: _AttackRow(pk, live, start, end, named[pk])
        for pk, live, start, end in Attack.objects.values_list("pk", "live", "date", "end_date")
    }


class _AttackRow:
    def __init__(self, pk, live, date, end_date, places):
        self.pk = pk
        self.live = live
        self.date = date
        self.end_date = end_date
        self.places = _Places(places)


class _Places(list):
    """The attack's places, read as `attack.places.all()` is."""

    def all(self):
        return self


class _PlaceRow:
    def __init__(self, pk, places):
        self.pk = pk
        self.level, parent_id = places[pk]
        self.parent = _PlaceRow(parent_id, places) if parent_id else None


def assign_public_ids(victims):
    """Give every victim without one a public id: drawn in memory against the ids in use, written in bulk."""
    missing = [victim for victim in victims if not victim.public_id]
    if not missing:
        return
    taken = set(Victim.objects.exclude(public_id=None).values_list("public_id", flat=True))
    for victim in missing:
        victim.public_id = new_public_id()
        while victim.public_id in taken:
            victim.public_id = new_public_id()
        taken.add(victim.public_id)
        victim.updated_at = timezone.now()
    update_rows(Victim, missing, ["public_id", "updated_at"])


@transaction.atomic
def victims_published(victims, *, names=None):
    """Everything that follows publication: a public id for new records, the guard, public surfaces (`names` as
    `refresh_public_surfaces` takes them)."""
    victims = list(victims)
    assign_public_ids(victims)
    raised = refresh_guard()
    refresh_public_surfaces([*victims, *raised], names=names)
    prune_public_versions()
    purge_statistics()


@transaction.atomic
def victims_unpublished(victims):
    # Fewer records in a group can leave the others too few.
    protection_changed(victims)


@transaction.atomic
def protection_changed(victims=()):
    """After anything that can leave records too few or the guard stronger: raise, rebuild, purge."""
    raised = refresh_guard()
    refresh_public_surfaces([*victims, *raised])
    prune_public_versions()
    purge_statistics()
    # A deleted or unpublished record, or an attack published or withdrawn, changes public files even when no
    # record is left to refresh.
    public_surfaces_changed.send(sender=Victim, victims=[])
