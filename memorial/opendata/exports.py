"""Open-data exports: the published, non-sample victims and the published attacks, as CSV and JSON, built only
from what the public may see (P7): a victim through `public_victim`, an attack through its public fields.

Why files, not a response computed per request: the files are signed, and a signature covers bytes that exist
before the first byte is sent. So a build writes each file row by row from chunked queries (memory stays flat
however large the archive), hashes it, writes `SHA256SUMS` (the digests, in the format `sha256sum -c` reads) and
signs that with the archive's Ed25519 key (`SHA256SUMS.sig`). Downloads stream the files from disk.

Staleness is never served: every change to what the public sees (`public_surfaces_changed`, sent by the door's
own refresh, and edits of places and sources) replaces a change token in the shared cache. A build records the
token it started under; files whose token is not the current one are not served, and the first download after
a change builds them again (through the tasks backend: inline with the embedded backend, on a worker otherwise,
the download answering 503 "being rebuilt" meanwhile). A withheld name leaves the files as it leaves the pages.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) are
written with a leading apostrophe, which spreadsheets read as "this is text"; JSON holds every value as it is.
"""

import csv
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags

from django_tasks import task

from memorial.archive.models import AttackFigure, Place, VictimPublicIndex
from memorial.archive.selectors import live_attacks, victims_to_represent
from memorial.opendata import signing
from memorial.opendata.importing import COLUMNS, PLACE_COLUMNS
from memorial.privacy.representation import place_chain, public_victim

