"""The full-page cache's entries and purges, in the shared cache `caches["pages"]` (a database table embedded, Redis
in production), so that a purge made by any process (an app server, a task worker, a management command) reaches
every server at once.

Every cached answer depends on named *surfaces*: one record (`victim:<public id>`, `attack:<key>`), one Wagtail page
(`page:<id>`), everything that lists or counts victims (`VICTIMS`: indexes, search, statistics, sitemap, home, open
data) and the whole site (`SITE`, which every entry depends on). Each surface has a version, a random token kept
longer than any entry (VERSION_TIMEOUT). An entry's key hashes the host, the full path, the active language, today's Damascus date and the
versions of the surfaces the address names, read *before* the answer is rendered; surfaces met during the render
(the Wagtail page served) are kept in the entry with the version read when they were met, and checked on each hit.

A purge gives each surface a new version at once, and again when the transaction commits: another process that
rendered between the two read the data from before the commit, and what it stored sits under a version no reader
asks for any more. A stale entry is thus never found; it is only left to expire (or to the table's culling). A
version that went missing (culled, evicted) is drawn anew, never found again as it was."""

import hashlib
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import translation

from memorial.remembrance import dates

logger = logging.getLogger(__name__)

ALIAS = "pages"
SITE = "SITE"
VICTIMS = "VICTIMS"
# A purge of more surfaces than this (an import, a guard run over the archive) purges the whole site instead.
MAX_SURFACES = 200
# Entries are found again only under today's date and today's versions; this bounds what a culled table keeps.
TIMEOUT = 24 * 60 * 60
# A surface's version outlives every entry made under it; one that expires is drawn anew, which only makes those
# entries unreachable. Bounded, so that the versions of addresses that name nothing (a mistyped or made-up record
# id, which the cache cannot tell from a real one before the render) do not pile up in Redis for good.
VERSION_TIMEOUT = 7 * TIMEOUT
MAX_SURFACE_LENGTH = 100
HEADER = "X-Cache"
# What is in the entry beside the answer: the surfaces met during the render, with their versions then.
REQUEST_ATTRIBUTE = "_memorial_page_cache"

# Sent when a purge commits (at once outside a transaction), with the surfaces purged: the CDN purge follows it.
purged = Signal()


def victim(public_id):
    return f"victim:{public_id}"


def attack(key):
    return f"attack:{key}"


def page(page_id):
    return f"page:{page_id}"


def enabled():
    return settings.MEMORIAL_PAGE_CACHE


def _pages():
    return caches[ALIAS]


def _version_key(surface):
    # A surface named from an address (a record's public id as typed) may be of any length: a long one is hashed,
    # so that no key outgrows what a cache backend accepts (memcached's 250 characters).
    if len(surface) > MAX_SURFACE_LENGTH:
        surface = "sha256:" + hashlib.sha256(surface.encode()).hexdigest()
    return f"version:{surface}"


def versions(surfaces):
    """The current version of each surface, in order; a surface without one (never purged, or culled) gets one."""
    keys = [_version_key(surface) for surface in surfaces]
    found = _pages().get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            _pages().add(key, uuid.uuid4().hex, timeout=VERSION_TIMEOUT)
        found |= _pages().get_many(missing)
    return tuple(found.get(key, "") for key in keys)


def _bump(surfaces):
    _pages().set_many({_version_key(surface): uuid.uuid4().hex for surface in surfaces}, timeout=VERSION_TIMEOUT)


def purge(surfaces):
    """Make every entry that depends on one of `surfaces` unreachable, at once and again when the change commits
    (so that a process reading between the two, before the commit, stores nothing that outlives it)."""
    surfaces = frozenset(surfaces)
    if not surfaces:
        return
    if len(surfaces) > MAX_SURFACES:
        surfaces = frozenset({SITE})
    _bump(surfaces)

    def committed():
        _bump(surfaces)
        purged.send(sender=None, surfaces=surfaces)

    transaction.on_commit(committed)


def purge_all():
    purge({SITE})


@dataclass
class Lookup:
    """One request's place in the cache: its key, and the surfaces whose versions it was computed from."""

    key: str
    surfaces: tuple
    versions: tuple
    met: dict = field(default_factory=dict)


def entry_key(request, surfaces, surface_versions):
    parts = [
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        dates.today().isoformat(),
        *(f"{surface}={version}" for surface, version in zip(surfaces, surface_versions, strict=True)),
    ]
    return "entry:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def depends_on(request, surface):
    """During a render: the answer also depends on `surface` (the Wagtail page served), from this version on."""
    lookup = getattr(request, REQUEST_ATTRIBUTE, None)
    if lookup is not None and surface not in lookup.met:
        lookup.met[surface] = versions([surface])[0]


def _still_current(met):
    return not met or versions(list(met)) == tuple(met.values())


def storable(response):
    """Only a complete public 200 is kept: never an error, a stream, an answer that sets a cookie (a form's CSRF
    token, a message) or that its view marked private."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and "authorization" not in vary


def serve(request, surfaces, render):
    """The answer to `request` from the cache, or `render()` stored for the next request (a HEAD is answered from
    a GET's entry, never stored). `surfaces` are those the address names (SITE is added); the answer carries
    `X-Cache: HIT` or `MISS`."""
    surfaces = (*dict.fromkeys(surfaces), SITE) if SITE not in surfaces else tuple(dict.fromkeys(surfaces))
    lookup = Lookup("", surfaces, versions(surfaces))
    lookup.key = entry_key(request, lookup.surfaces, lookup.versions)
    entry = _pages().get(lookup.key)
    if entry is not None and _still_current(entry["met"]):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "HIT"
        return response
    setattr(request, REQUEST_ATTRIBUTE, lookup)
    try:
        response = render()
    finally:
        delattr(request, REQUEST_ATTRIBUTE)
    if request.method == "GET" and storable(response) and versions(lookup.surfaces) == lookup.versions:
        _pages().set(
            lookup.key,
            {
                "status": response.status_code,
                "headers": [(name, value) for name, value in response.items() if name != HEADER],
                "content": response.content,
                "met": lookup.met,
            },
            TIMEOUT,
        )
    response[HEADER] = "MISS"
    return response


def bypassed(response):
    response[HEADER] = "BYPASS"
    return response
