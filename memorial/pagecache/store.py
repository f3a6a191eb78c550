"""The full-page cache's entries and purges, in the shared cache `caches["pages"]` (a database table embedded, Redis
in production), so that a purge made by any process (an app server, a task worker, a management command) reaches
every server at once.

Every cached answer depends on named *surfaces*: one record (`victim:<public id>`, `attack:<key>`), one Wagtail page
(`page:<id>`), everything that lists or counts victims (`VICTIMS`: indexes, search, statistics, sitemap, home, open
data) and the whole site (`SITE`, which every entry depends on). Each surface has a version, a random token kept
longer than any entry (VERSION_TIMEOUT). An address's entry sits under a key that hashes the host, the full path, the
active language and today's Damascus date, and holds the version of each surface it depends on: those the address
names, read *before* the answer was rendered, and those met during the render (the Wagtail page served), read when
they were met. A hit is an entry whose versions are all still current, checked in the same read as the entry itself
(the surfaces an address met last time in this process are asked for alongside).

A purge gives each surface a new version at once, and again when the transaction commits: another process that
rendered between the two read the data from before the commit, and what it stored names a version no reader
finds any more. A stale entry is thus never served; the next render replaces it. A version that went missing
(culled, evicted) is drawn anew, never found again as it was.
"""

import hashlib
import logging
import uuid

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
# During a render: the surfaces met, with their versions then.
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


def _draw_missing(found, keys):
    """`found` (version key -> version) completed with a version for each of `keys` it lacks (never purged, or
    culled): `add`, so that two processes drawing at once agree on the one stored first."""
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            _pages().add(key, uuid.uuid4().hex, timeout=VERSION_TIMEOUT)
        found |= _pages().get_many(missing)
    return found


def versions(surfaces):
    """The current version of each surface, in order."""
    keys = [_version_key(surface) for surface in surfaces]
    found = _draw_missing(_pages().get_many(keys), keys)
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


# Per process, the surfaces each entry met when it was last stored here: asked for in the same read as the entry, so
# that a hit on a Wagtail page costs one read too. Only a guess (another process may have stored the entry since):
# a surface the entry names but the read missed is read after it. Bounded: emptied when full.
_met_last_time = {}
MET_MEMORY = 10_000


def entry_key(request):
    parts = [request.get_host(), request.get_full_path(), translation.get_language() or "", dates.today().isoformat()]
    return "entry:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def depends_on(request, surface):
    """During a render: the answer also depends on `surface` (the Wagtail page served), from this version on."""
    met = getattr(request, REQUEST_ATTRIBUTE, None)
    if met is not None and surface not in met:
        met[surface] = versions([surface])[0]


def _remember_met(key, met):
    if len(_met_last_time) >= MET_MEMORY:
        _met_last_time.clear()
    _met_last_time[key] = tuple(met)


def _cached(key, surfaces):
    """(The entry under `key` if every surface it depends on is still at its version, else None; the current
    versions of `surfaces`, in order, for a render), in one read when the entry met nothing new."""
    guessed = _met_last_time.get(key, ())
    version_keys = {surface: _version_key(surface) for surface in (*surfaces, *guessed)}
    found = _pages().get_many([key, *version_keys.values()])
    entry = found.pop(key, None)
    if entry is not None:
        unread = [surface for surface in entry["versions"] if surface not in version_keys]
        if unread:
            version_keys |= {surface: _version_key(surface) for surface in unread}
            found |= _pages().get_many([version_keys[surface] for surface in unread])
            _remember_met(key, [surface for surface in entry["versions"] if surface not in surfaces])
        current = all(found.get(version_keys[surface]) == version for surface, version in entry["versions"].items())
        if current and set(surfaces) <= entry["versions"].keys():
            return entry, ()
    found = _draw_missing(found, [version_keys[surface] for surface in surfaces])
    return None, tuple(found.get(version_keys[surface], "") for surface in surfaces)


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
    surfaces = tuple(dict.fromkeys((*surfaces, SITE)))
    key = entry_key(request)
    entry, surface_versions = _cached(key, surfaces)
    if entry is not None:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "HIT"
        return response
    met = {}
    setattr(request, REQUEST_ATTRIBUTE, met)
    try:
        response = render()
    finally:
        delattr(request, REQUEST_ATTRIBUTE)
    if request.method == "GET" and storable(response) and versions(surfaces) == surface_versions:
        _pages().set(
            key,
            {
                "status": response.status_code,
                "headers": [(name, value) for name, value in response.items() if name != HEADER],
                "content": response.content,
                "versions": {**dict(zip(surfaces, surface_versions, strict=True)), **met},
            },
            TIMEOUT,
        )
        _remember_met(key, met)
    response[HEADER] = "MISS"
    return response


def bypassed(response):
    response[HEADER] = "BYPASS"
    return response
