"""The public read-only API at /api/v1/: victims, attacks and places as the public pages show them.

Victims are read through the public index and shown through the public representation (P1); the filters are the
victim index's own (selectors), so they match public values only and a withheld name searches like noise (P9).
Every id that is not public answers one 404, byte for byte (P9). Every text comes in both languages, so a response
does not depend on the language asked for. Responses may be stored by any cache but are revalidated on each use
(an ETag answers 304 when nothing changed): a record made more private leaves the API at once (P5).

Wagtail pages of a type are published with `add_page_endpoints(router, Model, name=...)`: one call adds a listing
and a detail endpoint over the live, public pages of that type."""

import hashlib
import math
from functools import wraps
from typing import Literal

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext

from wagtail.rich_text import expand_db_html

from django_ratelimit.core import get_usage
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from memorial.archive import selectors
from memorial.archive.display import public_photo
from memorial.archive.forms import AttackFilterForm, VictimFilterForm
from memorial.archive.models import Attack, Place
from memorial.client_ip import client_ip
from memorial.i18n import home_alternates
from memorial.meta import page_meta
from memorial.opendata.api_schemas import (
    ApiIndex,
    AttackOut,
    ErrorOut,
    Page,
    PlaceOut,
    VictimOut,
)
from memorial.pagecache import surfaces as page_cache
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage

LANGUAGES = ("ar", "en")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Far beyond the last page of any archive; it bounds what a client can make the database skip.
MAX_PAGE = 100_000
NOT_FOUND = {"detail": "Not found."}
TOO_MANY = {"detail": "Too many requests: wait before asking again."}


class Utf8JSONRenderer(JSONRenderer):
    """Arabic as UTF-8, not as \\u escapes: readable, and a third smaller."""

    encoder_class = NinjaJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


class LocalDocs(DocsBase):
    """The API's description as a page of the site: its endpoints listed from the OpenAPI schema (readable without
    JavaScript), and Swagger UI from the copy django-ninja ships, served as our own static files: no CDN."""

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        schema = api.get_openapi_schema(path_params=kwargs)
        swagger = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}
        response = render(
            request,
            "opendata/api_docs.html",
            {
                "meta": page_meta(
                    gettext("Public API"),
                    gettext("A read-only JSON API over the public records of the archive: victims, attacks, places."),
                ),
                "language_links": home_alternates(),
                "openapi_url": openapi_url,
                "endpoints": endpoints_of(schema),
                "swagger_settings": swagger,
                # "120/m" read left to right in an Arabic sentence too, not "m/120".
                "rate": format_html('<bdi dir="ltr">{}</bdi>', settings.MEMORIAL_API_RATE),
                "max_page_size": MAX_PAGE_SIZE,
            },
        )
        # The page follows the language the browser or the language cookie asks for.
        response["Vary"] = "Accept-Language, Cookie"
        return response


def endpoints_of(schema):
    """(path, summary, description, parameters) of every GET operation of an OpenAPI schema."""
    rows = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation:
            parameters = [
                (parameter["name"], parameter.get("description", "")) for parameter in operation["parameters"]
            ]
            rows.append(
                {
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                }
            )
    return rows


