"""Importing victims from a partner's list, CSV or JSON (docs/import.md is the partner's side of this).

The file is read twice. The first pass checks every row and names each problem by its place in the file;
the second writes the valid rows in batches inside one transaction, and the published records it created
or changed then go through `victims_published` once. Between the passes only the positions of bad rows
(and the ids seen, to catch duplicates) are kept, so memory stays flat however long the file is.

A row's policy cells are the partner's wishes: empty ones take the site default on a new record and leave
an existing record's value alone; given ones may tighten an existing record, never loosen it (P11). Every
tightening is recorded as a moderator's would be: a PolicyChange and an audit-log entry with the reason.
"""

import codecs
import csv
import datetime
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice, zip_longest
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.log_actions import LogContext, get_active_log_context, registry

from memorial.archive.bulk import insert_keyed_rows, insert_rows, update_rows
from memorial.archive.models import Attack, Place, Victim
from memorial.archive.names import is_arabic, normalise_arabic, split_full_name
from memorial.archive.text import identifier_key, without_controls
from memorial.opendata.photo_zip import PhotoArchive, UnreadableArchive
from memorial.privacy.models import PolicyChange, publication_defaults
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.policy import POLICY_FIELDS, NamePolicy, tighten
from memorial.privacy.publication import NamesInHand, refresh_public_surfaces, victims_published
from memorial.privacy.representation import SHOWS_IDENTITY
from memorial.privacy.sealing import SealingUnavailable, sealer
from memorial.privacy.services import TIGHTENED, policy_of

FORMATS = ("csv", "json")
SCRIPTS = ("ar", "latin")
NAME_PARTS = tuple(f"{part}_name_{script}" for script in SCRIPTS for part in ("given", "father", "family"))
PLACE_COLUMNS = ("governorate", "district", "town")
COLUMNS = (
    "external_id", "source", "name_ar", "name_latin", *NAME_PARTS, "sex", "age", "date_of_death",
    *PLACE_COLUMNS, "attack_key", "biography_ar", "biography_en", "pseudonym", "pseudonym_ar", "pseudonym_latin",
    *POLICY_FIELDS, "photo_file",
)  # fmt: skip
NAME_COLUMNS = ("name_ar", "name_latin", *NAME_PARTS)
# What an import sets on a victim. Everything else (sources, documentation status, age group) is the
# moderators' and stays as it is; a photo from the photos zip is added only to a record that has none.
VICTIM_FIELDS = (
    "sex", "age", "date_of_death", "date_precision", "place_id", "attack_id",
    "biography_ar", "biography_en", "pseudonym_ar", "pseudonym_latin",
)  # fmt: skip
DATE_PRECISIONS = {3: Victim.DatePrecision.DAY, 2: Victim.DatePrecision.MONTH, 1: Victim.DatePrecision.YEAR}
DATE_PATTERN = re.compile(r"\d{4}(?:-\d{2}){0,2}")
AGE_PATTERN = re.compile(r"\d{1,3}")
MAX_AGE = 120
BATCH_SIZE = 1000
# Read once: a choices class builds its list of values anew on every access, and every row checks them.
POLICY_VALUES = {policy_field: frozenset(choices.values) for policy_field, choices in POLICY_FIELDS.items()}
SEXES = frozenset(Victim.Sex.values)
PROGRESS_EVERY = 1000


def _max_length(model, name):
    model_field = model._meta.get_field(name)
    # Sealed fields store ciphertext in a text column; their limit is the one their forms apply.
    return getattr(model_field, "form_max_length", None) or model_field.max_length


