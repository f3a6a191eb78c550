"""Public endpoints of remembrance: lighting a candle, and the share card images.

The candle endpoint is a plain form POST that answers 303 back to the page (so it works without JavaScript) or,
to a script that asks for JSON, the new count. It is CSRF-exempt because the pages that carry its form may come
from a cache; a same-origin check and a rate limit stand in for the token (memorial/remembrance/candles.py). The
checks run before the id is looked up, so their answers say nothing about which ids exist (P9)."""

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from wagtail.models import Page

from django_ratelimit.core import is_ratelimited

from memorial.archive import selectors
from memorial.i18n import home_alternates
from memorial.meta import page_meta
from memorial.remembrance import candles, share_cards

# A card's address names its content: what is behind it never changes, so anything may keep it for a year.
CARD_CACHE_CONTROL = "public, max-age=31536000, immutable"


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def refusal(request, status, message):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    context = {"message": message, "language_links": home_alternates(), "meta": page_meta(message)}
    return render(request, "remembrance/candle_refused.html", context, status=status)


def light(request, find_target):
    if not candles.same_origin(request):
        return refusal(request, 403, gettext("A candle can only be lit from this site's own pages."))
    if is_ratelimited(
        request,
        group=candles.RATE_GROUP,
        key=candles.client_key,
        rate=candles.CANDLE_RATE,
        method="POST",
        increment=True,
    ):
        response = refusal(
            request,
            429,
            gettext("Many candles have been lit from your connection in the last hour. Please try again later."),
        )
        response["Retry-After"] = "3600"
        return response
    target = find_target()
    count = candles.light_candle(target)
    if wants_json(request):
        return JsonResponse({"count": count, "text": candles.count_text(count)})
    return HttpResponseRedirect(f"{target.return_url}#{candles.LIT_ANCHOR}", status=303)


@csrf_exempt
@sensitive_post_parameters()
@never_cache
@require_POST
def light_for_victim(request, public_id):
    return light(request, lambda: candles.victim_target(public_id))


@csrf_exempt
@sensitive_post_parameters()
@never_cache
@require_POST
def light_for_page(request, page_id):
    return light(request, lambda: candles.page_target(page_id))


def card_response(card, digest):
    """The card's PNG if `digest` names what the card says today; the same 404 as an unknown id otherwise, so an
    address made before a policy tightened shows nothing of what it showed then (P5)."""
    if card.digest != digest or not share_cards.layout_available():
        raise Http404
    response = HttpResponse(share_cards.draw_card(card), content_type="image/png")
    response["Cache-Control"] = CARD_CACHE_CONTROL
    return response


@require_safe
def victim_share_card(request, public_id, digest):
    shown = selectors.victim_public(public_id)
    return card_response(share_cards.victim_card(shown, translation.get_language()), digest)


@require_safe
def attack_share_card(request, key, digest):
    attack = selectors.attack_public(key)
    return card_response(share_cards.attack_card(attack, translation.get_language()), digest)


@require_safe
def page_share_card(request, page_id, digest):
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).select_related("locale").first()
    if page is None:
        raise Http404
    return card_response(share_cards.page_card(page.specific), digest)