def described(view):
    """The OpenAPI description and the docs page, cacheable like the API's answers (they change with a release)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, no_cache=True)
        if response["Content-Type"].startswith("application/json"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return answer


api = NinjaAPI(
    title="Memorial API",
    version="1",
    description=(
        "Read-only public records of the Memorial archive of the victims of chemical attacks in Syria. Only what the "
        "public pages show is here: names the families withheld, exact dates and villages the policy coarsens are "
        "not. Texts come in Arabic and English side by side. Pages hold at most "
        f"{MAX_PAGE_SIZE} items. Sample records (`sample: true`) are synthetic demonstration data."
    ),
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    docs=LocalDocs(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    docs_decorator=described,
)


def not_found(request, exc=None):
    return api.create_response(request, NOT_FOUND, status=404)


api.add_exception_handler(Http404, not_found)


def rate_limited(request):
    """Seconds until the client may ask again, or None: one budget per client address across the API, counted in
    the shared cache (every server sees the same count). The cache key is a hash: no address is stored."""
    usage = get_usage(
        request,
        group="memorial.api",
        key=lambda group, request: client_ip(request),
        rate=settings.MEMORIAL_API_RATE,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def public_response(run):
    """Every answer of the API, 200 or 404 alike, with the same headers: cacheable, revalidated on each use (a
    tightened policy shows at once), readable by any site's scripts (nothing here is personal), both languages."""

    @wraps(run)
    def answer(request, *args, **kwargs):
        wait = rate_limited(request)
        if wait is not None:
            response = api.create_response(request, TOO_MANY, status=429)
            response["Retry-After"] = str(math.ceil(wait))
            patch_cache_control(response, no_store=True)
        else:
            # Counted first: an answer from the page cache spends the client's budget like any other.
            response = page_cache.answer(request, lambda: run(request, *args, **kwargs))
            patch_cache_control(response, public=True, no_cache=True)
        response["Access-Control-Allow-Origin"] = "*"
        response["Content-Language"] = ", ".join(LANGUAGES)
        if response.status_code == 200:
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    return answer


api.add_decorator(public_response, mode="view")


def invalid(field, message):
    """A 422 shaped like django-ninja's own validation errors."""
    return ValidationError([{"type": "value_error", "loc": ["query", field], "msg": str(message)}])


# Helpers that turn public values into the API's shapes.


def texts(arabic, english):
    return {"ar": arabic or "", "en": english or ""}


def page_urls(request, route, *args):
    """A public page's absolute address in each language."""
    urls = {}
    for language in LANGUAGES:
        with translation.override(language):
            urls[language] = request.build_absolute_uri(reverse(route, args=args))
    return urls


def api_url(request, name, *args):
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


def labels(choices, value):
    """A choice's label in both languages ("sarin" → {"ar": "سارين", "en": "Sarin"})."""
    label = dict(choices).get(value, "")
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = str(label)
    return result


def place_brief(place):
    return {"id": place.pk, "level": place.level, "name": texts(place.name_ar, place.name_en)}


def place_data(request, place):
    return {
        **place_brief(place),
        "within": place_brief(place.parent) if place.parent_id else None,
        "url": api_url(request, "place", place.pk),
    }


def source_data(source):
    if source is None:
        return None
    return {
        "publisher": source.publisher,
        "title": source.title,
        "document_number": source.document_number,
        "date": source.date,
        "url": source.url,
    }


def attack_brief(request, attack):
    return {
        "key": attack.key,
        "title": texts(attack.title_ar, attack.title_en),
        "date": attack.date,
        "url": page_urls(request, "archive:attack", attack.key),
        "api_url": api_url(request, "attack", attack.key),
    }


def attack_data(request, attack):
    return {
        **attack_brief(request, attack),
        "end_date": attack.end_date,
        "places": [place_data(request, place) for place in attack.places.all()],
        "agent": attack.agent,
        "agent_label": labels(Attack.Agent.choices, attack.agent),
        "agent_as_reported": attack.agent_description,
        "delivery": attack.delivery,
        "delivery_label": labels(Attack.Delivery.choices, attack.delivery),
        "delivery_as_reported": attack.delivery_description,
        "figures_checked": attack.figures_checked,
        "figures": [
            {
                "kind": figure.kind,
                "low": figure.low,
                "high": figure.high if figure.high != figure.low else None,
                "reported_by": figure.reported_by,
                "reported_on": figure.reported_on,
                "source": source_data(figure.source),
            }
            for figure in attack.figures.all()
        ],
        "findings": [
            {
                "body": finding.body,
                "document": finding.document,
                "date": finding.date,
                "attribution": finding.attribution,
                "source": source_data(finding.source),
            }
            for finding in attack.findings.all()
        ],
        "narrative": texts(expand_db_html(attack.narrative_ar), expand_db_html(attack.narrative_en)),
        "sources": [source_data(source) for source in attack.sources.all()],
        "public_victim_count": attack.public_victim_count,
    }


ISO_DATE_LENGTH = {"day": 10, "month": 7, "year": 4}