MAX_LENGTHS = {
    "external_id": _max_length(Victim, "external_id"),
    "source": _max_length(Victim, "external_source"),
    "pseudonym_ar": _max_length(Victim, "pseudonym_ar"),
    "pseudonym_latin": _max_length(Victim, "pseudonym_latin"),
    **{part: _max_length(VictimIdentity, part) for part in NAME_PARTS},
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, wrong format, a bad header): no row is checked."""


# What stops an import before any row is written, with a message for the person who started it: a file that
# cannot be imported, or no sealing keys to seal names with.
STOPPED_BY = (ImportFileError, SealingUnavailable)


@dataclass(slots=True)
class Row:
    """One valid row, as the values it gives the record. `policy` holds only the policy values the row gives:
    the site default fills the others in on a new record, an existing one keeps its own."""

    position: int
    source: str
    external_id: str
    victim: dict
    identity: dict
    policy: dict
    photo: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    kept_tighter: int = 0
    tightened: int = 0
    updated_published: int = 0
    errors: list = field(default_factory=list)
    written: bool = False

    @property
    def valid(self):
        return self.created + self.updated + self.unchanged


def _column(name):
    return name.strip().lower()


def _one_of(values):
    """'a, b or c', for messages that list the accepted values."""
    *first, last = values
    return _("%(values)s or %(last)s") % {"values": ", ".join(first), "last": last}


def _first_undecodable_line(path, encoding):
    """Where decoding fails, counted in lines: the error itself comes from a read-ahead buffer."""
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 0
    with open(path, "rb") as handle:
        try:
            for line in handle:
                number += 1
                decoder.decode(line)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
    return number


class PartnerFile:
    """A partner's file, read as (position, values) records as often as needed.

    Positions are what a person opening the file finds: the line a CSV row starts on (the header is line
    1), or the item's number in a JSON list, counted from 1.
    """

    def __init__(self, path, file_format=None, encoding="utf-8", name=None):
        self.path = Path(path)
        # What the file is called where a person sees it (the admin keeps uploads under random names).
        self.name = name or self.path.name
        self.format = file_format or self.path.suffix.lower().removeprefix(".")
        if self.format not in FORMATS:
            raise ImportFileError(
                _("Cannot tell the format of %(name)s: use --format csv or --format json.") % {"name": self.name}
            )
        try:
            codec = codecs.lookup(encoding)
        except LookupError as error:
            raise ImportFileError(_("Unknown encoding '%(encoding)s'.") % {"encoding": encoding}) from error
        # Spreadsheets often start UTF-8 files with a byte-order mark; utf-8-sig reads files with and without.
        self.encoding = "utf-8-sig" if codec.name == "utf-8" else codec.name

    def where(self, position):
        if self.format == "json":
            return _("item %(number)d") % {"number": position}
        return _("line %(number)d") % {"number": position}

    def __iter__(self):
        try:
            yield from self._json_records() if self.format == "json" else self._csv_records()
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _(
                    "The file cannot be read as %(encoding)s (line %(line)s); give its encoding with --encoding, "
                    "e.g. --encoding cp1256 for Windows Arabic."
                )
                % {"encoding": self.encoding, "line": _first_undecodable_line(self.path, self.encoding)}
            ) from error
        except OSError as error:
            raise ImportFileError(
                _("Cannot read %(name)s: %(reason)s") % {"name": self.name, "reason": error.strerror}
            ) from error

    def _csv_records(self):
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = self._check_header(next(reader, None))
                start = reader.line_num + 1
                for values in reader:
                    # Blank lines, and rows of empty cells that spreadsheets leave at the end, are no rows.
                    if any(value.strip() for value in values):
                        yield start, self._csv_record(header, values)
                    start = reader.line_num + 1
            except csv.Error as error:
                raise ImportFileError(
                    _("Line %(line)d cannot be read as CSV: %(reason)s") % {"line": reader.line_num, "reason": error}
                ) from error

    @staticmethod
    def _csv_record(header, values):
        record = {}
        for name, value in zip_longest(header, values):
            if name:
                record[name] = value or ""
            elif value and value.strip():
                # A value with no column to belong to (past the header's end, or under an empty name).
                record[None] = value
        return record

    @staticmethod
    def _check_header(header):
        if not header:
            raise ImportFileError(_("The file is empty: the first line must name the columns."))
        names = [_column(name) for name in header]
        unknown = sorted({name for name in names if name and name not in COLUMNS})
        if unknown:
            # A misspelt policy column would otherwise fall back to the site default without a word.
            raise ImportFileError(
                _("Unknown column(s) in the header: %(columns)s. The columns are listed in docs/import.md.")
                % {"columns": ", ".join(unknown)}
            )
        repeated = sorted({name for name in names if name and names.count(name) > 1})
        if repeated:
            raise ImportFileError(_("The header names a column twice: %(columns)s.") % {"columns": ", ".join(repeated)})
        for required in ("external_id", "source"):
            if required not in names:
                raise ImportFileError(_("The header has no %(column)s column.") % {"column": required})
        if not set(names) & set(NAME_COLUMNS):
            raise ImportFileError(
                _("The header has no name column: give name_ar, name_latin or the name-part columns.")
            )
        return names

    def _json_records(self):
        text = self.path.read_text(encoding=self.encoding)
        try:
            items = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("The file is not valid JSON (line %(line)d, column %(column)d): %(reason)s")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ) from error
        if not isinstance(items, list):
            raise ImportFileError(_("A JSON file must hold a list of objects, one per victim."))
        for index, item in enumerate(items):
            if isinstance(item, dict):
                item = {_column(str(key)): value for key, value in item.items()}
            yield index + 1, item


def _place_key(name):
    return normalise_arabic(name) if is_arabic(name) else " ".join(name.split()).casefold()


class Gazetteer:
    """Every place by its normalised Arabic and English names, read once per import."""

    def __init__(self):
        self.parents = {}
        self.named = defaultdict(set)
        # A file names the same few places over and over: each (level, name, within) is looked up once.
        self.found = {}
        for pk, level, parent_id, name_ar, name_en in Place.objects.values_list(
            "pk", "level", "parent_id", "name_ar", "name_en"
        ):
            self.parents[pk] = parent_id
            for name in (name_ar, name_en):
                if name.strip():
                    self.named[level, _place_key(name)].add(pk)

    def lies_within(self, pk, ancestor):
        while pk is not None:
            if pk == ancestor:
                return True
            pk = self.parents[pk]
        return False

    def find(self, level, name, within=None):
        asked = (level, name, within)
        if asked not in self.found:
            self.found[asked] = [
                pk
                for pk in self.named.get((level, _place_key(name)), ())
                if within is None or self.lies_within(pk, within)
            ]
        return list(self.found[asked])


class Lookups:
    """What rows are checked against: places, attack keys, the site's default policy, the (source,
    external_id) of every record withdrawn at its family's request, and the photos zip when one came."""

    def __init__(self, photos=None):
        self.photos = photos
        self.places = Gazetteer()
        self.attacks = {key.lower(): pk for key, pk in Attack.objects.values_list("key", "pk")}
        self.default_policy = publication_defaults().as_policy()
        # Keyed again here, not only read as stored: a record whose keys could not be normalised (two records
        # would have collided, see migration archive 0007) still stops its row.
        self.withdrawn = {
            (identifier_key(source), identifier_key(external_id))
            for source, external_id in Victim.objects.exclude(withdrawn_at=None)
            .exclude(external_id="")
            .values_list("external_source", "external_id")
        }


