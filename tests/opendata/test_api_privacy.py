"""No private value in any answer of the API (P2), over the leak test's canary records (tests/privacy/test_leaks.py:
withheld names, birth dates, home villages, a town the policy hides, a photo with GPS): every endpoint, every
record, the name search and the filters, followed link by link through the JSON."""

from urllib.parse import quote

import pytest

from memorial.privacy.models.identity import VictimIdentity
from tests.privacy.test_leaks import CANARIES, PRIVATE_TOWN, PUBLIC_SURFACES, canaries, crawl, leaks_in

pytestmark = pytest.mark.django_db

__all__ = ["canaries"]


def api_responses(client, victims):
    return crawl(client, PUBLIC_SURFACES["public API"](victims))


def test_no_canary_reaches_any_answer_of_the_api(client, canaries):
    responses = api_responses(client, canaries)
    answered = {path for path, response in responses.items() if path.startswith("/api/v1/")}
    json_ok = {p for p in answered if responses[p].status_code == 200 and "json" in responses[p]["Content-Type"]}
    # The index, the lists, the canary records, their attack and places, pages of results: all followed.
    assert {f"/api/v1/victims/{victim.public_id}/" for victim in canaries} <= json_ok
    assert "/api/v1/attacks/ltamenah-2017/" in json_ok and "/api/v1/places/" in json_ok
    assert len(json_ok) > 15
    assert leaks_in(responses) == []


def test_the_blurred_photo_is_the_only_photo_and_carries_no_metadata_name(client, canaries):
    shown = client.get(f"/api/v1/victims/{canaries[0].public_id}/").json()
    assert shown["photo"]["blurred"] is True
    assert shown["photo"]["url"].startswith("http://testserver/media/photos/")
    assert CANARIES["given_name_latin"] not in shown["photo"]["url"]
    assert client.get(f"/api/v1/victims/{canaries[1].public_id}/").json()["photo"] is None


def test_a_withheld_name_and_a_hidden_town_answer_like_noise(client, canaries):
    noise = client.get("/api/v1/victims/", {"q": "Zqxv"})
    for name in ("Kanaryo", "Minecoal", "كناريا المنجمي"):
        searched = client.get(f"/api/v1/victims/?q={quote(name)}")
        assert searched.json()["count"] == 0
        assert searched.content == noise.content
    hidden = canaries[0].place
    assert hidden.name_en == PRIVATE_TOWN
    by_town = client.get("/api/v1/victims/", {"place": hidden.pk})
    never = client.get("/api/v1/victims/", {"place": 10_000_000})
    assert by_town.status_code == never.status_code == 422 and by_town.content == never.content
    assert client.get(f"/api/v1/places/{hidden.pk}/").content == client.get("/api/v1/places/10000000/").content


def test_the_birth_year_filters_nothing_and_the_day_of_death_is_never_a_value(client, canaries):
    # The canaries' policy shows the year of death at most; their birth year (1911) is no public year.
    assert client.get("/api/v1/victims/", {"year": 1911}).json()["count"] == 0
    assert {identity.birth_date.year for identity in VictimIdentity.objects.filter(victim__in=canaries)} == {1911}
    listed = client.get("/api/v1/victims/", {"page_size": 100}).json()["results"]
    dates = {item["date_of_death"] for item in listed if item["id"] in {v.public_id for v in canaries}}
    assert all(date is None or len(date) <= 7 for date in dates), dates
