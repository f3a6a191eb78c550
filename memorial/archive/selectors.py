"""Reads for the public archive. Victims are read through `VictimPublicIndex` and shown through the public
representation; nothing here filters, sorts or counts on a private value (P9)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, Value
from django.http import Http404
from django.utils.translation import get_language

from memorial.archive.models import (
    Attack,
    AttackFigure,
    AttackFinding,
    Place,
    Victim,
    VictimAdminNameKey,
    VictimNameKey,
    VictimPublicIndex,
    in_language,
)
from memorial.archive.names import search_keys
from memorial.privacy.representation import public_victim

VICTIM_RELATIONS = ("identity", "attack", "place__parent__parent", "photo")
# Listings count their rows up to this many; beyond it they say "more than" (no count over the whole archive).
COUNT_LIMIT = 1000


def victims_to_represent(names=True):
    """Victims with everything `public_victim` reads, so representing many costs a fixed number of queries.
    `names=False` leaves the sealed identity out, for records whose name policy shows nothing of it."""
    relations = (
        VICTIM_RELATIONS if names else tuple(relation for relation in VICTIM_RELATIONS if relation != "identity")
    )
    return Victim.objects.select_related(*relations).prefetch_related(
        "sources", Prefetch("attack__places", queryset=Place.objects.select_related("parent__parent"))
    )


class SharedRelations:
    """Every place, linked to the places it lies in, and every attack with its places, read once: what
    `victims_to_represent` joins to each victim, for code that represents very many victims at once (the public
    surfaces of a whole import) and reads the same few places and attacks for all of them."""

    def __init__(self):
        self.places = Place.objects.in_bulk()
        for place in self.places.values():
            Place.parent.field.set_cached_value(place, self.places.get(place.parent_id))
        self.attacks = Attack.objects.prefetch_related(
            Prefetch("places", queryset=Place.objects.select_related("parent__parent"))
        ).in_bulk()

    def victims(self, names=True):
        """`victims_to_represent(names)` without the joins these relations stand in for: give its victims to
        `attach` before representing them."""
        relations = ("identity", "photo") if names else ("photo",)
        return Victim.objects.select_related(*relations).prefetch_related("sources")

    def attach(self, victims):
        for victim in victims:
            Victim.place.field.set_cached_value(victim, self.places.get(victim.place_id))
            Victim.attack.field.set_cached_value(victim, self.attacks.get(victim.attack_id))
        return victims


def live_attacks():
    return Attack.objects.filter(live=True)


def public_places():
    """Places the public archive names: every governorate (the filters list them all), the places of live attacks
    and what they lie in, and the places published records show (the public index holds each record's shown place
    and its enclosing ones). A place known only from a record's hidden details is not among them (P9)."""
    attack_places = Attack.places.through.objects.filter(attack__live=True).values("place")
    return Place.objects.filter(
        Q(level=Place.Level.GOVERNORATE)
        | Q(pk__in=attack_places)
        | Q(pk__in=Place.objects.filter(pk__in=attack_places).values("parent"))
        | Q(pk__in=Place.objects.filter(pk__in=attack_places).values("parent__parent"))
        | Q(pk__in=VictimPublicIndex.objects.values("town"))
        | Q(pk__in=VictimPublicIndex.objects.values("district"))
        | Q(pk__in=VictimPublicIndex.objects.values("governorate"))
    )


def attack_list_public(*, governorate=None, agent=None):
    """Live attacks in date order with their places, figures and count of public victim records."""
    attacks = live_attacks().prefetch_related(
        Prefetch("places", queryset=Place.objects.select_related("parent__parent")),
        Prefetch("figures", queryset=AttackFigure.objects.order_by("kind", "low")),
    )
    if governorate is not None:
        attacks = attacks.filter(
            Q(places=governorate) | Q(places__parent=governorate) | Q(places__parent__parent=governorate)
        ).distinct()
    if agent:
        attacks = attacks.filter(agent=agent)
    counts = dict(
        VictimPublicIndex.objects.filter(attack__isnull=False)
        .values_list("attack")
        .annotate(total=Count("victim"))
        .values_list("attack", "total")
    )
    attacks = list(attacks.order_by("date", "key"))
    for attack in attacks:
        attack.public_victim_count = counts.get(attack.pk, 0)
    return attacks