def _texts(values, problems):
    """Every known column as stripped text without invisible controls ('' when absent); unknown fields and odd
    values are problems."""
    texts = dict.fromkeys(COLUMNS, "")
    for column, value in values.items():
        if column is None:
            problems.append(_("the row has more values than the header has columns"))
        elif column not in texts:
            problems.append(_("unknown field '%(field)s'") % {"field": column})
        elif isinstance(value, str):
            texts[column] = without_controls(value).strip()
        elif isinstance(value, int) and not isinstance(value, bool):
            texts[column] = str(value)
        elif value is not None:
            problems.append(_("%(column)s must be text or a whole number") % {"column": column})
    return texts


def _names(texts, problems):
    """The sealed name parts. Part columns win over a full name in the same script; a full name is split
    by `split_full_name`, which keeps compounds such as عبد الله or Abu Bakr whole."""
    identity = {}
    for script in SCRIPTS:
        columns = [f"{part}_name_{script}" for part in ("given", "father", "family")]
        parts = [" ".join(texts[column].split()) for column in columns]
        if not any(parts):
            parts = split_full_name(texts[f"name_{script}"])
        identity.update(zip(columns, parts, strict=True))
    if not any(identity.values()):
        problems.append(_("no name: give name_ar, name_latin or the name-part columns"))
    # Names are never echoed in messages: the output of an import may end up in a log.
    arabic = " ".join(identity[f"{part}_name_ar"] for part in ("given", "father", "family"))
    latin = " ".join(identity[f"{part}_name_latin"] for part in ("given", "father", "family"))
    if arabic.strip() and not is_arabic(arabic):
        problems.append(_("the Arabic name is not written in Arabic script"))
    if is_arabic(latin):
        problems.append(_("the Latin-script name contains Arabic script"))
    return identity


