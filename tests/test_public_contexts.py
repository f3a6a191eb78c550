"""No public page is rendered from a record that carries private values (P1): every template context of every
public page (tests/public_crawl.py: both languages, every listing page, every record, statistics, search,
sitemap, the 404) holds the public representation, never a Victim, its sealed identity, a photo's original, a
policy change or an account. A new public surface is covered as soon as a page links to it."""

import dataclasses
from collections.abc import Mapping

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.db.models.manager import BaseManager

import pytest

from memorial.archive.models import Victim

pytestmark = pytest.mark.django_db

# Every model of the privacy app (sealed identities, originals and renditions, policy changes, failed sign-ins,
# the defaults), every model of the submissions app, and, from the others, the records and accounts that hold
# private values.
PRIVATE_MODELS = (
    *apps.get_app_config("privacy").get_models(),
    # What families send, with its sealed contact and consent: never read by a public page.
    *apps.get_app_config("submissions").get_models(),
    Victim,
    get_user_model(),
    apps.get_model("wagtailcore", "Revision"),
    apps.get_model("wagtailcore", "ModelLogEntry"),
)


def private_values_in(value, path, seen):
    """(path, model) for every private model instance, queryset or manager reachable from `value` through
    containers and dataclasses (what a template can reach without calling anything)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Model):
        if isinstance(value, PRIVATE_MODELS):
            yield path, type(value).__name__
        return
    if isinstance(value, QuerySet | BaseManager):
        if issubclass(value.model, PRIVATE_MODELS):
            yield path, f"{value.model.__name__} queryset"
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from private_values_in(item, f"{path}[{key!r}]", seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from private_values_in(item, f"{path}[{index}]", seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from private_values_in(getattr(value, field.name), f"{path}.{field.name}", seen)


def test_no_public_template_context_holds_a_record_with_private_values(public_pages):
    found = {}
    rendered = 0
    for page in public_pages:
        for context in page.contexts:
            rendered += 1
            for name, value in context.flatten().items():
                for where, model in private_values_in(value, name, set()):
                    found.setdefault(f"{page.path}: {where}", model)
    assert rendered > 100
    assert found == {}


def test_the_check_sees_a_record_where_it_hides(public_pages):
    """The walk itself: a record inside a dataclass inside a list is found."""

    @dataclasses.dataclass
    class Row:
        record: object

    record = Victim(pk=1)
    assert list(private_values_in({"rows": [Row(record)]}, "context", set())) == [
        ("context['rows'][0].record", "Victim")
    ]
