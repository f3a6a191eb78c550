"""Lighting a candle through HTTP: with a plain form (303 back to the page) and with the page's script (JSON),
same-origin only, rate-limited per client in the visitor's language, counted per victim and per page without a
race, and never telling a public id from one that is not."""

import hashlib
import threading

from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from memorial.privacy.publication import victims_published
from memorial.remembrance import candles
from memorial.remembrance.candle_counts import CandleCount
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
JSON = {**ORIGIN, "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def victim():
    record = VictimFactory(
        identity__given_name_ar="سلمى", identity__given_name_latin="Salma", identity__family_name_latin="al-Hassan"
    )
    victims_published([record])
    record.refresh_from_db()
    return record


def candle_url(victim, language="en"):
    return f"/{language}/candles/victims/{victim.public_id}/"


def candle_section(client, victim, language="en"):
    page = BeautifulSoup(client.get(f"/{language}/victims/{victim.public_id}/").content, "html.parser")
    return page.select_one("section.candle")


def test_a_plain_form_lights_a_candle_and_goes_back_to_the_page_with_303(client, victim):
    section = candle_section(client, victim)
    form = section.select_one("form[data-candle]")
    assert form["method"] == "post" and form["action"] == candle_url(victim)
    assert section.select_one(".candle__count").get_text(strip=True) == "No candle has been lit yet."

    response = client.post(form["action"], **ORIGIN)
    assert response.status_code == 303
    assert response["Location"] == f"/en/victims/{victim.public_id}/#candle-lit"
    assert "no-cache" in response["Cache-Control"]
    assert candle_section(client, victim).select_one(".candle__count").get_text(strip=True) == "1 candle lit"
    assert candle_section(client, victim).select_one("#candle-lit")


def test_the_script_gets_the_new_count_as_json(client, victim):
    for expected in (1, 2):
        response = client.post(candle_url(victim), **JSON)
        assert response.status_code == 200
        assert response.json()["count"] == expected
    assert response.json()["text"] == "2 candles lit"
    arabic = client.post(candle_url(victim, "ar"), **JSON).json()
    assert arabic == {"count": 3, "text": "3 شموع مضاءة"}
    assert candle_section(client, victim, "ar").select_one(".candle__count").get_text(strip=True) == "3 شموع مضاءة"


def test_the_referer_stands_in_for_a_missing_origin(client, victim):
    response = client.post(candle_url(victim), HTTP_REFERER=f"http://testserver/en/victims/{victim.public_id}/")
    assert response.status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},
        {"HTTP_ORIGIN": "http://testserver.elsewhere.example"},
        {"HTTP_REFERER": "https://elsewhere.example/en/victims/"},
    ],
)
def test_a_post_from_another_origin_is_refused_with_403_and_counts_nothing(client, victim, headers):
    response = client.post(candle_url(victim), **headers)
    assert response.status_code == 403
    assert "A candle can only be lit from this site's own pages." in BeautifulSoup(response.content, "html.parser").h1
    assert not CandleCount.objects.exists()


def test_too_many_candles_from_one_client_answer_429_in_the_visitors_language(client, victim):
    for _ in range(30):
        assert client.post(candle_url(victim, "ar"), **ORIGIN).status_code == 303
    refused = client.post(candle_url(victim, "ar"), **ORIGIN)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    page = BeautifulSoup(refused.content, "html.parser")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert "أُضيئت شموع كثيرة من اتصالك خلال الساعة الماضية" in page.get_text()
    assert client.post(candle_url(victim, "en"), **JSON).json()["error"].startswith("Many candles have been lit")
    assert CandleCount.objects.get().count == 30
    # A header the client writes does not make it another client while no proxy is trusted...
    assert client.post(candle_url(victim), HTTP_X_FORWARDED_FOR="203.0.113.9", **ORIGIN).status_code == 429
    # ...while another address is one.
    assert client.post(candle_url(victim), REMOTE_ADDR="198.51.100.7", **ORIGIN).status_code == 303


def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(30):
        client.post(candle_url(victim), HTTP_X_FORWARDED_FOR="203.0.113.9", **ORIGIN)
    assert client.post(candle_url(victim), HTTP_X_FORWARDED_FOR="203.0.113.9", **ORIGIN).status_code == 429
    # The proxy's own address is shared by every visitor: another client behind it still lights its candle.
    assert client.post(candle_url(victim), HTTP_X_FORWARDED_FOR="203.0.113.10", **ORIGIN).status_code == 303