def _pseudonyms(texts, problems):
    pseudonyms = {"pseudonym_ar": texts["pseudonym_ar"], "pseudonym_latin": texts["pseudonym_latin"]}
    pseudonym = texts["pseudonym"]
    if pseudonym:
        column = "pseudonym_ar" if is_arabic(pseudonym) else "pseudonym_latin"
        if pseudonyms[column] and pseudonyms[column] != pseudonym:
            problems.append(_("pseudonym and %(column)s give different pseudonyms") % {"column": column})
        pseudonyms[column] = pseudonym
    return pseudonyms


def _policy(texts, problems):
    given = {}
    for policy_field, choices in POLICY_FIELDS.items():
        value = texts[policy_field].lower()
        if value in POLICY_VALUES[policy_field]:
            given[policy_field] = value
        elif value:
            problems.append(
                _("unknown %(column)s '%(value)s' (expected %(expected)s)")
                % {"column": policy_field, "value": texts[policy_field], "expected": _one_of(choices.values)}
            )
    return given


def _date(text, problems):
    if not text:
        return None, Victim.DatePrecision.DAY
    if DATE_PATTERN.fullmatch(text):
        numbers = [int(number) for number in text.split("-")]
        try:
            return datetime.date(*numbers, *[1] * (3 - len(numbers))), DATE_PRECISIONS[len(numbers)]
        except ValueError:
            pass
    problems.append(_("date_of_death '%(value)s' is not a date written YYYY-MM-DD, YYYY-MM or YYYY") % {"value": text})
    return None, Victim.DatePrecision.DAY


def _age(text, problems):
    if not text:
        return None
    if AGE_PATTERN.fullmatch(text) and int(text) <= MAX_AGE:
        return int(text)
    problems.append(_("age '%(value)s' is not a whole number from 0 to %(max)d") % {"value": text, "max": MAX_AGE})
    return None


def _place(texts, places, problems):
    """The most precise place the row names, each level looked up within the one before it."""
    found = enclosing = None
    for column in PLACE_COLUMNS:
        name = texts[column]
        if not name:
            continue
        candidates = places.find(column, name, within=found)
        if len(candidates) == 1:
            found, enclosing = candidates[0], (column, name)
            continue
        if candidates:
            problems.append(
                _("%(column)s '%(value)s' matches several places; give its governorate or district as well")
                % {"column": column, "value": name}
            )
        elif enclosing:
            problems.append(
                _("unknown %(column)s '%(value)s' within %(parent_column)s '%(parent_value)s'")
                % {"column": column, "value": name, "parent_column": enclosing[0], "parent_value": enclosing[1]}
            )
        else:
            problems.append(_("unknown %(column)s '%(value)s'") % {"column": column, "value": name})
        return None
    return found


def clean_row(position, values, lookups):
    """(Row, []) for a valid record, (None, problems) otherwise."""
    if not isinstance(values, dict):
        return None, [_("expected an object with the record's fields")]
    problems = []
    texts = _texts(values, problems)
    if not texts["external_id"]:
        problems.append(_("external_id is missing"))
    if not texts["source"]:
        problems.append(_("source is missing"))
    source, external_id = identifier_key(texts["source"]), identifier_key(texts["external_id"])
    identity = _names(texts, problems)
    pseudonyms = _pseudonyms(texts, problems)
    lengths = {"external_id": external_id, "source": source, **identity, **pseudonyms}
    for column, value in lengths.items():
        if len(value) > MAX_LENGTHS[column]:
            problems.append(
                _("%(column)s is longer than %(limit)d characters") % {"column": column, "limit": MAX_LENGTHS[column]}
            )
    sex = texts["sex"].lower() or Victim.Sex.UNKNOWN
    if sex not in SEXES:
        problems.append(
            _("unknown sex '%(value)s' (expected %(expected)s)")
            % {"value": texts["sex"], "expected": _one_of(Victim.Sex.values)}
        )
    age = _age(texts["age"], problems)
    date_of_death, date_precision = _date(texts["date_of_death"], problems)
    place_id = _place(texts, lookups.places, problems)
    attack_id = lookups.attacks.get(texts["attack_key"].lower())
    if texts["attack_key"] and attack_id is None:
        problems.append(_("unknown attack_key '%(value)s'") % {"value": texts["attack_key"]})
    policy = _policy(texts, problems)
    if policy.get("name_policy") == NamePolicy.PSEUDONYM and not any(pseudonyms.values()):
        problems.append(_("name_policy is pseudonym but the row gives no pseudonym"))
    if problems:
        return None, problems
    victim = {
        "sex": sex,
        "age": age,
        "date_of_death": date_of_death,
        "date_precision": date_precision,
        "place_id": place_id,
        "attack_id": attack_id,
        "biography_ar": texts["biography_ar"],
        "biography_en": texts["biography_en"],
        **pseudonyms,
    }
    return Row(position, source, external_id, victim, identity, policy, texts["photo_file"]), []