# The `source` column of every exported victim: re-importing a newer export updates the records it made.
SOURCE = "memorial-open-data"
LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000
VICTIM_COLUMNS = COLUMNS
ATTACK_COLUMNS = (
    "key", "date", "end_date", "title_ar", "title_en", "places_ar", "places_en", "agent", "agent_description",
    "delivery", "delivery_description", "killed", "injured", "figures_checked", "findings", "narrative_ar",
    "narrative_en", "sources",
)  # fmt: skip
DATA_FILES = ("victims.csv", "victims.json", "attacks.csv", "attacks.json")
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
SERVED = {
    "victims.csv": "text/csv; charset=utf-8",
    "victims.json": "application/json",
    "attacks.csv": "text/csv; charset=utf-8",
    "attacks.json": "application/json",
    MANIFEST: "application/json",
    SUMS: "text/plain; charset=utf-8",
    SIGNATURE: "application/octet-stream",
}
CHANGE_KEY = "opendata:exports:change"
BUILD_LOCK = "opendata:exports:building"
# Longer than a build of a very large archive takes; a build that died leaves the lock no longer than this.
BUILD_LOCK_SECONDS = 30 * 60
POINTER = "current"
STATE = "state.json"
NAME_POLICY_SHOWN = {"full": "full", "pseudonym": "pseudonym", "withheld": "withheld"}
DATE_POLICY_SHOWN = {"day": "exact", "month": "month", "year": "year"}
DATE_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def neutralised(value):
    """A CSV cell a spreadsheet cannot run: text that starts like a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# Victims ------------------------------------------------------------------------------------------------------


def shown_name_policy(shown):
    """How the exported name relates to the person's name, as the page says it: the full name, a pseudonym, or
    withheld; empty for a partial name (a first name or initials, which the page shows without saying which)."""
    if shown.name_shown_in_full:
        return "full"
    if shown.name_is_pseudonym:
        return "pseudonym"
    return "" if shown.has_name else "withheld"


def victim_record(shown):
    """One victim as the import's columns, from its public representation alone. Policy columns describe what
    is shown (a place shown at district level exports `place_policy` district), never the stored policy, so the
    file says nothing the page does not; re-importing it reproduces the public record."""
    places = {place.level: place.name_ar for place in place_chain(shown.place)}
    pseudonym = shown.name_is_pseudonym
    record = dict.fromkeys(VICTIM_COLUMNS, "")
    record.update(
        {
            "external_id": shown.public_id,
            "source": SOURCE,
            "name_ar": "" if pseudonym else shown.name_ar,
            "name_latin": "" if pseudonym else shown.name_latin,
            "pseudonym_ar": shown.name_ar if pseudonym else "",
            "pseudonym_latin": shown.name_latin if pseudonym else "",
            "sex": shown.sex or "",
            "age": shown.age if shown.age is not None else "",
            "date_of_death": shown.date.strftime(DATE_FORMATS[shown.date_precision]) if shown.date else "",
            **{column: places.get(column, "") for column in PLACE_COLUMNS},
            "attack_key": shown.attack.key if shown.attack else "",
            "biography_ar": shown.biography_ar,
            "biography_en": shown.biography_en,
            "name_policy": shown_name_policy(shown),
            "place_policy": shown.place.level if shown.place else "country",
            "date_policy": DATE_POLICY_SHOWN.get(shown.date_precision, ""),
            "age_policy": "exact" if shown.age is not None else "group" if shown.age_group else "withheld",
            "biography_policy": "show" if shown.biography_ar or shown.biography_en else "",
            "sources_policy": "show" if shown.sources else "",
        }
    )
    return record


def published_victims(chunk_size=CHUNK_SIZE):
    """Public representations of the published, non-sample victims in public-id order, a chunk of queries at a
    time (keyset pagination on the public index), so memory holds one chunk however large the archive."""
    last = ""
    while True:
        entries = list(
            VictimPublicIndex.objects.filter(is_sample=False, public_id__gt=last)
            .order_by("public_id")
            .values_list("public_id", "victim_id")[:chunk_size]
        )
        if not entries:
            return
        victims = victims_to_represent().in_bulk([pk for _, pk in entries])
        for _, pk in entries:
            if pk in victims:
                shown = public_victim(victims[pk])
                if not shown.is_sample:
                    yield shown
        last = entries[-1][0]


# Attacks ------------------------------------------------------------------------------------------------------


def plain_text(html):
    return unescape(strip_tags(html)).strip()


def _source(source):
    if source is None:
        return None
    return {
        "publisher": source.publisher,
        "title": source.title,
        "document_number": source.document_number,
        "date": source.date.isoformat() if source.date else "",
        "url": source.url,
    }


def attack_record(attack):
    """One published attack, structured as the JSON file holds it: only what its page shows."""
    return {
        "key": attack.key,
        "date": attack.date.isoformat(),
        "end_date": attack.end_date.isoformat() if attack.end_date else "",
        "title_ar": attack.title_ar,
        "title_en": attack.title_en,
        "places": [
            {
                "level": place.level,
                "name_ar": place.name_ar,
                "name_en": place.name_en,
                "within_ar": [enclosing.name_ar for enclosing in list(place_chain(place))[1:]],
                "within_en": [enclosing.name_en for enclosing in list(place_chain(place))[1:]],
            }
            for place in attack.places.all()
        ],
        "agent": attack.agent,
        "agent_description": attack.agent_description,
        "delivery": attack.delivery,
        "delivery_description": attack.delivery_description,
        "figures_checked": attack.figures_checked,
        "figures": [
            {
                "kind": figure.kind,
                "low": figure.low,
                "high": figure.high,
                "reported_by": figure.reported_by,
                "reported_on": figure.reported_on.isoformat() if figure.reported_on else "",
                "source": _source(figure.source),
            }
            for figure in attack.figures.all()
        ],
        "findings": [
            {
                "body": finding.body,
                "document": finding.document,
                "date": finding.date.isoformat() if finding.date else "",
                "attribution": finding.attribution,
                "source": _source(finding.source),
            }
            for finding in attack.findings.all()
        ],
        "narrative_ar": plain_text(attack.narrative_ar),
        "narrative_en": plain_text(attack.narrative_en),
        "sources": [_source(source) for source in attack.sources.all()],
    }


def _figures_text(figures, kind):
    parts = []
    for figure in figures:
        if figure["kind"] != kind:
            continue
        count = str(figure["low"]) if figure["high"] in (None, figure["low"]) else f"{figure['low']}–{figure['high']}"
        parts.append(f"{count} ({figure['reported_by']})")
    return "; ".join(parts)


def _source_text(source):
    parts = [source["publisher"], source["title"], source["document_number"], source["date"], source["url"]]
    return ", ".join(part for part in parts if part)


def attack_row(record):
    """The CSV line of an attack: lists joined with "; " in one cell each."""
    return {
        **{column: record.get(column, "") for column in ATTACK_COLUMNS},
        "places_ar": "; ".join(place["name_ar"] for place in record["places"]),
        "places_en": "; ".join(place["name_en"] for place in record["places"]),
        "killed": _figures_text(record["figures"], AttackFigure.Kind.KILLED),
        "injured": _figures_text(record["figures"], AttackFigure.Kind.INJURED),
        "figures_checked": "yes" if record["figures_checked"] else "no",
        "findings": "; ".join(
            f"{finding['body']}, {finding['document']} {finding['date']}: {finding['attribution']}".replace("  ", " ")
            for finding in record["findings"]
        ),
        "sources": "; ".join(_source_text(source) for source in record["sources"]),
    }


def published_attacks():
    places = Place.objects.select_related("parent__parent")
    return (
        live_attacks()
        .order_by("date", "key")
        .prefetch_related(
            Prefetch("places", queryset=places),
            Prefetch("figures", queryset=AttackFigure.objects.select_related("source").order_by("kind", "low")),
            "findings__source",
            "sources",
        )
    )


# Writing ------------------------------------------------------------------------------------------------------


class CsvFile:
    """UTF-8 CSV with a byte-order mark, which spreadsheets need to read Arabic; every cell neutralised."""

    def __init__(self, path, columns):
        self.handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by close())
        self.columns = columns
        self.writer = csv.writer(self.handle)
        self.writer.writerow(columns)

    def write(self, row):
        self.writer.writerow([neutralised(row[column]) for column in self.columns])

    def close(self):
        self.handle.close()


class JsonFile:
    """A JSON list written one item at a time."""

    def __init__(self, path):
        self.handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self.handle.write("[")
        self.count = 0

    def write(self, record):
        self.handle.write(",\n" if self.count else "\n")
        self.handle.write(json.dumps(record, ensure_ascii=False))
        self.count += 1

    def close(self):
        self.handle.write("\n]\n")
        self.handle.close()


def write_both(directory, stem, columns, records, as_row):
    """`records` into <stem>.csv (each through `as_row`) and <stem>.json in one pass. Returns how many."""
    sheet, items = CsvFile(directory / f"{stem}.csv", columns), JsonFile(directory / f"{stem}.json")
    try:
        for record in records:
            sheet.write(as_row(record))
            items.write(record)
    finally:
        sheet.close()
        items.close()
    return items.count


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 16):
            digest.update(block)
    return digest.hexdigest()


# Builds -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One complete set of files: the data, the manifest, SHA256SUMS and its signature."""

    path: Path
    token: str

    def file(self, name):
        return self.path / name

    @property
    def manifest(self):
        return json.loads(self.file(MANIFEST).read_text(encoding="utf-8"))