@dataclass(frozen=True)
class MappedAttack:
    """What the map draws of a live attack: its key and titles, the coordinates of the first of its places that has
    them (None when none has: a place is never guessed), and its documented toll, the highest of the lowest death
    tolls its sources reported (None when none is recorded)."""

    pk: int
    key: str
    title_ar: str
    title_en: str
    latitude: Decimal | None
    longitude: Decimal | None
    toll: int | None

    @property
    def title(self):
        return in_language(self.title_ar, self.title_en)


def mapped_attacks(attacks):
    """The map's view of attacks whose places and figures are prefetched, in their order."""
    mapped = []
    for attack in attacks:
        place = next(
            (place for place in attack.places.all() if place.latitude is not None and place.longitude is not None),
            None,
        )
        lows = [figure.low for figure in attack.figures.all() if figure.kind == AttackFigure.Kind.KILLED]
        mapped.append(
            MappedAttack(
                attack.pk,
                attack.key,
                attack.title_ar,
                attack.title_en,
                place.latitude if place else None,
                place.longitude if place else None,
                max(lows) if lows else None,
            )
        )
    return mapped


ATTACK_MAP_KEY = "archive:attack-map:v1"


def attacks_on_the_map():
    """Every live attack as the map of an attack page draws it (no count of its records: the map needs none), kept
    in the shared cache: three queries and as many models on every attack page otherwise. Forgotten on every write
    to an attack, a figure or a place (`forget_attack_map`, from signal_handlers.py)."""
    mapped = cache.get(ATTACK_MAP_KEY)
    if mapped is None:
        mapped = mapped_attacks(
            live_attacks()
            .prefetch_related(
                Prefetch("places", queryset=Place.objects.order_by("pk")),
                Prefetch("figures", queryset=AttackFigure.objects.filter(kind=AttackFigure.Kind.KILLED)),
            )
            .order_by("date", "key")
        )
        cache.set(ATTACK_MAP_KEY, mapped, None)
    return mapped


def forget_attack_map():
    """At once, and again when the change commits (an attack's places and figures are written after it)."""
    cache.delete(ATTACK_MAP_KEY)
    transaction.on_commit(lambda: cache.delete(ATTACK_MAP_KEY))


def attack_public(key):
    """A live attack with what its page shows: its places within theirs, its figures and findings with their
    sources, its sources; one query for each (the nested lookups of a plain prefetch were three more)."""
    try:
        return (
            live_attacks()
            .prefetch_related(
                Prefetch("places", queryset=Place.objects.select_related("parent__parent")),
                Prefetch("figures", queryset=AttackFigure.objects.select_related("source")),
                Prefetch("findings", queryset=AttackFinding.objects.select_related("source")),
                "sources",
            )
            .get(key=key)
        )
    except Attack.DoesNotExist:
        raise Http404 from None


def victim_public(public_id):
    """The public representation of a published victim; the same 404 for every other id."""
    entry = VictimPublicIndex.objects.filter(public_id=public_id).only("victim_id").first()
    if entry is None:
        raise Http404
    victim = victims_to_represent().get(pk=entry.victim_id)
    return public_victim(victim)


def victims_matching_name(query, key_model=VictimNameKey):
    """Victims whose public name has, for every word of the query, a key that word may match: published ones
    in `VictimNameKey`, every record in `VictimAdminNameKey` (the admin's search, see `victims_matching_label`)."""
    words = search_keys(query)
    if not words:
        return key_model.objects.none().values("victim")
    first, *others = words
    # One query however many words: the first word reads the key index, each further word is an EXISTS on
    # the (victim, key) constraint, so one stored key may answer two words that both accept it.
    return (
        key_model.objects.filter(key__in=first)
        .filter(*[Exists(key_model.objects.filter(victim=OuterRef("victim"), key__in=keys)) for keys in others])
        .values("victim")
    )