def check_file(partner_file, lookups, result, progress=None):
    """First pass: every problem of every row into `result.errors`.

    Returns the positions of the bad rows and how many rows are good. Of rows sharing a (source,
    external_id), the first is taken and every later one is a duplicate. A row of a withdrawn record is
    refused, however its source and id are written: the record is the family's withdrawal and stays one.
    """
    seen = {}
    invalid = set()
    for count, (position, values) in enumerate(partner_file, start=1):
        row, problems = clean_row(position, values, lookups)
        if row is not None:
            key = (row.source, row.external_id)
            if key in lookups.withdrawn:
                problems = [
                    _(
                        "source '%(source)s' with external_id '%(external_id)s' was withdrawn at the family's "
                        "request; it is never imported again"
                    )
                    % {"source": row.source, "external_id": row.external_id}
                ]
            elif key in seen:
                problems = [
                    _("source '%(source)s' with external_id '%(external_id)s' already appears on %(where)s")
                    % {"source": row.source, "external_id": row.external_id, "where": partner_file.where(seen[key])}
                ]
            else:
                seen[key] = position
                problems = _photo_problems(row, lookups)
        if problems:
            invalid.add(position)
            where = partner_file.where(position)
            result.errors.extend(f"{where}: {problem}" for problem in problems)
        if progress and count % PROGRESS_EVERY == 0:
            progress("check", count, None)
    if progress:
        rows = len(seen) + len(invalid)
        progress("check", rows, rows)
    result.invalid = len(invalid)
    return invalid, len(seen)


def _photo_problems(row, lookups):
    """The photo intake's verdict on the photo a row names, checked in full before anything is written."""
    if not row.photo:
        return []
    if lookups.photos is None:
        return [_("photo_file is given but no zip of photos came with the file")]
    return lookups.photos.problems(row.photo)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _existing(rows):
    """The records these rows already have, by (source, external_id), with their sealed names."""
    ids = defaultdict(list)
    for row in rows:
        ids[row.source].append(row.external_id)
    loaded = (
        "external_id", "public_id", "live", "first_published_at", "withdrawn_at", "photo", *VICTIM_FIELDS,
        *POLICY_FIELDS,
        *(f"identity__{part}" for part in NAME_PARTS),
    )  # fmt: skip
    found = {}
    for source, external_ids in ids.items():
        records = (
            # Locked until the import commits: a moderator's tightening or a withdrawal meanwhile waits, and
            # is not overwritten by values read before it.
            Victim.objects.filter(external_source=source, external_id__in=external_ids)
            .select_for_update(of=("self",))
            .select_related("identity")
            .only(*loaded)
        )
        found.update(((source, victim.external_id), victim) for victim in records)
    return found


def _new_record(row, defaults, draft, now):
    victim = Victim(
        external_source=row.source,
        external_id=row.external_id,
        **row.victim,
        **{**defaults, **row.policy},
        live=not draft,
        has_unpublished_changes=draft,
        first_published_at=None if draft else now,
        last_published_at=None if draft else now,
    )
    # insert_rows fills in victim_id from the victim once that has its pk.
    return victim, VictimIdentity(victim=victim, **row.identity)


