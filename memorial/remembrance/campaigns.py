"""What the home page and the navigation say of remembrance today: the campaign of the day (30 November, an
attack's anniversary), the attacks whose anniversary falls this week, and where the remembrance index is.

The home page's part is read on the days when traffic peaks, and the navigation's link on every page, so both are
kept in the shared cache (every process sees a purge at once). Anything that changes what they show (a remembrance
page saved, published, unpublished, moved or deleted, on schedule or not; a page's view restriction; an attack
published or unpublished) purges them from its model signal (signal_handlers.py)."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language, gettext, ngettext

from wagtail.models import Locale

from memorial.archive.selectors import live_attacks
from memorial.remembrance import dates
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage, RemembranceIndexPage

GENERATION_KEY = "remembrance:generation"
# The navigation's link in each language: one read on every page, so a key of its own, not one of the generation.
INDEX_URL_KEY = "remembrance:index-url:{}"
# Purges end a generation; the expiry only bounds entries a race with a purge could have written.
TIMEOUT = 15 * 60


def generation():
    return cache.get_or_set(GENERATION_KEY, uuid.uuid4().hex, None)


def purge_campaigns():
    """At once, and again when the change commits (as the statistics are purged)."""
    keys = [GENERATION_KEY, *(INDEX_URL_KEY.format(code) for code, _name in settings.LANGUAGES)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def cached(name, language, compute):
    key = f"remembrance:{generation()}:{name}:{dates.today().isoformat()}:{language}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def live_in(model, locale):
    return model.objects.live().public().filter(locale=locale)


def remembrance_index_url():
    """The index's address in the active language, for the navigation of every page: one read of the shared cache
    (finding it is two queries, Wagtail's view restrictions and the page, a third of a short page's time)."""
    code = get_language()
    key = INDEX_URL_KEY.format(code)
    url = cache.get(key)
    if url is None:
        url = find_index_url(code)
        cache.set(key, url, TIMEOUT)
    return url


def find_index_url(code):
    """The index sits right under its language's home page, which the site serves at /<language>/."""
    path = (
        RemembranceIndexPage.objects.live()
        .public()
        .filter(locale__language_code=code)
        .values_list("url_path", flat=True)
        .first()
    )
    if not path:
        return ""
    return f"/{code}/{path.strip('/').split('/', 1)[1]}/"


def active_locale():
    """The active language's locale, or None on a site without that content language."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


def when_text(days_away):
    if days_away == 0:
        return gettext("today")
    if days_away == 1:
        return gettext("tomorrow")
    return ngettext("in %(days)s day", "in %(days)s days", days_away) % {"days": days_away}


def compute_home(locale):
    today = dates.today()
    attacks = {attack.key: attack for attack in live_attacks().order_by("date", "key")}
    pairs = [(key, attack.date) for key, attack in attacks.items()]
    campaign = dates.campaign_on(today, pairs)
    shown = None
    if campaign is not None and campaign.kind == dates.Campaign.REMEMBRANCE_DAY:
        page = live_in(RemembranceDayPage, locale).filter(year=campaign.day.year).first()
        shown = {
            "kind": campaign.kind,
            "day": campaign.day,
            "title": gettext("Day of Remembrance for all Victims of Chemical Warfare"),
            "url": page.get_url() if page else "",
            "page_title": page.title if page else "",
            "days_away": (campaign.day - today).days,
        }
    elif campaign is not None:
        attack = attacks[campaign.attack_key]
        page = live_in(AttackAnniversaryPage, locale).filter(attack=attack, year=campaign.day.year).first()
        shown = {
            "kind": campaign.kind,
            "day": campaign.day,
            "title": attack.title,
            "years": campaign.day.year - attack.date.year,
            "attack_key": attack.key,
            "url": page.get_url() if page else "",
            "page_title": page.title if page else "",
            "days_away": (campaign.day - today).days,
        }
    on_this_day = [
        {
            "title": attacks[item.key].title,
            "key": item.key,
            "date": item.date,
            "anniversary": item.anniversary,
            "years": item.years,
            "when": when_text(item.days_away),
            "is_today": item.days_away == 0,
        }
        for item in dates.on_this_day(today, pairs)
    ]
    return {"campaign": shown, "on_this_day": on_this_day, "today": today, "index_url": remembrance_index_url()}


def home_remembrance():
    """The campaign of today and this week's anniversaries in the active language, read from the cache by the
    language's code: its locale (a query) is looked up only to compute them."""
    return cached("home", get_language(), home_in_active_locale)


def home_in_active_locale():
    locale = active_locale()
    return compute_home(locale) if locale is not None else {}


def anniversary_pages(attack):
    """The attack's published anniversary pages in the active language, latest first, as titles and addresses."""
    if attack.pk is None:
        return []
    return cached("anniversaries", get_language(), every_anniversary_page).get(attack.pk, [])


def every_anniversary_page():
    """The published anniversary pages in the active language by attack, latest first: every attack page asks,
    and the pages change only as one is published or unpublished (which purges them)."""
    locale = active_locale()
    pages = {}
    if locale is not None:
        for page in live_in(AttackAnniversaryPage, locale).order_by("-year"):
            pages.setdefault(page.attack_id, []).append({"title": page.title, "url": page.get_url(), "year": page.year})
    return pages