def victim_data(request, shown):
    """A victim as its public representation shows it, and nothing else: the date to its shown precision only."""
    place = shown.place
    photo = public_photo(shown)
    if photo:
        photo = {
            "url": request.build_absolute_uri(photo.url),
            "width": photo.width,
            "height": photo.height,
            "blurred": photo.blurred,
            "graphic": photo.graphic,
        }
    within = []
    enclosing = place.parent if place else None
    while enclosing is not None:
        within.append(place_brief(enclosing))
        enclosing = enclosing.parent
    return {
        "id": shown.public_id,
        "sample": shown.is_sample,
        "url": page_urls(request, "archive:victim", shown.public_id),
        "api_url": api_url(request, "victim", shown.public_id),
        "name": {"ar": shown.name_ar, "latin": shown.name_latin},
        "name_shown_in_full": shown.name_shown_in_full,
        "name_is_pseudonym": shown.name_is_pseudonym,
        "sex": shown.sex,
        "age": shown.age,
        "age_group": shown.age_group,
        "date_of_death": shown.date.isoformat()[: ISO_DATE_LENGTH[shown.date_precision]] if shown.date else None,
        "date_of_death_precision": shown.date_precision if shown.date else None,
        "place": {**place_brief(place), "within": within} if place else None,
        "attack": attack_brief(request, shown.attack) if shown.attack else None,
        "photo": photo,
        "biography": texts(shown.biography_ar, shown.biography_en),
        "sources": [source_data(source) for source in shown.sources],
        "documentation_status": shown.documentation_status,
    }


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


def paged(request, items, paging, present):
    """One page of `items` (a queryset or a list) with its neighbours' addresses; a page past the last is empty.
    `present` turns the page's items into their shapes, all at once (so it can read them in a fixed number of
    queries)."""
    count = len(items) if isinstance(items, list) else items.count()
    start = (paging.page - 1) * paging.page_size
    chunk = list(items[start : start + paging.page_size])
    pages = max(math.ceil(count / paging.page_size), 1)

    def address(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": pages,
        "next": address(paging.page + 1) if paging.page < pages else None,
        "previous": address(min(paging.page - 1, pages)) if paging.page > 1 else None,
        "results": present(chunk),
    }


def checked(form):
    """The cleaned filters of a public filter form, or the form's first error as a 422."""
    if form.is_valid():
        return form.cleaned_data
    field, errors = next(iter(form.errors.items()))
    raise invalid(field, errors[0])


def public_place(pk, field):
    if pk is None:
        return None
    place = selectors.public_places().filter(pk=pk).first()
    if place is None:
        raise invalid(field, gettext("Select a valid choice. That choice is not one of the available choices."))
    return place


# Endpoints.


@api.get("/", response=ApiIndex, summary="Where everything is", include_in_schema=False)
def index(request):
    return {
        "victims": api_url(request, "victims"),
        "attacks": api_url(request, "attacks"),
        "places": api_url(request, "places"),
        "remembrance_days": api_url(request, "remembrance-days-list"),
        "anniversaries": api_url(request, "anniversaries-list"),
        "openapi": api_url(request, "openapi-json"),
        "docs": api_url(request, "openapi-view"),
    }


class VictimFilters(Schema):
    q: str = Field("", max_length=200, description="A name in Arabic or Latin letters; every word must match.")
    attack: str = Field("", max_length=80, description="An attack's key (see /attacks/).")
    governorate: int | None = Field(None, description="A governorate's id (see /places/?level=governorate).")
    place: int | None = Field(
        None, description="A place's id at any level: records shown in it or within it (never one shown coarser)."
    )
    year: int | None = Field(None, ge=1900, le=2100, description="The year of death, where the record shows it.")
    sex: Literal["", "female", "male"] = ""
    age: Literal["", "child", "adult"] = Field("", description="Children (under 18) or adults, where shown.")
    sample: bool | None = Field(
        None, description="false leaves out the synthetic sample records; true keeps only them."
    )
    sort: Literal["name", "name_latin", "date", "-date"] = Field(
        "name", description="Arabic name, Latin name, or date of death; records without one come last."
    )