def root():
    return Path(settings.MEMORIAL_OPENDATA_ROOT)


def change_token():
    return cache.get(CHANGE_KEY)


def _set_change_token():
    cache.set(CHANGE_KEY, uuid.uuid4().hex, timeout=None)


def mark_changed():
    """What the public sees has changed: the current files are stale. Said at once (a build later in the same
    transaction sees the change) and again after commit (a build that started before the commit read the old
    state and must not pass for current)."""
    _set_change_token()
    transaction.on_commit(_set_change_token)


def current_build():
    """The last complete build, current or not (None before the first)."""
    try:
        name = (root() / POINTER).read_text().strip()
        state = json.loads((root() / name / STATE).read_text())
    except (OSError, ValueError):
        return None
    return Build(root() / name, state["token"])


def fresh_build():
    """The current build when no change has happened since it started, else None."""
    build = current_build()
    token = change_token()
    return build if build is not None and token is not None and build.token == token else None


def build_exports():
    """Build every file into a new directory, then point `current` at it and remove the older builds.

    Returns the new Build, or None when another process is building (its files will be current)."""
    if not cache.add(BUILD_LOCK, "1", timeout=BUILD_LOCK_SECONDS):
        return None
    try:
        # Before any file is written: without a key there is nothing to sign them with.
        signing.private_key()
        token = change_token()
        if token is None:
            _set_change_token()
            token = change_token()
        built_at = timezone.now()
        name = f"build-{built_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        directory = root() / name
        directory.mkdir(parents=True)
        # One read of the records for both formats; a victim's CSV row and JSON item are the same mapping.
        victims = (victim_record(shown) for shown in published_victims())
        attacks = (attack_record(attack) for attack in published_attacks())
        counts = {
            "victims": write_both(directory, "victims", VICTIM_COLUMNS, victims, as_row=dict),
            "attacks": write_both(directory, "attacks", ATTACK_COLUMNS, attacks, as_row=attack_row),
        }
        pem = signing.public_key_pem()
        manifest = {
            "title": "Memorial — open data",
            "licence": LICENCE,
            "generated_at": built_at.isoformat(timespec="seconds"),
            "records": counts,
            "files": {
                file_name: {"sha256": sha256_of(directory / file_name), "bytes": (directory / file_name).stat().st_size}
                for file_name in DATA_FILES
            },
            "signature": {
                "algorithm": "Ed25519",
                "signed_file": SUMS,
                "signature_file": SIGNATURE,
                "public_key_sha256": signing.fingerprint(pem),
            },
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        sums = "".join(f"{sha256_of(directory / file_name)}  {file_name}\n" for file_name in (*DATA_FILES, MANIFEST))
        (directory / SUMS).write_bytes(sums.encode())
        (directory / SIGNATURE).write_bytes(signing.sign(sums.encode()))
        (directory / STATE).write_text(json.dumps({"token": token}))
        pointer = root() / f"{POINTER}.{uuid.uuid4().hex[:8]}"
        pointer.write_text(name)
        os.replace(pointer, root() / POINTER)
        _remove_other_builds(keep=name)
        return Build(directory, token)
    finally:
        cache.delete(BUILD_LOCK)


def _remove_other_builds(keep):
    """Older builds may hold a name withheld since: they go at once. A download already reading one finishes
    from its open file."""
    for entry in root().iterdir():
        if entry.name.startswith("build-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)


@task()
def build_exports_task():
    build_exports()


def served_build():
    """The build to serve: the fresh one, after asking for a build when it is stale. None while one is being
    built elsewhere (a worker, another process)."""
    build = fresh_build()
    if build is None:
        build_exports_task.enqueue()
        build = fresh_build()
    return build
