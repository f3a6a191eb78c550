"""The full-page cache: anonymous visitors are served public pages from the shared cache, and every change purges
exactly what it alters, so that a name withheld a moment ago is never served again from any address."""

import datetime
import io
import re

from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from wagtail.contrib.frontend_cache.backends import BaseBackend

import pytest
from bs4 import BeautifulSoup

from memorial.pagecache import store
from memorial.pagecache.frontend import urls_of
from memorial.privacy.policy import K_ANONYMITY
from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_defaults, change_policy, withdraw_victim
from memorial.remembrance import candles
from tests.factories import OPEN_POLICY, AttackFactory, TownFactory, named_victim

pytestmark = pytest.mark.django_db

NAME = "Salma Khaled al-Hassan"
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def attack():
    return AttackFactory(key="cache-attack-2017", places=[TownFactory()])


@pytest.fixture
def victim(attack):
    record = named_victim(latin=NAME, attack=attack, **OPEN_POLICY)
    other = named_victim(latin="Omar Yusuf al-Ali", attack=attack, **OPEN_POLICY)
    victims_published([record, other])
    record.refresh_from_db()
    return record


@pytest.fixture
def other(victim):
    from memorial.archive.models import Victim

    return Victim.objects.exclude(pk=victim.pk).get()


def served(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def twice(client, path):
    """The page, asked for twice: the second answer comes from the cache."""
    assert served(client, path)["X-Cache"] == "MISS", path
    second = served(client, path)
    assert second["X-Cache"] == "HIT", path
    return second


def share_card_url(client, victim):
    page = BeautifulSoup(served(client, f"/en/victims/{victim.public_id}/").content, "html.parser")
    image = page.select_one('meta[property="og:image"]')
    return re.sub(r"^https?://[^/]+", "", image["content"]) if image else None


def addresses(victim, attack):
    return [
        f"/en/victims/{victim.public_id}/",
        f"/ar/victims/{victim.public_id}/",
        f"/en/victims/{victim.public_id}/cite.json",
        "/en/victims/",
        "/en/victims/?sort=name",
        f"/en/attacks/{attack.key}/",
        "/en/attacks/",
        "/en/statistics/",
        "/en/",
        "/sitemap-victims.xml",
        f"/api/v1/victims/{victim.public_id}/",
        "/api/v1/victims/",
        f"/api/v1/attacks/{attack.key}/",
    ]


@pytest.mark.parametrize("on_commit", [False, True], ids=["at once", "after the commit"])
def test_a_name_withheld_a_moment_ago_is_never_served_from_the_cache(
    client, victim, attack, on_commit, django_capture_on_commit_callbacks
):
    paths = addresses(victim, attack)
    for path in paths:
        twice(client, path)
    card = share_card_url(client, victim)
    assert card, "the share card is drawn (Pillow's raqm layout)"
    twice(client, card)
    paths.append(card)
    assert NAME in served(client, f"/en/victims/{victim.public_id}/").content.decode()
    assert NAME in served(client, f"/en/attacks/{attack.key}/").content.decode()

    with django_capture_on_commit_callbacks(execute=on_commit):
        change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="The family asked.", user=None)

    for path in paths:
        response = client.get(path)
        assert response["X-Cache"] != "HIT", path
        if response.status_code == 200:
            assert NAME.encode() not in response.content, path
            assert b"al-Hassan" not in response.content, path
    # The card named the name's digest: its address answers 404 now, and no copy of it is served.
    assert client.get(card).status_code == 404


def test_a_candle_purges_only_the_page_that_shows_its_count(client, victim, other, attack):
    mine, theirs = f"/en/victims/{victim.public_id}/", f"/en/victims/{other.public_id}/"
    for path in (mine, theirs, "/en/victims/", f"/en/attacks/{attack.key}/"):
        twice(client, path)

    assert client.post(f"/en/candles/victims/{victim.public_id}/", **ORIGIN).status_code == 303

    relit = served(client, mine)
    assert relit["X-Cache"] == "MISS"
    assert "1 candle lit" in relit.content.decode()
    for path in (theirs, "/en/victims/", f"/en/attacks/{attack.key}/"):
        assert served(client, path)["X-Cache"] == "HIT", path


def test_a_candle_on_a_wagtail_page_purges_that_page_in_every_language(home_pages):
    target = candles.page_target(home_pages["en"].pk)
    assert set(target.surfaces) == {store.page(home_pages["ar"].pk), store.page(home_pages["en"].pk)}


def test_a_wagtail_page_depends_on_itself(client, home_pages):
    twice(client, "/en/")
    store.purge({store.page(home_pages["en"].pk)})
    assert served(client, "/en/")["X-Cache"] == "MISS"


def test_a_change_to_one_record_leaves_other_records_pages_cached(client, victim, other):
    theirs = f"/en/victims/{other.public_id}/"
    twice(client, theirs)
    twice(client, "/en/victims/")
    change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="The family asked.", user=None)
    assert served(client, theirs)["X-Cache"] == "HIT"
    assert served(client, "/en/victims/")["X-Cache"] == "MISS"


