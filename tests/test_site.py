"""Site-wide behaviour a visitor meets: languages, health check, robots.txt, error pages."""

from django.db import OperationalError
from django.test import override_settings

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_root_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_home_page_declares_language_and_direction(client, home_pages, language, direction):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = soup(response).html
    assert html["lang"] == language
    assert html["dir"] == direction
    assert home_pages[language].title in response.content.decode()


def test_home_page_says_what_the_archive_is_in_both_languages(client):
    arabic = soup(client.get("/ar/")).get_text()
    english = soup(client.get("/en/")).get_text()
    assert "الأسلحة الكيميائية" in arabic
    assert "1,510" in arabic
    assert "chemical weapons" in english
    assert "Syrian Network for Human Rights" in english


@pytest.mark.parametrize(("language", "other"), [("ar", "en"), ("en", "ar")])
def test_language_switcher_lands_on_the_same_page_in_the_other_language(client, language, other):
    page = soup(client.get(f"/{language}/"))
    link = page.select_one(f'.language-switcher a[hreflang="{other}"]')
    assert link["href"] == f"/{other}/"
    assert page.select_one(".language-switcher [aria-current]")["lang"] == language


def test_every_page_lists_its_language_alternates(client):
    page = soup(client.get("/en/"))
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"ar": "/ar/", "en": "/en/"}


def test_interface_strings_are_translated_into_arabic(client):
    page = soup(client.get("/ar/"))
    assert page.select_one(".skip-link").get_text() == "انتقل إلى المحتوى"
    assert page.select_one(".site-name").get_text() == "ذكرى"


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_without_details_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host-name")

    monkeypatch.setattr("memorial.views.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"secret-host-name" not in response.content
    assert response.content == b"unavailable\n"


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("ar", "الصفحة غير موجودة"), ("en", "Page not found")])
def test_not_found_page_in_each_language(client, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == language
    assert page.h1.get_text() == heading
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


@override_settings(ROOT_URLCONF="tests.urls_failing")
@pytest.mark.parametrize(
    ("language", "direction", "heading"), [("ar", "rtl", "حدث خطأ"), ("en", "ltr", "Something went wrong")]
)
def test_server_error_page_in_each_language(client, language, direction, heading):
    client.raise_request_exception = False
    response = client.get(f"/{language}/fail/")
    assert response.status_code == 500
    page = soup(response)
    assert page.html["lang"] == language
    assert page.html["dir"] == direction
    assert page.h1.get_text() == heading
    assert b"Traceback" not in response.content


def test_no_wagtail_api_is_mounted(client):
    for path in ("/api/v2/images/", "/api/v2/pages/", "/ar/api/v2/images/"):
        assert client.get(path, follow=True).status_code == 404