@api.get(
    "/victims/",
    response={200: Page[VictimOut], 422: ErrorOut},
    url_name="victims",
    summary="Victims",
    description="Published victim records, filtered like the victim index.",
)
def victims(request, filters: Query[VictimFilters], paging: Query[Paging]):
    form = VictimFilterForm(
        {
            "q": filters.q,
            "attack": filters.attack,
            "governorate": filters.governorate or "",
            "year": filters.year or "",
            "sex": filters.sex,
            "age": filters.age,
            "sort": filters.sort,
        },
    )
    if filters.year is not None and filters.year not in dict(form.fields["year"].choices):
        # A year no public record shows matches nothing; it is not an error.
        return paged(request, [], paging, list)
    data = checked(form)
    entries = selectors.victim_index_entries(
        query=data["q"].strip(),
        attack=data["attack"],
        governorate=data["governorate"],
        place=public_place(filters.place, "place"),
        year=data["year"],
        sex=data["sex"],
        age=data["age"],
        sample=filters.sample,
        sort=filters.sort,
    )
    return paged(
        request,
        entries,
        paging,
        lambda chunk: [victim_data(request, shown) for shown in selectors.victims_for_entries(chunk)],
    )


@api.get(
    "/victims/{public_id}/",
    response={200: VictimOut, 404: ErrorOut},
    url_name="victim",
    summary="One victim",
    description="Every id that is not a published record answers the same 404.",
)
def victim(request, public_id: str):
    return victim_data(request, selectors.victim_public(public_id))


class AttackFilters(Schema):
    governorate: int | None = Field(None, description="A governorate's id: attacks on a place within it.")
    agent: Literal["", *Attack.Agent.values] = ""


@api.get(
    "/attacks/",
    response={200: Page[AttackOut], 422: ErrorOut},
    url_name="attacks",
    summary="Attacks",
    description="Published attacks in date order, filtered like the attack index.",
)
def attacks(request, filters: Query[AttackFilters], paging: Query[Paging]):
    data = checked(AttackFilterForm({"governorate": filters.governorate or "", "agent": filters.agent}))
    found = selectors.attack_list_public(governorate=data["governorate"], agent=data["agent"])
    return paged(request, found, paging, lambda chunk: [attack_data(request, attack) for attack in with_details(chunk)])


def with_details(attacks):
    """The page's attacks with everything the attack page shows, in a fixed number of queries."""
    keys = [attack.key for attack in attacks]
    counts = {attack.key: attack.public_victim_count for attack in attacks}
    detailed = {
        attack.key: attack
        for attack in selectors.live_attacks()
        .filter(key__in=keys)
        .prefetch_related("places__parent", "figures__source", "findings__source", "sources")
    }
    for key, attack in detailed.items():
        attack.public_victim_count = counts[key]
    return [detailed[key] for key in keys]


@api.get(
    "/attacks/{key}/",
    response={200: AttackOut, 404: ErrorOut},
    url_name="attack",
    summary="One attack",
    description="Every key that is not a published attack answers the same 404.",
)
def attack(request, key: str):
    found = selectors.attack_public(key)
    found.public_victim_count = selectors.victim_index_entries(attack=found).count()
    return attack_data(request, found)


# Governorates first, then districts, then towns.
LEVEL_ORDER = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(Place.Level.values)),
    output_field=IntegerField(),
)


class PlaceFilters(Schema):
    level: Literal["", "governorate", "district", "town"] = ""
    within: int | None = Field(None, description="A place's id: the places directly within it.")


@api.get(
    "/places/",
    response={200: Page[PlaceOut], 422: ErrorOut},
    url_name="places",
    summary="Places",
    description="Every governorate, and the districts and towns that published attacks and records name.",
)
def places(request, filters: Query[PlaceFilters], paging: Query[Paging]):
    found = selectors.public_places().select_related("parent")
    if filters.level:
        found = found.filter(level=filters.level)
    if filters.within is not None:
        found = found.filter(parent=public_place(filters.within, "within"))
    found = found.order_by(LEVEL_ORDER, "name_en", "pk")
    return paged(request, found, paging, lambda chunk: [place_data(request, place) for place in chunk])