def names_found(query):
    """The victims a public name search finds: as a list of ids when there are at most COUNT_LIMIT, which the
    listing then reads by primary key (a rare name need not be looked for along the whole name order), else as
    the subquery itself, which finds a page of a common name's many records soon along it."""
    matching = victims_matching_name(query)
    found = list(matching.values_list("victim", flat=True)[: COUNT_LIMIT + 1])
    return found if len(found) <= COUNT_LIMIT else matching


def victims_matching_label(query):
    """Every record, drafts included, whose public label the query names, with the public search's matching;
    or whose public id it is. For the admin only: the public search must never find a draft."""
    query = query.strip()
    return Victim.objects.filter(
        Q(public_id__iexact=query) | Q(pk__in=victims_matching_name(query, VictimAdminNameKey))
    )


def victim_index_entries(
    *, query="", attack=None, governorate=None, place=None, year=None, sex="", age="", sample=None, sort=""
):
    """Index rows matching public values only, in the requested order. `place` matches a record whose shown place
    is it or lies within it: a record shown only at governorate level matches no town."""
    entries = VictimPublicIndex.objects.all()
    if query:
        found = names_found(query)
        entries = entries.filter(victim__in=found)
        if isinstance(found, list):
            # A few rows, read by primary key and then sorted: see `Sort.key_order`.
            entries = entries.alias(**{FEW_ROWS: Value(True)})
    if attack is not None:
        entries = entries.filter(attack=attack)
    if governorate is not None:
        entries = entries.filter(governorate=governorate)
    if place is not None:
        entries = entries.filter(Q(governorate=place) | Q(district=place) | Q(town=place))
    if year:
        entries = entries.filter(year=year)
    if sex:
        entries = entries.filter(sex=sex)
    if age:
        entries = entries.filter(is_child=(age == "child"))
    if sample is not None:
        entries = entries.filter(is_sample=sample)
    narrowed = any(value is not None for value in (attack, governorate, place, sample)) or year or sex or age
    if query and isinstance(found, list) and not narrowed:
        # Names alone: every published record that a public key names has its index row, so the listing holds as
        # many rows as the keys found, and its count needs no second query with the same thousand ids.
        entries = entries.alias(**{KNOWN_COUNT: Value(len(found))})
    order = SORTS[sort if sort in SORTS else default_sort()]
    return entries.order_by(*(order.few_rows_ordering if few_rows(entries) else order.ordering))


# Marks index rows narrowed to at most COUNT_LIMIT records by primary key (a name search's matches).
FEW_ROWS = "few_rows"


def few_rows(entries):
    return FEW_ROWS in entries.query.annotations


# The number of rows the listing holds, when it is known without counting them.
KNOWN_COUNT = "known_count"


@dataclass(frozen=True)
class Sort:
    """An order of the public index: records whose `missing` flag is set (no public name, or no public date) come
    after the others, whatever the direction; the others by `key`, then by public id, the one way or the other;
    the missing ones by public id alone (their key is null). Each part reads one of the index's indexes."""

    missing: str
    key: str
    descending: bool = False

    @property
    def ordering(self):
        sign = "-" if self.descending else ""
        return (self.missing, f"{sign}{self.key}", f"{sign}public_id")

    @property
    def few_rows_ordering(self):
        return (self.missing, *self.key_order(few_rows=True, descending=self.descending))

    def key_order(self, *, few_rows, descending):
        """The key, then the public id. For a few rows known by primary key, the key as an expression (`key || ''`,
        the same values in the same order), which no index can give: else a database that sees a LIMIT walks the
        order's index from its start, filtering every row by the list of ids, instead of sorting the few it can
        read at once (SQLite took 40 ms of a 60 ms name search so at 20,000 victims)."""
        key = Func(F(self.key), Value(""), template="(%(expressions)s)", arg_joiner=" || ") if few_rows else F(self.key)
        if descending:
            return (key.desc(), F("public_id").desc())
        return (key.asc(), F("public_id").asc())


