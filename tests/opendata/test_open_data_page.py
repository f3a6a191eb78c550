"""The open-data page in both languages, linked from every page, and reached with its downloads by the crawl that
every public-surface test walks; the signing key as production and development read it."""

import base64
import stat

from django.core.exceptions import ImproperlyConfigured

import pytest
from bs4 import BeautifulSoup

from memorial.opendata import exports, signing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [("ar", "البيانات المفتوحة"), ("en", "Open data")])
def test_the_page_states_the_licence_the_rules_and_the_key(client, language, heading):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == language
    assert page.h1.get_text() == heading
    assert page.select_one("a[rel=license]")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in page.select_one("#licence").get_text()
    assert len(page.select("#withheld li")) == 5
    assert page.select_one("pre.key").get_text() == signing.public_key_pem()
    assert page.select_one(".fingerprint").get_text() == signing.fingerprint(signing.public_key_pem())
    links = {link["href"] for link in page.select("#downloads a[download]")}
    assert links == {f"/{language}/open-data/{name}" for name in exports.SERVED} | {
        f"/{language}/open-data/memorial-open-data.pem"
    }
    commands = page.select_one("#verify").get_text()
    assert "sha256sum --ignore-missing -c SHA256SUMS" in commands
    assert "openssl pkeyutl -verify -pubin -inkey memorial-open-data.pem -rawin" in commands


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_links_to_open_data_from_its_footer(client, language):
    page = BeautifulSoup(client.get(f"/{language}/victims/").content, "html.parser")
    assert page.select_one(".site-footer .site-footer__links a")["href"] == f"/{language}/open-data/"


def test_the_crawl_reaches_the_page_the_downloads_and_the_citations(public_pages):
    reached = {page.path: page for page in public_pages if page.status == 200}
    for language in ("ar", "en"):
        assert f"/{language}/open-data/" in reached
        for name in exports.SERVED:
            assert f"/{language}/open-data/{name}" in reached
        for kind in ("victims", "attacks"):
            for form in ("cite.json", "cite.bib"):
                assert any(path.startswith(f"/{language}/{kind}/") and path.endswith(form) for path in reached)
    # Only published non-sample records are exported: the seeded archive holds samples only.
    assert reached["/en/open-data/victims.csv"].body.decode("utf-8-sig").splitlines()[1:] == []


def test_a_development_key_is_made_once_readable_by_its_owner_only(settings, tmp_path):
    settings.MEMORIAL_OPENDATA_SIGNING_KEY = ""
    settings.MEMORIAL_OPENDATA_SIGNING_KEY_FILE = tmp_path / "var" / "opendata-signing.key"
    settings.MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE = True
    first = signing.public_key_pem()
    assert stat.S_IMODE(settings.MEMORIAL_OPENDATA_SIGNING_KEY_FILE.stat().st_mode) == 0o600
    assert signing.public_key_pem() == first
    settings.MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE = False
    settings.MEMORIAL_OPENDATA_SIGNING_KEY_FILE = tmp_path / "missing.key"
    assert not signing.is_configured()


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_malformed_production_key_stops_signing_with_a_clear_error(settings, value):
    settings.MEMORIAL_OPENDATA_SIGNING_KEY = value
    with pytest.raises(ImproperlyConfigured, match="MEMORIAL_OPENDATA_SIGNING_KEY"):
        signing.sign(b"data")


def test_without_a_key_the_page_says_nothing_of_one_and_downloads_wait(client, settings):
    settings.MEMORIAL_OPENDATA_SIGNING_KEY = ""
    page = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    assert page.select_one("pre.key") is None
    assert client.get("/en/open-data/memorial-open-data.pem").status_code == 404
    assert client.get("/en/open-data/victims.csv").status_code == 503