def test_publishing_an_attack_purges_its_page_and_the_listings(client, victim, attack):
    twice(client, f"/en/attacks/{attack.key}/")
    twice(client, "/en/attacks/")
    attack.title_en = "A title edited and published"
    attack.save_revision().publish()
    for path in (f"/en/attacks/{attack.key}/", "/en/attacks/"):
        response = served(client, path)
        assert response["X-Cache"] == "MISS"
        assert "A title edited and published" in response.content.decode()


def test_a_place_edit_purges_the_whole_site(client, victim):
    path = f"/en/victims/{victim.public_id}/"
    twice(client, path)
    place = victim.attack.places.first()
    place.name_en = "A renamed town"
    place.save()
    assert served(client, path)["X-Cache"] == "MISS"


def test_publishing_a_page_purges_the_site_and_publish_scheduled_does_too(client, home_pages):
    twice(client, "/en/")
    home_pages["en"].save_revision().publish()
    twice(client, "/en/")

    revision = home_pages["en"].save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert revision.approved_go_live_at
    call_command("publish_scheduled", verbosity=0)
    assert served(client, "/en/")["X-Cache"] == "MISS"


def test_the_purge_command_purges_everything(client, victim):
    path = f"/en/victims/{victim.public_id}/"
    twice(client, path)
    output = io.StringIO()
    call_command("purge_page_cache", stdout=output)
    assert output.getvalue() == "The page cache is purged.\n"
    assert served(client, path)["X-Cache"] == "MISS"


def test_a_purge_of_many_records_purges_the_site(client, victim):
    path = f"/en/victims/{victim.public_id}/"
    twice(client, path)
    store.purge({store.victim(f"other-{number}") for number in range(store.MAX_SURFACES + 1)})
    assert served(client, path)["X-Cache"] == "MISS"


def test_a_purge_during_the_render_leaves_no_entry(rf, victim):
    request = RequestFactory().get(f"/en/victims/{victim.public_id}/")
    surfaces = (store.victim(victim.public_id),)

    def render_while_purged():
        store.purge(surfaces)
        return HttpResponse("read before the purge")

    assert store.serve(request, surfaces, render_while_purged)["X-Cache"] == "MISS"
    assert store.serve(request, surfaces, lambda: HttpResponse("read after"))["X-Cache"] == "MISS"
    assert store.serve(request, surfaces, lambda: HttpResponse("never rendered")).content == b"read after"


def test_logged_in_visitors_and_credentials_bypass_the_cache(client, admin_client, victim):
    path = f"/en/victims/{victim.public_id}/"
    twice(client, path)
    assert served(admin_client, path)["X-Cache"] == "BYPASS"
    assert served(client, path, HTTP_AUTHORIZATION="Basic eDp5")["X-Cache"] == "BYPASS"
    client.cookies["messages"] = "anything"
    assert served(client, path)["X-Cache"] == "BYPASS"


def test_forms_searches_and_the_admin_are_never_stored(client, admin_client, victim):
    for path in (f"/en/submit/tribute/{victim.public_id}/", "/en/status/", "/en/victims/?q=salma", "/healthz"):
        assert served(client, path)["X-Cache"] == "BYPASS", path
        assert served(client, path)["X-Cache"] == "BYPASS", path
    assert served(admin_client, "/admin/")["X-Cache"] == "BYPASS"
    assert client.post(f"/en/victims/{victim.public_id}/")["X-Cache"] == "BYPASS"


@pytest.mark.parametrize(
    "path",
    [
        "/en/victims/?q=salma&q=",
        "/en/victims/?q=&q=salma",
        "/en/victims/?q=++salma",
        "/ar/victims/?sort=name&q=salma",
        "/api/v1/victims/?q=salma",
        "/api/v1/victims/?q=salma&q=",
    ],
)
def test_a_name_search_is_never_stored_however_it_is_written(client, victim, path):
    for _ in range(2):
        response = served(client, path)
        assert response.get("X-Cache") not in ("HIT", "MISS"), path


def test_a_withdrawal_purges_the_record_and_the_listings(client, victim, attack):
    paths = [f"/en/victims/{victim.public_id}/", "/en/victims/", f"/en/attacks/{attack.key}/", "/en/statistics/"]
    for path in paths:
        twice(client, path)
    withdraw_victim(victim=victim, reason="The family asked.", user=None)
    assert client.get(paths[0]).status_code == 404
    for path in paths[1:]:
        response = served(client, path)
        assert response["X-Cache"] == "MISS", path
        assert NAME.encode() not in response.content, path


def test_a_change_to_the_publication_defaults_purges_every_page(client, victim, other):
    paths = [f"/en/victims/{victim.public_id}/", f"/en/victims/{other.public_id}/", "/en/victims/", "/en/"]
    for path in paths:
        twice(client, path)
    change_defaults(proposed={K_ANONYMITY: 7}, reason="A stronger guard.", user=None)
    for path in paths:
        assert served(client, path)["X-Cache"] == "MISS", path