def _set_changed(instance, values):
    changed = {name for name, value in values.items() if getattr(instance, name) != value}
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _bring_up_to_date(victim, row, policy, draft, now):
    """Apply a row, with the policy already merged from it (never looser than the record's), to its record.

    Returns (changed victim fields, changed identity fields, a new identity when the record had none)."""
    changed = _set_changed(victim, {**row.victim, **policy})
    # A draft left by an earlier --draft import is published now; a record that was published and then
    # taken down by a moderator, or withdrawn by its family, never comes back through an import.
    if not draft and not victim.live and victim.first_published_at is None and victim.withdrawn_at is None:
        changed |= _set_changed(
            victim,
            {"live": True, "has_unpublished_changes": False, "first_published_at": now, "last_published_at": now},
        )
    try:
        return changed, _set_changed(victim.identity, row.identity), None
    except VictimIdentity.DoesNotExist:
        return changed, set(), VictimIdentity(victim=victim, **row.identity)


@dataclass(slots=True)
class Tightening:
    """A policy an import made more private, to be recorded once the batch is written."""

    victim: Victim
    before: dict
    after: dict
    reason: str


def _reason(partner_file, row):
    """Why a policy was tightened, as the record's history shows it: the partner, the file and the row."""
    return _("Import from %(source)s (%(file)s), %(where)s") % {
        "source": row.source,
        "file": partner_file.name,
        "where": partner_file.where(row.position),
    }


def _record_tightenings(tightenings, now):
    """An applied PolicyChange and an audit-log entry for each tightening, the same ones
    `privacy.services.change_policy` writes for a moderator's (M2); no user, the import did it."""
    if not tightenings:
        return
    insert_rows(
        PolicyChange,
        (
            PolicyChange(
                victim_id=tightening.victim.pk,
                status=PolicyChange.Status.APPLIED,
                before=tightening.before,
                after=tightening.after,
                reason=tightening.reason,
                decided_at=now,
            )
            for tightening in tightenings
        ),
    )
    # Each entry is labelled with the record's public label, from the record as the batch left it in memory (its
    # tightened policy, public id and sealed names already read): no record is read again.
    _log_all(
        (tightening.victim, {"reason": tightening.reason, "from": tightening.before, "to": tightening.after})
        for tightening in tightenings
    )


def _log_all(entries, action=TIGHTENED):
    """The audit-log entries Wagtail's `log` would write one by one for (victim, data) pairs, in bulk inserts: the
    same log model, content type, label (the public `__str__`), action, data, and the active LogContext's user
    and uuid. One timestamp for the batch: it is one import's decision."""
    model = registry.get_log_model_for_model(Victim)
    content_type = ContentType.objects.get_for_model(Victim, for_concrete_model=False)
    context = get_active_log_context()
    timestamp = timezone.now()
    insert_rows(
        model,
        (
            model(
                content_type=content_type,
                object_id=str(instance.pk),
                label=model.objects.get_instance_title(instance),
                action=action,
                timestamp=timestamp,
                data=data,
                user=context.user,
                uuid=context.uuid,
            )
            for instance, data in entries
        ),
    )


def _photo(photos, name):
    """A new archive photo from the zip, through the same intake as an admin upload (checked in the first pass)."""
    scrubbed = photos.scrubbed(name)
    # The same neutral title the admin gives: a file's name can carry a person's name.
    image = get_image_model()(title=_("Untitled photo"), file=scrubbed.content, intake_sha256=scrubbed.sha256)
    image._set_image_file_metadata()
    image.save()
    return image


