"""Where the same content lives in the other language."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, gettext_noop

from wagtail.models import Page

# Dates as Syrians write them. Django's Arabic catalogue names the months the Egyptian way (يناير، فبراير …);
# the project catalogue, which takes precedence, gives them their Levantine names (كانون الثاني، شباط …), the ones
# the sources and attack titles use. Listed here so that makemessages keeps those entries.
MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]


def language_alternates(request, page=None):
    """One entry per site language: its code, its own name, and the URL of this content in it.

    A Wagtail page links to its live translation (slugs may differ per language); any other view
    links to the same route under the other language prefix.
    """
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    alternates = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code) or translate_url(request.get_full_path(), code)
        alternates.append({"code": code, "name": name, "url": url, "is_current": code == get_language()})
    return alternates


def home_alternates():
    """The home page in each language: where the language switcher leads from a page that has no address."""
    return [
        {"code": code, "name": name, "url": f"/{code}/", "is_current": code == get_language()}
        for code, name in settings.LANGUAGES
    ]