SORTS = {
    "name": Sort("name_missing", "sort_name_ar"),
    "name_latin": Sort("name_missing", "sort_name_latin"),
    "date": Sort("date_missing", "date"),
    "-date": Sort("date_missing", "date", descending=True),
}


@dataclass(frozen=True, slots=True)
class ListedPlace:
    """The place a listed record shows, by its names (what `Place.name` reads)."""

    name_ar: str
    name_en: str

    @property
    def name(self):
        return in_language(self.name_ar, self.name_en)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What a listing shows of a published record, read as values from its public index row: the same public values
    as the representation's, without building a model and its three places for each of a page's 50 rows."""

    public_id: str
    name_ar: str
    name_latin: str
    name_is_pseudonym: bool
    is_sample: bool
    age: int | None
    age_group: str
    date: datetime.date | None
    date_precision: str
    place: ListedPlace | None


ROW_FIELDS = (
    *(field for field in IndexRow.__dataclass_fields__ if field != "place"),
    # The place shown, finest first (`VictimPublicIndex.place`): a place's names are never null, its absence is.
    *(f"{level}__{name}" for level in ("town", "district", "governorate") for name in ("name_ar", "name_en")),
)


def index_row(values):
    *public, town_ar, town_en, district_ar, district_en, governorate_ar, governorate_en = values
    if town_ar is not None:
        place = ListedPlace(town_ar, town_en)
    elif district_ar is not None:
        place = ListedPlace(district_ar, district_en)
    elif governorate_ar is not None:
        place = ListedPlace(governorate_ar, governorate_en)
    else:
        place = None
    return IndexRow(*public, place)


@dataclass(frozen=True)
class ListingPage:
    """One page of index rows (`IndexRow`) with the public ids to continue from: `after` the last row for the next page,
    `before` the first for the previous one (None where the listing ends). `count` is the number of rows the
    listing holds, or COUNT_LIMIT when `count_exceeds` says there are more."""

    rows: list
    next_after: str | None
    previous_before: str | None
    count: int
    count_exceeds: bool


def listing_page(entries, sort, *, after="", before="", size=50):
    """The page of `entries` (index rows, filtered) after or before the row with the given public id, in the `sort`
    order, in at most four queries whatever the archive holds: a page is read from where its cursor points in
    an index, never counted off from the first row. A cursor that names no row of the listing (a record since
    unpublished, or any other id) reads the first page, as if it were not given: the same for every non-public id."""
    order = SORTS[sort]
    cursor_id = after or before
    cursor = (
        entries.filter(public_id=cursor_id).values(order.missing, order.key, "public_id").first() if cursor_id else None
    )
    forward = cursor is None or not before
    rows = _rows_from(entries, order, cursor, forward=forward, limit=size + 1)
    if not rows and not forward:
        # Nothing before the first row: the first page.
        return listing_page(entries, sort, size=size)
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    # Reading backwards, the page before the cursor is known to have rows after it (the cursor's own row).
    has_next = more if forward else cursor is not None
    has_previous = (more if not forward else cursor is not None) and bool(rows)
    if KNOWN_COUNT in entries.query.annotations:
        count = entries.query.annotations[KNOWN_COUNT].value
    elif cursor is None and forward and not more:
        # The first page holds every row.
        count = len(rows)
    else:
        count = entries.order_by()[: COUNT_LIMIT + 1].count()
    return ListingPage(
        rows=rows,
        next_after=rows[-1].public_id if has_next and rows else None,
        previous_before=rows[0].public_id if has_previous else None,
        count=min(count, COUNT_LIMIT),
        count_exceeds=count > COUNT_LIMIT,
    )


def _rows_from(entries, order, cursor, *, forward, limit):
    """Up to `limit` rows from the cursor (exclusive) in the order's direction, or from the listing's start or end:
    within the cursor's group (named or dated records, or the others) first, then on into the next group."""
    groups = [False, True] if forward else [True, False]
    if cursor is not None:
        groups = groups[groups.index(cursor[order.missing]) :]
    rows = []
    for missing in groups:
        # `IN (false)`, not `NOT flag`: the flag leads the order's index, which only an equality seeks. Not for a few
        # rows known by primary key, which must be read by it (see `Sort.key_order`).
        few = few_rows(entries)
        group = entries.filter(**{order.missing if few else f"{order.missing}__in": missing if few else [missing]})
        # Reading forwards follows the order; backwards, its reverse.
        ascending = order.descending != forward
        if cursor is not None and cursor[order.missing] == missing:
            group = group.filter(_beyond(order, cursor, ascending, keyed=not missing))
        fields = (
            [F("public_id").asc() if ascending else F("public_id").desc()]
            if missing
            else order.key_order(few_rows=few, descending=not ascending)
        )
        rows += map(index_row, group.order_by(*fields).values_list(*ROW_FIELDS)[: limit - len(rows)])
        if len(rows) >= limit:
            break
    return rows


