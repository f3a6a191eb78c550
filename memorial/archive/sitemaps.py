"""Sitemaps in both languages with hreflang alternates. Victims appear only when their name is shown in
full: a page that withholds a name is not indexed, and a sitemap would point search engines at it."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from wagtail.models import Page

from memorial.archive.models import VictimPublicIndex
from memorial.archive.selectors import live_attacks

# The protocol's ceiling of URLs per file. Django pages a translated sitemap by (item, language) pairs, so the
# limit already counts each language version as a URL of its own; an editorial page is one URL per locale.
URLS_PER_FILE = 50_000


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE


class VictimSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            VictimPublicIndex.objects.filter(name_shown_in_full=True)
            .order_by("public_id")
            .values_list("public_id", flat=True)
        )

    def location(self, public_id):
        return reverse("archive:victim", args=[public_id])


class AttackSitemap(BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return live_attacks().order_by("date", "key").values_list("key", flat=True)

    def location(self, key):
        return reverse("archive:attack", args=[key])


class ArchiveIndexSitemap(BilingualSitemap):
    changefreq = "daily"

    def items(self):
        return ["archive:attack_index", "archive:victim_index", "archive:statistics"]

    def location(self, name):
        return reverse(name)


def page_path(page):
    return page.get_url_parts()[2]


class EditorialSitemap(Sitemap):
    """Live, public Wagtail pages in every language. Translations may have their own slugs, so each
    page's alternates come from its translations rather than from a language prefix."""

    limit = URLS_PER_FILE

    def items(self):
        return Page.objects.live().public().filter(depth__gt=1).select_related("locale").order_by("path")

    def location(self, page):
        return page_path(page)

    def lastmod(self, page):
        return page.last_published_at

    def _urls(self, page_number, protocol, domain):
        urls = super()._urls(page_number, protocol, domain)
        for url in urls:
            page = url["item"]
            url["alternates"] = [
                {
                    "location": f"{protocol}://{domain}{page_path(translation)}",
                    "lang_code": translation.locale.language_code,
                }
                for translation in page.get_translations(inclusive=True).live().select_related("locale")
            ]
        return urls


SITEMAPS = {
    "pages": EditorialSitemap,
    "archive": ArchiveIndexSitemap,
    "attacks": AttackSitemap,
    "victims": VictimSitemap,
}
