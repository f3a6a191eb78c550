"""Lighting a candle: for a published victim or a live remembrance page, by anyone, without an account.

What is kept is a number per victim or page (`CandleCount`) and nothing about who lit it. The endpoint must work
on pages served from a cache, which carry no CSRF token, so it is exempt from CSRF and defended instead by a
same-origin check (`same_origin`) and a per-client rate limit whose key is a keyed hash of the client's address
(`client_key`), kept only in the shared cache for the length of the window. A victim is found only through its
public index row: an id that is not public answers exactly like one that never existed (P9)."""

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from wagtail.models import Page

from memorial.archive.models import VictimPublicIndex
from memorial.client_ip import client_ip
from memorial.pagecache import store as pagecache
from memorial.remembrance.candle_counts import CandleCount

# Candles one client may light per hour, on every victim and page together: enough for a family lighting one for
# each of its dead, too few for a script to make a count mean nothing.
CANDLE_RATE = "30/h"
RATE_GROUP = "remembrance.candle"
# Where the form sends the visitor back to: the candle's own section, which then says thank you (CSS :target).
LIT_ANCHOR = "candle-lit"


@dataclass(frozen=True)
class CandleTarget:
    """What a candle is lit for: a victim (by primary key, never shown) or a page, with the public address to go
    back to. Built only from a public id or a live public page."""

    victim_id: int | None
    page_id: int | None
    return_url: str
    # What shows its count: the page-cache surfaces purged when a candle is lit (the victim's page, or the page
    # and its translations).
    surfaces: tuple = ()

    @property
    def lookup(self):
        return {"victim_id": self.victim_id} if self.victim_id else {"page_id": self.page_id}


def victim_target(public_id):
    """The candle target of a published victim; Http404 for every other id, as the victim page answers."""
    victim_id = VictimPublicIndex.objects.filter(public_id=public_id).values_list("victim_id", flat=True).first()
    if victim_id is None:
        raise Http404
    return CandleTarget(victim_id, None, reverse("archive:victim", args=[public_id]), (pagecache.victim(public_id),))


def counted_page(page):
    """The page whose row counts the candles of `page` and of all its translations: the first of them created, so
    the Arabic and English pages of one day share one count."""
    return Page.objects.filter(translation_key=page.translation_key).order_by("pk").only("pk").first() or page


def page_target(page_id):
    """The candle target of a live, public Wagtail page; Http404 otherwise."""
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).first()
    if page is None:
        raise Http404
    translations = Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    surfaces = tuple(pagecache.page(pk) for pk in translations)
    return CandleTarget(None, counted_page(page).pk, page.specific.url, surfaces)


def light_candle(target):
    """Add one candle to `target`'s count and return the new count.

    The increment is one UPDATE with F(), so concurrent candles never overwrite each other. The first candle
    creates the row; if another request created it in the meantime, the unique constraint refuses the second row
    and the UPDATE runs instead."""
    rows = CandleCount.objects.filter(**target.lookup)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                CandleCount.objects.create(**target.lookup, count=1)
        except IntegrityError:
            rows.update(count=F("count") + 1)
    # Only the page that shows this count: every other page stays cached.
    pagecache.purge(target.surfaces)
    return candle_count(target)


def candle_count(target):
    return CandleCount.objects.filter(**target.lookup).values_list("count", flat=True).first() or 0


def victim_candle_count(public_id):
    """Candles lit for a published victim, read through its public index row (0 for any other id)."""
    return (
        CandleCount.objects.filter(victim__public_index__public_id=public_id).values_list("count", flat=True).first()
        or 0
    )


def page_candle_count(page):
    return CandleCount.objects.filter(page=counted_page(page)).values_list("count", flat=True).first() or 0


def count_text(count):
    if not count:
        return gettext("No candle has been lit yet.")
    return ngettext("%(count)s candle lit", "%(count)s candles lit", count) % {"count": f"{count:,}"}


def client_key(group, request):
    """The rate limit's key for this client: an HMAC of its address under the site's secret, so the shared cache
    holds no address, nor a plain hash of one (the whole IPv4 space is hashed in minutes)."""
    address = client_ip(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{group}:{address}".encode(), hashlib.sha256).hexdigest()


def same_origin(request):
    """Whether the POST came from a page of this site: its Origin header or, when a browser sends none, its
    Referer must name this site's scheme and host. A request with neither is refused."""
    claimed = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not claimed or claimed == "null":
        return False
    parts = urlsplit(claimed)
    return f"{parts.scheme}://{parts.netloc}".lower() == f"{request.scheme}://{request.get_host()}".lower()


@dataclass(frozen=True)
class CandleForm:
    """What the candle's form shows: where it posts, and the count so far in words."""

    action: str
    count: int
    text: str


def victim_candle_form(public_id):
    """The candle form of a published victim's page (`public_id` from its public representation)."""
    count = victim_candle_count(public_id)
    return CandleForm(reverse("remembrance:candle_for_victim", args=[public_id]), count, count_text(count))


def page_candle_form(page):
    """The candle form of a live Wagtail page (a remembrance day, an anniversary); its translations share a count."""
    count = page_candle_count(page)
    return CandleForm(reverse("remembrance:candle_for_page", args=[page.pk]), count, count_text(count))