def _beyond(order, cursor, ascending, *, keyed):
    """Rows after the cursor's in a group read in the given direction. The key's bound is repeated on its own
    (key >= k and (key > k or id > i)), so that both databases seek it in the index instead of scanning to it."""
    op = "gt" if ascending else "lt"
    if not keyed:
        return Q(**{f"public_id__{op}": cursor["public_id"]})
    key = cursor[order.key]
    return Q(**{f"{order.key}__{op}e": key}) & (
        Q(**{f"{order.key}__{op}": key}) | Q(**{f"public_id__{op}": cursor["public_id"]})
    )


def default_sort():
    """Names in the page's own script first: a reader of the English pages looks for "Hussein" under H, not
    after every name that starts with an Arabic letter they cannot read."""
    return "name_latin" if get_language() == "en" else "name"


FILTER_CHOICES_KEY = "archive:filter-choices:v1"


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: the years the public records show, the live attacks in date order (key and titles)
    and the governorates (id and names), each name in both languages."""

    years: list
    attacks: list
    governorates: list


def filter_choices():
    """The filters' choices, kept in the shared cache: the years read the whole index (no database skips through an
    index for DISTINCT), and the three are otherwise three queries on every listing. Forgotten on every write to
    the index (`forget_filter_choices`) and to an attack or a place (signal_handlers.py)."""
    choices = cache.get(FILTER_CHOICES_KEY)
    if choices is None:
        choices = FilterChoices(
            years=list(
                VictimPublicIndex.objects.exclude(year=None).values_list("year", flat=True).distinct().order_by("year")
            ),
            attacks=list(live_attacks().order_by("date").values_list("key", "title_ar", "title_en")),
            governorates=list(
                Place.objects.filter(level=Place.Level.GOVERNORATE)
                .order_by("name_en")
                .values_list("pk", "name_ar", "name_en")
            ),
        )
        cache.set(FILTER_CHOICES_KEY, choices, None)
    return choices


def forget_filter_choices():
    """At once, and again when the change commits (another process may read the index before it does)."""
    cache.delete(FILTER_CHOICES_KEY)
    transaction.on_commit(lambda: cache.delete(FILTER_CHOICES_KEY))


def victims_for_entries(entries):
    """Representations for one page of index rows, in their order, with a fixed number of queries."""
    pks = [entry.victim_id for entry in entries]
    victims = victims_to_represent().in_bulk(pks)
    return [public_victim(victims[pk]) for pk in pks]