def test_the_shared_cache_holds_no_address_nor_a_plain_hash_of_one(client, victim):
    address = "198.51.100.23"
    client.post(candle_url(victim), REMOTE_ADDR=address, **ORIGIN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM memorial_cache")
        rows = " ".join(f"{key} {value}" for key, value in cursor.fetchall())
    assert rows
    for form in (address, hashlib.md5(address.encode()).hexdigest(), hashlib.sha256(address.encode()).hexdigest()):  # noqa: S324
        assert form not in rows
    assert not any(address in str(value) for value in CandleCount.objects.values_list())


def test_a_victim_that_is_not_public_answers_the_same_404_as_an_unknown_id(client, victim):
    draft = VictimFactory(live=False)
    victims_published([draft])
    draft.refresh_from_db()
    hidden = VictimFactory()
    victims_published([hidden])
    hidden.refresh_from_db()
    hidden_id = hidden.public_id
    hidden.unpublish()
    hidden.refresh_from_db()
    unknown = client.post("/en/candles/victims/ZZZZZZZZ/", **ORIGIN)
    assert unknown.status_code == 404
    for public_id in (hidden_id, draft.public_id or "none"):
        response = client.post(f"/en/candles/victims/{public_id}/", **ORIGIN)
        assert response.status_code == 404
        assert response.content == unknown.content
    assert not CandleCount.objects.exists()


def test_a_get_is_not_a_candle(client, victim):
    assert client.get(candle_url(victim)).status_code == 405
    assert not CandleCount.objects.exists()


def test_the_count_is_one_update_with_f(victim):
    target = candles.victim_target(victim.public_id)
    candles.light_candle(target)
    with CaptureQueriesContext(connection) as queries:
        assert candles.light_candle(target) == 2
    # Beside the page cache's purge of the victim's page (its version, in the cache table).
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(("UPDATE", "INSERT", "DELETE")) and "memorial_page_cache" not in query["sql"]
    ]
    assert len(writes) == 1
    assert writes[0].startswith("UPDATE") and '"count" + ' in writes[0]


def test_a_page_and_its_translations_share_one_count(client, home_ar, home_en):
    section = BeautifulSoup(client.get("/en/").content, "html.parser").select_one("section.candle")
    # The home page carries no candle of its own yet; the remembrance pages do. Post as they would.
    assert section is None
    response = client.post(f"/ar/candles/pages/{home_ar.pk}/", **ORIGIN)
    assert response.status_code == 303 and response["Location"] == "/ar/#candle-lit"
    assert client.post(f"/en/candles/pages/{home_en.pk}/", **JSON).json()["count"] == 2
    assert candles.page_candle_form(home_en).text == "2 candles lit"
    assert CandleCount.objects.get().page_id == min(home_ar.pk, home_en.pk)


def test_a_page_that_is_not_live_answers_404(client, home_ar):
    home_ar.live = False
    home_ar.save()
    unknown = client.post("/ar/candles/pages/999999/", **ORIGIN)
    assert unknown.status_code == 404
    assert client.post(f"/ar/candles/pages/{home_ar.pk}/", **ORIGIN).content == unknown.content
    root = client.post("/ar/candles/pages/1/", **ORIGIN)
    assert root.status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candles_lit_at_the_same_moment_are_all_counted():
    """Eight clients at once, the first candle included (two may both find no row and race to create it). Run on
    PostgreSQL (the PostgreSQL leg of the suite): SQLite lets one writer in at a time, and the test database's
    shared in-memory cache answers a second writer "table is locked" at once instead of making it wait."""
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers need PostgreSQL; SQLite admits one writer at a time")
    record = VictimFactory()
    victims_published([record])
    record.refresh_from_db()
    lighters = 8
    barrier = threading.Barrier(lighters)
    statuses = []

    def light(number):
        try:
            barrier.wait()
            response = Client().post(
                f"/en/candles/victims/{record.public_id}/", REMOTE_ADDR=f"198.51.100.{number}", **ORIGIN
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=light, args=(number,)) for number in range(lighters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * lighters
    assert CandleCount.objects.get(victim=record).count == lighters
