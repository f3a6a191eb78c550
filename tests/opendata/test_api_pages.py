"""Wagtail pages in the API: `add_page_endpoints` publishes the live, public pages of one type (here the home
pages, through tests/opendata/page_api_urls.py), and any other page id answers the API's one 404."""

from django.test import override_settings

from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.opendata.page_api_urls")]


@pytest.fixture
def other_pages():
    root = Page.get_first_root_node()
    draft = root.add_child(instance=HomePage(title="Draft home", slug="draft-home", introduction="Draft.", live=False))
    private = root.add_child(instance=HomePage(title="Private home", slug="private-home", introduction="Private."))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="not-public-123")
    return {"draft": draft, "private": private}


def test_the_live_public_pages_of_the_type_are_listed_with_their_translations(client, home_pages, other_pages):
    listed = client.get("/api/v1/home-pages/").json()
    assert listed["count"] == 2
    by_language = {item["language"]: item for item in listed["results"]}
    assert set(by_language) == {"ar", "en"}
    english = by_language["en"]
    assert english["id"] == home_pages["en"].pk
    assert english["introduction"] == home_pages["en"].introduction
    assert english["url"] == "http://localhost/en/"
    assert english["translations"] == {"ar": home_pages["ar"].pk, "en": home_pages["en"].pk}
    assert english["api_url"] == f"http://testserver/api/v1/home-pages/{home_pages['en'].pk}/"
    assert client.get(english["api_url"]).json() == english


def test_a_draft_a_private_page_or_another_type_answers_the_common_404(client, home_pages, other_pages):
    paths = [f"/api/v1/home-pages/{page.pk}/" for page in other_pages.values()]
    paths += [f"/api/v1/home-pages/{Page.get_first_root_node().pk}/", "/api/v1/home-pages/999999/"]
    answers = [client.get(path) for path in paths]
    assert {answer.status_code for answer in answers} == {404}
    assert len({(answer.content, tuple(sorted(answer.headers.items()))) for answer in answers}) == 1


@override_settings(MEMORIAL_API_RATE="1/m")
def test_page_endpoints_share_the_api_rate_limit(client, home_pages):
    assert client.get("/api/v1/home-pages/").status_code == 200
    assert client.get("/api/v1/home-pages/").status_code == 429
