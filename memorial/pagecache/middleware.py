"""The page cache in front of the views (after LocaleMiddleware, so the language of the address is active): an
anonymous GET or HEAD of a cached address (surfaces.py) is answered from the shared cache; anything else goes to the
view untouched, marked `X-Cache: BYPASS`. The API is left to its own answer (memorial.opendata.api), which consults
the cache only after counting the request against its rate limit."""

import functools
from types import MappingProxyType
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import Resolver404, get_resolver
from django.utils import translation

from memorial.pagecache import store
from memorial.pagecache.surfaces import surfaces_of

# Never from the cache: the admin (previews and drafts among it) and the API (see above).
BYPASSED_PREFIXES = ("/admin/", "/api/")


def anonymous(request):
    """No session, no message waiting, no credentials: a visitor whose page is everyone's page."""
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
        or "Authorization" in request.headers
    )


def cacheable_request(request):
    return (
        store.enabled()
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(BYPASSED_PREFIXES)
        and anonymous(request)
    )


# Longer addresses (made up, as the site links none) are resolved each time, so that the memory stays small.
MAX_REMEMBERED_PATH = 300


class Route(NamedTuple):
    view_name: str
    kwargs: dict


@functools.lru_cache(maxsize=10_000)
def _route(urlconf, language, path_info):
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Resolver404:
        return None
    return Route(match.view_name, MappingProxyType(match.kwargs))


def resolved(request):
    """The view an address names, remembered per process: the resolver tries the patterns one by one, and Wagtail's
    pages come last, which cost a cached home page a third of its time. Only the view's name and arguments are
    kept; the view still resolves its request itself."""
    route = _route if len(request.path_info) <= MAX_REMEMBERED_PATH else _route.__wrapped__
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return route(urlconf, translation.get_language(), request.path_info)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        surfaces = surfaces_of(request, resolved(request)) if cacheable_request(request) else None
        if surfaces is None:
            response = self.get_response(request)
            if not request.path_info.startswith(settings.API_PATH_PREFIX):
                store.bypassed(response)
            return response
        return store.serve(request, surfaces, lambda: self.get_response(request))
