"""Which public addresses the page cache keeps, and the surfaces each depends on, by URL name. An address whose
name is not here is never cached: the health check, the forms, the candle endpoint, the open-data downloads (which
stream, and check their own freshness), the admin, the bench's minimal view."""

from memorial.pagecache import store
from memorial.pagecache.store import VICTIMS, attack, page, victim


def _victim(kwargs):
    return (victim(kwargs["public_id"]),)


def _attack(kwargs):
    return (attack(kwargs["key"]), VICTIMS)


def _listing(kwargs):
    return (VICTIMS,)


def _site(kwargs):
    return ()


BY_NAME = {
    "archive:victim": _victim,
    # An attack's page lists its victims and counts them.
    "archive:attack": _attack,
    "archive:victim_index": _listing,
    "archive:attack_index": _listing,
    "archive:statistics": _listing,
    "opendata:index": _listing,
    "opendata:victim_csl": _victim,
    "opendata:victim_bibtex": _victim,
    "opendata:attack_csl": _attack,
    "opendata:attack_bibtex": _attack,
    "remembrance:victim_share_card": _victim,
    "remembrance:attack_share_card": _attack,
    "remembrance:page_share_card": lambda kwargs: (page(kwargs["page_id"]), VICTIMS),
    "sitemap_index": _listing,
    "django.contrib.sitemaps.views.sitemap": _listing,
    "robots_txt": _site,
    # Wagtail's pages (home, remembrance): their blocks name and count victims; the page itself is met when it is
    # served (wagtail_hooks.py), and every page publish purges the site.
    "wagtail_serve": _listing,
    # The API (memorial.opendata.api answers from the cache itself, after its rate limit).
    "api:index": _site,
    "api:victims": _listing,
    "api:victim": _victim,
    "api:attacks": _listing,
    "api:attack": _attack,
    "api:places": _site,
    "api:place": _site,
    "api:remembrance-days-list": _listing,
    "api:remembrance-days-detail": lambda kwargs: (page(kwargs["page_id"]), VICTIMS),
    "api:anniversaries-list": _listing,
    "api:anniversaries-detail": lambda kwargs: (page(kwargs["page_id"]), VICTIMS),
}

# Name searches are answered but never kept: a cache entry would be a record of what someone searched for.
SEARCH_PARAMETERS = ("q",)


def surfaces_of(request, match):
    """The surfaces of the address `match` resolved, or None when it is not cached."""
    # Every value of the parameter: a repeated one (`?q=name&q=`) still carries the name into the page's links.
    if match is None or any(value.strip() for name in SEARCH_PARAMETERS for value in request.GET.getlist(name)):
        return None
    surfaces = BY_NAME.get(match.view_name)
    return None if surfaces is None else surfaces(match.kwargs)


def answer(request, render):
    """For a view that decides itself when the cache may answer (the API, after its rate limit): `render()` from
    the cache when its address is cached, whoever asks (the API answers everyone alike)."""
    surfaces = None
    if store.enabled() and request.method in ("GET", "HEAD"):
        surfaces = surfaces_of(request, request.resolver_match)
    if surfaces is None:
        return render()
    response = store.serve(request, surfaces, render)
    if not store.storable(response):
        # An error is never kept: it answers as an address the cache does not know does, byte for byte (P9).
        del response[store.HEADER]
    return response