@api.get(
    "/places/{int:place_id}/",
    response={200: PlaceOut, 404: ErrorOut},
    url_name="place",
    summary="One place",
    description="A place the public archive does not name answers the same 404 as one that does not exist.",
)
def place(request, place_id: int):
    found = selectors.public_places().select_related("parent").filter(pk=place_id).first()
    if found is None:
        raise Http404
    return place_data(request, found)


# Wagtail pages.


class PublicPageOut(Schema):
    id: int
    language: str
    title: str
    url: str = Field(description="The page's public address.")
    api_url: str
    first_published_at: str | None
    last_published_at: str | None
    translations: dict[str, int] = Field(description="The page's id in each language it is published in.")


def public_wagtail_pages(model):
    """Live pages of `model` that no password or login restricts, in every locale."""
    return model.objects.live().public().select_related("locale")


def page_data(request, page, name, extra):
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    return {
        "id": page.pk,
        "language": page.locale.language_code,
        "title": page.title,
        "url": page.get_full_url(request),
        "api_url": api_url(request, f"{name}-detail", page.pk),
        "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
        "translations": {one.locale.language_code: one.pk for one in translations},
        **extra(page),
    }


def add_page_endpoints(router, model, *, name, schema=PublicPageOut, extra=lambda page: {}, summary=""):
    """A listing (newest first) and a detail endpoint at /<name>/ and /<name>/<id>/ over the live, public pages of
    `model`: `schema` extends PublicPageOut with the type's own public fields and `extra(page)` computes them. Any
    id that is not such a page (a draft, a private page, another type) answers the common 404."""

    @router.get(
        f"/{name}/",
        response={200: Page[schema]},
        url_name=f"{name}-list",
        operation_id=f"{name}_list",
        summary=summary or name,
    )
    def listing(request, paging: Query[Paging]):
        pages = public_wagtail_pages(model).order_by("-first_published_at", "pk")
        return paged(request, pages, paging, lambda chunk: [page_data(request, page, name, extra) for page in chunk])

    @router.get(
        f"/{name}/{{int:page_id}}/",
        response={200: schema, 404: ErrorOut},
        url_name=f"{name}-detail",
        operation_id=f"{name}_detail",
        summary=f"{summary or name}: one page",
    )
    def detail(request, page_id: int):
        page = public_wagtail_pages(model).filter(pk=page_id).first()
        if page is None:
            raise Http404
        return page_data(request, page, name, extra)

    return listing, detail


class RemembranceDayOut(PublicPageOut):
    year: int
    day: str = Field(description="30 November of the page's year (ISO date).")
    introduction: str


class AnniversaryOut(RemembranceDayOut):
    day: str = Field(description="The attack's anniversary in the page's year (ISO date).")
    attack: str | None = Field(
        description="The attack's key (see /attacks/<key>/); null while its record is not public."
    )


def remembrance_fields(page):
    return {"year": page.year, "day": page.day.isoformat(), "introduction": page.introduction}


add_page_endpoints(
    api,
    RemembranceDayPage,
    name="remembrance-days",
    schema=RemembranceDayOut,
    extra=remembrance_fields,
    summary="Remembrance-day pages (30 November)",
)
add_page_endpoints(
    api,
    AttackAnniversaryPage,
    name="anniversaries",
    schema=AnniversaryOut,
    extra=lambda page: {**remembrance_fields(page), "attack": page.attack.key if page.attack.live else None},
    summary="Attack anniversary pages",
)

# Added last, so that it comes after every endpoint above, whichever router holds it.
fallback = Router()


@fallback.get("/{path:rest}", include_in_schema=False)
def anything_else(request, rest: str):
    """Any other address under the API answers the API's 404, not the site's HTML page; an endpoint's address
    without its final slash is sent to it, as Django does elsewhere (whatever the id in it: no oracle)."""
    if not rest.endswith("/") and resolve(f"{request.path}/").url_name != "anything_else":
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{request.path}/" + (f"?{query}" if query else ""), permanent=True)
    raise Http404


api.add_router("/", fallback)