def _write_batch(rows, result, *, partner_file, photos, defaults, draft, dry_run, now):
    """Create or update the records of one batch. Returns the published records it changed, as primary keys mapped
    to their names in hand when their policy shows any (None otherwise)."""
    existing = _existing(rows)
    photographed = []
    created, new_identities = [], []
    updated, updated_identities, touched, tightenings = [], [], [], []
    victim_fields, identity_fields = {"updated_at"}, {"updated_at"}
    for row in rows:
        victim = existing.get((row.source, row.external_id))
        if victim is None:
            victim, identity = _new_record(row, defaults, draft, now)
            created.append(victim)
            new_identities.append(identity)
            if row.photo:
                photographed.append((victim, row.photo))
            continue
        before = policy_of(victim)
        after = tighten(before, row.policy)
        # A value the row gives that did not make it into the merged policy was looser than the record's.
        result.kept_tighter += any(after[name] != value for name, value in row.policy.items())
        was_published = victim.live
        changed, identity_changed, new_identity = _bring_up_to_date(victim, row, after, draft, now)
        if row.photo and victim.photo_id is None:
            photographed.append((victim, row.photo))
            changed.add("photo")
        if not (changed or identity_changed or new_identity):
            result.unchanged += 1
            continue
        touched.append(victim)
        # --draft never holds back a change to a published record: it is public at once.
        result.updated_published += was_published
        if after != before:
            tightenings.append(Tightening(victim, before, after, _reason(partner_file, row)))
        # bulk_update leaves auto_now fields alone.
        if changed:
            victim.updated_at = now
            updated.append(victim)
            victim_fields |= changed
        if identity_changed:
            victim.identity.updated_at = now
            updated_identities.append(victim.identity)
            identity_fields |= identity_changed
        if new_identity:
            new_identities.append(new_identity)
    result.created += len(created)
    result.updated += len(touched)
    result.tightened += len(tightenings)
    if dry_run:
        return {}
    for victim, name in photographed:
        victim.photo = _photo(photos, name)
    insert_keyed_rows(Victim, created, "external_source", "external_id")
    insert_rows(VictimIdentity, new_identities)
    update_rows(Victim, updated, sorted(victim_fields))
    update_rows(VictimIdentity, updated_identities, sorted(identity_fields))
    _record_tightenings(tightenings, now)
    # Unpublished records have no public surface, but a tightened one's admin history must lose the old label.
    if unpublished := [victim.pk for victim in touched if not victim.live]:
        refresh_public_surfaces(unpublished)
    return {
        victim.pk: NamesInHand(victim.identity) if victim.name_policy in SHOWS_IDENTITY else None
        for victim in (*created, *touched)
        if victim.live
    }


def _publish(published, progress):
    """Public ids, name keys, the k-anonymity guard and caches for the published records that changed (`published`
    as `_write_batch` returns them), all in one call so the guard runs once for the whole file."""
    pks = list(published)
    if progress:
        progress("publish", 0, len(pks))
    victims = []
    for start in range(0, len(pks), 2000):
        victims.extend(Victim.objects.filter(pk__in=pks[start : start + 2000]).only("pk", "public_id"))
    victims_published(victims, names={pk: names for pk, names in published.items() if names is not None})
    if progress:
        progress("publish", len(pks), len(pks))


def import_victims(
    path,
    *,
    file_format=None,
    encoding="utf-8",
    dry_run=False,
    draft=False,
    skip_invalid=False,
    photos=None,
    name=None,
    progress=None,
):
    """Import a partner's file, with the photos its `photo_file` column names from the zip at `photos`.
    Writes nothing when a row is invalid, unless `skip_invalid`; with `dry_run` it only counts what it would
    do. `name` is the file's name in messages; `progress(phase, done, total)` is called as the work advances."""
    partner_file = PartnerFile(path, file_format, encoding, name)
    if not dry_run:
        # Fail before reading a long file, not in the middle of writing it.
        sealer()
    if photos is None:
        return _import(partner_file, None, dry_run=dry_run, draft=draft, skip_invalid=skip_invalid, progress=progress)
    try:
        archive = PhotoArchive(photos)
    except UnreadableArchive as error:
        raise ImportFileError(str(error)) from error
    with archive:
        return _import(
            partner_file, archive, dry_run=dry_run, draft=draft, skip_invalid=skip_invalid, progress=progress
        )


def _import(partner_file, photos, *, dry_run, draft, skip_invalid, progress):
    lookups = Lookups(photos)
    result = ImportResult()
    invalid, total = check_file(partner_file, lookups, result, progress)
    if invalid and not (skip_invalid or dry_run):
        return result

    rows = (clean_row(position, values, lookups)[0] for position, values in partner_file if position not in invalid)
    now = timezone.now()
    done = 0
    # The audit-log entries of one import share one id, as those of one action in the admin do.
    with transaction.atomic(), LogContext():
        published = {}
        for batch in _batches(rows, BATCH_SIZE):
            published.update(
                _write_batch(
                    batch,
                    result,
                    partner_file=partner_file,
                    photos=photos,
                    defaults=lookups.default_policy,
                    draft=draft,
                    dry_run=dry_run,
                    now=now,
                )
            )
            done += len(batch)
            if progress:
                progress("write", done, total)
        if published:
            _publish(published, progress)
    result.written = not dry_run
    return result
