"""A CDN or Varnish in front of the site (`WAGTAILFRONTENDCACHE`, wagtail.contrib.frontend_cache's setting) is told
to drop the addresses of what a purge covers, once the change has committed. Its backends purge addresses one by
one, so an address with a query string (a filtered listing, a deep page) is not among them: give the front cache a
short max-age for those (docs/deploy.md)."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

from memorial.pagecache.store import SITE, VICTIMS, purged

# Addresses in each language that list or count victims (VICTIMS), with the language-free ones beside them.
LISTINGS = ("archive:victim_index", "archive:attack_index", "archive:statistics", "opendata:index")
LISTINGS_WITHOUT_LANGUAGE = ("sitemap_index", "api:victims", "api:attacks")
SITEMAP_SECTIONS = ("pages", "archive", "attacks", "victims")


def _in_each_language(name, *args):
    urls = []
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            urls.append(reverse(name, args=args))
    return urls


def _paths(surface):
    kind, _, value = surface.partition(":")
    if kind == "victim":
        return [
            *_in_each_language("archive:victim", value),
            *_in_each_language("opendata:victim_csl", value),
            *_in_each_language("opendata:victim_bibtex", value),
            reverse("api:victim", args=[value]),
        ]
    if kind == "attack":
        return [
            *_in_each_language("archive:attack", value),
            *_in_each_language("opendata:attack_csl", value),
            *_in_each_language("opendata:attack_bibtex", value),
            reverse("api:attack", args=[value]),
        ]
    if kind == "page":
        page = Page.objects.filter(pk=value).first()
        return [page.url] if page is not None and page.url else []
    if surface in (VICTIMS, SITE):
        homes = [page.url for page in Site.objects.get(is_default_site=True).root_page.get_translations(inclusive=True)]
        return [
            *homes,
            *(url for name in LISTINGS for url in _in_each_language(name)),
            *(reverse(name) for name in LISTINGS_WITHOUT_LANGUAGE),
            *(reverse("django.contrib.sitemaps.views.sitemap", args=[section]) for section in SITEMAP_SECTIONS),
        ]
    return []


def urls_of(surfaces):
    """The absolute addresses a front cache may hold for `surfaces`, on the site's base address."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    paths = []
    for surface in sorted(surfaces):
        try:
            paths.extend(_paths(surface))
        except (NoReverseMatch, Site.DoesNotExist):
            continue
    return [f"{base}{path}" for path in dict.fromkeys(paths)]


@receiver(purged, dispatch_uid="pagecache-frontend")
def on_purged(sender, surfaces, **kwargs):
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_urls_from_cache(urls_of(surfaces))