def test_an_import_purges_the_listings_and_shows_its_records(client, victim, tmp_path):
    twice(client, "/en/victims/?sort=name")
    twice(client, f"/en/victims/{victim.public_id}/")
    row = {"external_id": "cache-import-1", "source": "partner", "name_latin": "Huda Imported-Name", "sex": "female"}
    row |= {"age": "30", **OPEN_POLICY}
    path = tmp_path / "victims.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    call_command("import_victims", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    listing = served(client, "/en/victims/?sort=name")
    assert listing["X-Cache"] == "MISS"
    assert "Huda Imported-Name" in listing.content.decode()
    # The records the import left alone stay cached.
    assert served(client, f"/en/victims/{victim.public_id}/")["X-Cache"] == "HIT"


def test_only_complete_public_answers_are_stored():
    assert store.storable(HttpResponse("ok"))
    with_cookie = HttpResponse("a form")
    with_cookie.set_cookie("csrftoken", "token")
    private = HttpResponse("mine")
    private["Cache-Control"] = "private"
    no_store = HttpResponse("never")
    no_store["Cache-Control"] = "no-store"
    varied = HttpResponse("per visitor")
    varied["Vary"] = "Cookie"
    for response in (with_cookie, private, no_store, varied, HttpResponse("gone", status=404)):
        assert not store.storable(response)


def test_a_missing_record_is_never_stored(client):
    for _ in range(2):
        response = client.get("/en/victims/NOSUCHID/")
        assert response.status_code == 404
        assert response["X-Cache"] == "MISS"


def test_an_address_naming_a_long_id_is_answered_and_its_version_key_is_short(client):
    for path in (f"/en/victims/{'x' * 300}/", f"/api/v1/victims/{'x' * 300}/"):
        assert client.get(path).status_code == 404, path
    assert len(store._version_key(store.victim("x" * 300))) < 100


def test_an_api_error_answers_like_an_address_the_cache_does_not_know(client):
    unknown = client.get("/api/v1/no-such-endpoint/")
    missing = client.get("/api/v1/victims/zz9zz9zz9z/")
    assert missing.status_code == unknown.status_code == 404
    assert sorted(missing.headers.items()) == sorted(unknown.headers.items())


def test_the_setting_turns_the_cache_off(client, victim, settings):
    settings.MEMORIAL_PAGE_CACHE = False
    path = f"/en/victims/{victim.public_id}/"
    assert served(client, path)["X-Cache"] == "BYPASS"
    assert served(client, path)["X-Cache"] == "BYPASS"


def test_the_api_counts_a_cached_answer_against_the_rate_limit(client, victim, settings):
    settings.MEMORIAL_API_RATE = "2/m"
    path = f"/api/v1/victims/{victim.public_id}/"
    assert served(client, path)["X-Cache"] == "MISS"
    hit = served(client, path)
    assert hit["X-Cache"] == "HIT"
    assert hit["ETag"] and hit["Cache-Control"] == "public, no-cache"
    assert client.get(path).status_code == 429


def test_a_hit_costs_one_cache_read_and_nothing_else(client, victim, home_pages, django_assert_num_queries):
    # The embedded cache is a database table: one query is one read of the entry and its surfaces' versions.
    for path in (f"/en/victims/{victim.public_id}/", "/en/"):
        twice(client, path)
        with django_assert_num_queries(1):
            assert served(client, path)["X-Cache"] == "HIT", path


def test_a_page_met_in_another_process_is_still_checked(client, home_pages, monkeypatch):
    # As if another server had stored the entry: this process has no memory of what it met.
    twice(client, "/en/")
    monkeypatch.setattr(store, "_met_last_time", {})
    assert served(client, "/en/")["X-Cache"] == "HIT"
    monkeypatch.setattr(store, "_met_last_time", {})
    store.purge({store.page(home_pages["en"].pk)})
    assert served(client, "/en/")["X-Cache"] == "MISS"


class RecordingBackend(BaseBackend):
    """A front cache that writes down what it is told to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def front_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.pagecache.test_page_cache.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend


def test_a_front_cache_is_told_to_purge_the_addresses_once_the_change_commits(
    victim, front_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="The family asked.", user=None)
    assert front_cache.purged == []
    for callback in callbacks:
        callback()
    for path in (
        f"/en/victims/{victim.public_id}/",
        f"/ar/victims/{victim.public_id}/",
        f"/en/victims/{victim.public_id}/cite.json",
        f"/api/v1/victims/{victim.public_id}/",
        "/en/victims/",
        "/ar/statistics/",
        "/sitemap.xml",
        "/sitemap-victims.xml",
        "/en/",
    ):
        assert f"http://testserver{path}" in front_cache.purged, path


def test_without_a_front_cache_nothing_is_sent(victim, settings, django_capture_on_commit_callbacks):
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        store.purge({store.victim(victim.public_id)})
    assert RecordingBackend.purged == []
    assert urls_of({store.victim(victim.public_id)})[0] == f"http://testserver/ar/victims/{victim.public_id}/"
