"""The API in the crawl of every public page (tests/public_crawl.py): the crawl follows its JSON links to every list
page and record, so the tests over the whole crawl cover it, and here every answer is checked as JSON."""

import json

import pytest

from memorial.archive.models import Victim
from memorial.privacy.policy import NamePolicy
from tests.public_crawl import seed_archive

pytestmark = pytest.mark.django_db


def api_pages(public_pages):
    return [page for page in public_pages if page.path.startswith("/api/v1/") and page.path != "/api/v1/docs/"]


def test_the_crawl_follows_the_api_to_every_kind_of_answer(public_pages):
    answered = {page.path: page.status for page in api_pages(public_pages)}
    assert answered["/api/v1/"] == answered["/api/v1/openapi.json"] == 200
    for listing in ("/api/v1/victims/", "/api/v1/victims/?page=2", "/api/v1/attacks/", "/api/v1/places/"):
        assert answered[listing] == 200, listing
    for kind in ("victims", "attacks", "places"):
        records = [path for path, status in answered.items() if path.startswith(f"/api/v1/{kind}/") and "?" not in path]
        assert sum(answered[path] == 200 for path in records) > 3, kind
    assert answered["/api/v1/victims/no-such-id/"] == 404
    docs = next(page for page in public_pages if page.path == "/api/v1/docs/")
    assert docs.status == 200 and docs.content_type.startswith("text/html")


def test_every_api_answer_in_the_crawl_is_json(public_pages):
    pages = api_pages(public_pages)
    assert len(pages) > 60
    for page in pages:
        assert page.content_type.startswith("application/json"), page.path
        assert isinstance(json.loads(page.body), dict), page.path


def test_no_api_answer_in_the_crawl_holds_a_name_the_policy_does_not_show_in_full(public_pages):
    """The crawl's records are rolled back once crawled; the demo makes the same people again (its generator is
    seeded per record), so their sealed full names are known here."""
    seed_archive()
    hidden = {
        " ".join(part for part in victim.identity.name_parts(script) if part)
        for victim in Victim.objects.exclude(name_policy=NamePolicy.FULL).select_related("identity")
        for script in ("ar", "latin")
    }
    shown = {
        " ".join(part for part in victim.identity.name_parts(script) if part)
        for victim in Victim.objects.filter(name_policy=NamePolicy.FULL).select_related("identity")
        for script in ("ar", "latin")
    }
    # A withheld name that another, fully named person also bears is public through that person.
    hidden -= shown
    assert len(hidden) > 10
    bodies = [(page.path, page.body.decode()) for page in api_pages(public_pages)]
    assert [(path, name) for path, body in bodies for name in hidden if name in body] == []
