"""The public API through HTTP, as a researcher's script meets it: what each endpoint answers, its pages and their
bounds, the victim index's filters and name search (P9), one 404 for every non-public id, the rate limit, the
caching headers, and the OpenAPI description served from the site itself."""

import datetime
import json
import re

from django.conf import settings
from django.test import override_settings

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Attack
from memorial.privacy.publication import victims_published
from memorial.privacy.services import withdraw_victim
from tests.factories import (
    AttackFactory,
    AttackFigureFactory,
    DistrictFactory,
    GovernorateFactory,
    SourceFactory,
    TownFactory,
    VictimFactory,
    named_victim,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response["Content-Type"] == "application/json; charset=utf-8", (path, response.status_code)
    return response


def data(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, (path, response.content)
    return response.json()


def ids(client, **params):
    """The public ids the victim listing answers for these filters (one page of up to 100)."""
    return {item["id"] for item in data(client, "/victims/", page_size=100, **params)["results"]}


def published(*victims):
    victims_published(victims)
    for victim in victims:
        victim.refresh_from_db()
    return victims


@pytest.fixture
def archive():
    """Two governorates, an attack with a sourced figure and finding, and victims that differ in every filtered
    value; one is shown only at governorate level although its record names a town."""
    idlib = GovernorateFactory(name_en="Idlib", name_ar="إدلب")
    town = TownFactory(name_en="Khan Shaykhun", name_ar="خان شيخون", parent=DistrictFactory(parent=idlib))
    hama = GovernorateFactory(name_en="Hama", name_ar="حماة")
    attack = AttackFactory(
        key="khan-shaykhun-2017", date=datetime.date(2017, 4, 4), places=[town], title_en="Khan Shaykhun"
    )
    AttackFigureFactory(attack=attack, low=74, high=92, source=SourceFactory(publisher="OPCW"))
    chlorine = AttackFactory(
        key="hama-2016",
        date=datetime.date(2016, 8, 1),
        agent=Attack.Agent.CHLORINE,
        places=[TownFactory(parent=DistrictFactory(parent=hama))],
    )
    victims = {
        "mohammad": named_victim("محمد حداد", "Mohammad Haddad", attack=attack, sex="male", age=9, is_sample=False),
        "salma": named_victim("سلمى قدسي", "Salma Qudsi", attack=attack, age=40),
        "hama": named_victim("أميرة درويش", "Amira Darwish", attack=chlorine, date_of_death=datetime.date(2016, 8, 1)),
        # No attack says where this person died, so the policy's governorate is all the record shows.
        "coarse": named_victim(
            "فادي عمر",
            "Fady Omar",
            attack=None,
            place=town,
            date_of_death=datetime.date(2017, 4, 4),
            place_policy="governorate",
            date_policy="year",
        ),
    }
    published(*victims.values())
    return {"victims": victims, "attack": attack, "chlorine": chlorine, "town": town, "idlib": idlib, "hama": hama}


def test_the_index_leads_to_every_endpoint(client):
    index = data(client, "/")
    assert set(index) == {"victims", "attacks", "places", "remembrance_days", "anniversaries", "openapi", "docs"}
    assert index["victims"] == "http://testserver/api/v1/victims/"


def test_a_victim_is_what_its_public_page_shows(client, archive):
    victim = archive["victims"]["coarse"]
    shown = data(client, f"/victims/{victim.public_id}/")
    assert shown["id"] == victim.public_id
    assert shown["name"] == {"ar": "فادي عمر", "latin": "Fady Omar"}
    assert shown["url"] == {
        "ar": f"http://testserver/ar/victims/{victim.public_id}/",
        "en": f"http://testserver/en/victims/{victim.public_id}/",
    }
    # Shown to the year and the governorate: neither the day nor the town is anywhere in the answer.
    assert shown["date_of_death"] == "2017" and shown["date_of_death_precision"] == "year"
    assert shown["place"] == {
        "id": archive["idlib"].pk,
        "level": "governorate",
        "name": {"ar": "إدلب", "en": "Idlib"},
        "within": [],
    }
    assert "Khan Shaykhun" not in json.dumps(shown) and "04-04" not in json.dumps(shown)
    assert shown["sample"] is True and shown["attack"] is None
    assert shown["biography"] == {"ar": "سيرة تجريبية", "en": "A sample biography."}


def test_a_victim_with_its_attack_names_the_attack_and_the_town(client, archive):
    shown = data(client, f"/victims/{archive['victims']['mohammad'].public_id}/")
    assert shown["sample"] is False
    assert shown["attack"]["key"] == "khan-shaykhun-2017"
    assert shown["attack"]["api_url"] == "http://testserver/api/v1/attacks/khan-shaykhun-2017/"
    assert shown["place"]["name"]["en"] == "Khan Shaykhun"
    assert [place["level"] for place in shown["place"]["within"]] == ["district", "governorate"]
    assert (shown["age"], shown["age_group"], shown["sex"]) == (9, "5-11", "male")


def test_the_answer_is_the_same_in_either_language(client, archive):
    path = f"{API}/victims/{archive['victims']['salma'].public_id}/"
    arabic = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert arabic.content == english.content
    assert arabic["Content-Language"] == english["Content-Language"] == "ar, en"


def test_an_attack_carries_its_figures_with_their_sources_and_its_victim_count(client, archive):
    attack = data(client, "/attacks/khan-shaykhun-2017/")
    assert attack["title"]["en"] == "Khan Shaykhun"
    assert attack["agent_label"] == {"ar": "السارين", "en": "Sarin"}
    assert [(figure["low"], figure["high"], figure["source"]["publisher"]) for figure in attack["figures"]] == [
        (74, 92, "OPCW")
    ]
    assert [place["name"]["en"] for place in attack["places"]] == ["Khan Shaykhun"]
    # The record shown only at governorate level is not tied to the attack.
    assert attack["public_victim_count"] == 2
    assert attack["url"]["en"] == "http://testserver/en/attacks/khan-shaykhun-2017/"


def test_attacks_are_listed_in_date_order_and_filtered_like_the_attack_index(client, archive):
    keys = [attack["key"] for attack in data(client, "/attacks/")["results"]]
    assert keys == ["hama-2016", "khan-shaykhun-2017"]
    assert [a["key"] for a in data(client, "/attacks/", agent="chlorine")["results"]] == ["hama-2016"]
    assert [a["key"] for a in data(client, "/attacks/", governorate=archive["idlib"].pk)["results"]] == [
        "khan-shaykhun-2017"
    ]
    listed = {attack["key"]: attack for attack in data(client, "/attacks/")["results"]}
    assert listed["khan-shaykhun-2017"] == data(client, "/attacks/khan-shaykhun-2017/")


def test_an_attack_filter_that_is_not_a_public_choice_is_a_clear_error(client, archive):
    assert get(client, "/attacks/", agent="mustard gas").status_code == 422
    assert get(client, "/attacks/", governorate=archive["town"].pk).status_code == 422


def test_places_are_the_governorates_and_what_public_records_name(client, archive):
    hidden = TownFactory(name_en="Nowhere Public", parent=DistrictFactory(parent=archive["hama"]))
    names = [place["name"]["en"] for place in data(client, "/places/", page_size=100)["results"]]
    assert names[:2] == ["Hama", "Idlib"]
    assert "Khan Shaykhun" in names and "Nowhere Public" not in names
    assert {place["level"] for place in data(client, "/places/", level="governorate")["results"]} == {"governorate"}
    within = data(client, "/places/", within=archive["town"].parent_id)["results"]
    assert [place["id"] for place in within] == [archive["town"].pk]
    town = data(client, f"/places/{archive['town'].pk}/")
    assert town["within"]["id"] == archive["town"].parent_id
    assert get(client, f"/places/{hidden.pk}/").content == get(client, "/places/999999/").content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"mohammad", "salma", "hama", "coarse"}),
        ({"attack": "khan-shaykhun-2017"}, {"mohammad", "salma"}),
        ({"sex": "male"}, {"mohammad"}),
        ({"sex": "female"}, {"salma", "hama", "coarse"}),
        ({"age": "child"}, {"mohammad"}),
        ({"age": "adult"}, {"salma", "hama", "coarse"}),
        ({"year": 2016}, {"hama"}),
        ({"year": 2015}, set()),
        ({"sample": "false"}, {"mohammad"}),
        ({"sample": "true"}, {"salma", "hama", "coarse"}),
        ({"q": "Mohamed Haddad"}, {"mohammad"}),
        ({"q": "محمد حداد"}, {"mohammad"}),
        ({"q": "Qudsi", "attack": "khan-shaykhun-2017"}, {"salma"}),
    ],
)
def test_each_victim_filter_matches_public_values(client, archive, params, expected):
    assert ids(client, **params) == {archive["victims"][name].public_id for name in expected}


def test_a_governorate_matches_everything_shown_within_it(client, archive):
    victims = archive["victims"]
    assert ids(client, governorate=archive["idlib"].pk) == {
        victims[name].public_id for name in ("mohammad", "salma", "coarse")
    }
    assert ids(client, place=archive["idlib"].pk) == ids(client, governorate=archive["idlib"].pk)


def test_a_record_shown_only_at_governorate_level_never_matches_its_town(client, archive):
    victims = archive["victims"]
    assert ids(client, place=archive["town"].pk) == {victims["mohammad"].public_id, victims["salma"].public_id}
    assert ids(client, place=archive["town"].parent_id) == ids(client, place=archive["town"].pk)


def test_a_place_no_public_record_names_is_refused_like_one_that_never_existed(client, archive):
    hidden = TownFactory(name_en="Hidden Town", parent=archive["town"].parent)
    published(named_victim("", "Secret Person", attack=None, place=hidden, date_of_death=None, place_policy="district"))
    refused = get(client, "/victims/", place=hidden.pk)
    never = get(client, "/victims/", place=999999)
    assert refused.status_code == never.status_code == 422
    assert refused.content == never.content


def test_searching_a_withheld_name_answers_like_searching_noise(client, archive):
    withheld = named_victim("كنان زيدان", "Kinan Zaydan", name_policy="withheld", attack=archive["attack"])
    published(withheld)
    assert client.get(f"/en/victims/{withheld.public_id}/").status_code == 200
    for query in ("Kinan Zaydan", "كنان زيدان", "Zaydan"):
        searched = get(client, "/victims/", q=query)
        noise = get(client, "/victims/", q="Qwxzv")
        assert searched.json()["count"] == 0
        assert searched.content.replace(query.encode(), b"") == noise.content.replace(b"Qwxzv", b"")


def test_the_sort_orders_are_the_index_orders(client, archive):
    def order(sort):
        return [item["id"] for item in data(client, "/victims/", sort=sort)["results"]]

    victims = archive["victims"]
    latin = order("name_latin")
    assert latin[0] == victims["hama"].public_id  # Amira
    assert order("date")[0] == victims["hama"].public_id  # 2016
    assert order("-date")[-1] == victims["hama"].public_id
    assert order("name")[0] == victims["hama"].public_id  # أميرة
    assert get(client, "/victims/", sort="birth_date").status_code == 422


def test_pages_are_bounded_and_link_to_each_other(client):
    published(*VictimFactory.create_batch(7, attack=AttackFactory()))
    first = data(client, "/victims/", page_size=3)
    assert (first["count"], first["pages"], len(first["results"]), first["previous"]) == (7, 3, 3, None)
    assert first["next"] == "http://testserver/api/v1/victims/?page_size=3&page=2"
    last = data(client, "/victims/", page_size=3, page=3)
    assert len(last["results"]) == 1 and last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/victims/?page_size=3&page=2"
    seen = [item["id"] for page in (1, 2, 3) for item in data(client, "/victims/", page_size=3, page=page)["results"]]
    assert len(set(seen)) == 7
    past = data(client, "/victims/", page_size=3, page=9)
    assert past["results"] == [] and past["previous"] == "http://testserver/api/v1/victims/?page_size=3&page=3"
    assert data(client, "/victims/")["page_size"] == 50
    for params in ({"page_size": 101}, {"page_size": 0}, {"page": 0}, {"page": 100_001}, {"page": "x"}):
        assert get(client, "/victims/", **params).status_code == 422, params
    assert data(client, "/victims/", page_size=100)["page_size"] == 100


def test_a_page_of_victims_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, uncached):
    victims = VictimFactory.create_batch(30, attack=AttackFactory())
    source = SourceFactory()
    for victim in victims:
        victim.sources.set([source])
    published(*victims)
    with django_assert_max_num_queries(20):
        assert len(data(client, "/victims/", page_size=30)["results"]) == 30


def not_public_victims():
    """A public id for each way a record can be absent from the public archive."""
    attack = AttackFactory()
    draft = VictimFactory(attack=attack, live=False)
    unpublished, withdrawn = published(VictimFactory(attack=attack), VictimFactory(attack=attack))
    unpublished.unpublish()
    withdraw_victim(victim=withdrawn, reason="The family asked", user=None)
    return {
        "never existed": "zz9zz9zz9z",
        "draft": draft.public_id or "draft0none",
        "unpublished": unpublished.public_id,
        "withdrawn": withdrawn.public_id,
        "not an id": "..%2F..%2Fadmin",
        "too long": "x" * 300,
    }


def test_every_non_public_victim_answers_one_404_byte_for_byte(client):
    answers = {}
    for reason, public_id in not_public_victims().items():
        response = client.get(f"{API}/victims/{public_id}/")
        assert response.status_code == 404, reason
        answers[reason] = (response.content, sorted(response.headers.items()))
    assert len(set(map(repr, answers.values()))) == 1, answers
    body, headers = answers["never existed"]
    assert json.loads(body) == {"detail": "Not found."}
    assert dict(headers)["Content-Type"] == "application/json; charset=utf-8"


def test_draft_and_withdrawn_attacks_and_unknown_addresses_answer_the_same_404(client):
    AttackFactory(key="draft-attack", live=False)
    withdrawn = AttackFactory(key="withdrawn-attack")
    withdrawn.unpublish()
    paths = [
        "/attacks/draft-attack/",
        "/attacks/withdrawn-attack/",
        "/attacks/never-was/",
        "/places/999999/",
        "/places/not-a-number/",
        "/no-such-endpoint/",
        "/victims/x/y/",
    ]
    answers = {path: client.get(f"{API}{path}") for path in paths}
    assert {response.status_code for response in answers.values()} == {404}
    assert len({(r.content, tuple(sorted(r.headers.items()))) for r in answers.values()}) == 1


def test_a_withdrawn_record_leaves_the_listing_and_search(client, archive):
    victim = archive["victims"]["salma"]
    assert victim.public_id in ids(client, q="Salma Qudsi")
    withdraw_victim(victim=victim, reason="The family asked", user=None)
    assert victim.public_id not in ids(client)
    assert ids(client, q="Salma Qudsi") == set()


def test_the_api_only_reads(client, archive):
    for method in (client.post, client.put, client.delete, client.patch):
        assert method(f"{API}/victims/").status_code == 405


def test_answers_are_cacheable_revalidated_and_answer_304_when_unchanged(client, archive):
    path = f"{API}/victims/{archive['victims']['salma'].public_id}/"
    response = client.get(path)
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Access-Control-Allow-Origin"] == "*"
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert vary == {"Accept-Language"}
    assert "Set-Cookie" not in response
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    archive["victims"]["salma"].biography_en = "Changed."
    archive["victims"]["salma"].save_revision().publish()
    changed = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed.json()["biography"]["en"] == "Changed."


@override_settings(MEMORIAL_API_RATE="3/m")
def test_past_the_rate_a_client_is_answered_429_in_json_and_others_are_not(client, archive):
    for _ in range(3):
        assert client.get(f"{API}/victims/").status_code == 200
    refused = client.get(f"{API}/attacks/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert refused.json() == {"detail": "Too many requests: wait before asking again."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    # A 404 counts and is refused alike: the limit says nothing about which ids exist.
    assert client.get(f"{API}/victims/zz9zz9zz9z/").status_code == 429
    assert client.get(f"{API}/victims/", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(MEMORIAL_API_RATE="2/m", TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_rate_counts_the_forwarded_client(client, archive):
    def ask(forwarded):
        return client.get(f"{API}/places/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [ask("203.0.113.5"), ask("203.0.113.5"), ask("203.0.113.5")] == [200, 200, 429]
    # A client cannot escape by writing its own entry to the left of the proxy's.
    assert ask("198.51.100.1, 203.0.113.5") == 429
    assert ask("203.0.113.6") == 200


def test_the_rate_is_counted_in_the_shared_cache(client, archive):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    from django.core.cache import cache

    with override_settings(MEMORIAL_API_RATE="1/m"):
        assert client.get(f"{API}/places/").status_code == 200
        assert client.get(f"{API}/places/").status_code == 429
        cache.clear()
        assert client.get(f"{API}/places/").status_code == 200


EXTERNAL = re.compile(rb"(?:https?:)?//(?!testserver\b)[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)


def test_the_openapi_description_is_served_and_names_every_endpoint(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Memorial API"
    assert set(schema["paths"]) == {
        f"{API}/victims/",
        f"{API}/victims/{{public_id}}/",
        f"{API}/attacks/",
        f"{API}/attacks/{{key}}/",
        f"{API}/places/",
        f"{API}/places/{{place_id}}/",
        f"{API}/remembrance-days/",
        f"{API}/remembrance-days/{{page_id}}/",
        f"{API}/anniversaries/",
        f"{API}/anniversaries/{{page_id}}/",
    }
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    parameters = {p["name"] for p in schema["paths"][f"{API}/victims/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "attack",
        "governorate",
        "place",
        "year",
        "sex",
        "age",
        "sample",
        "sort",
        "page",
        "page_size",
    }
    assert EXTERNAL.findall(response.content) == []


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CSP_PUBLIC
    page = BeautifulSoup(response.content, "html.parser")
    assets = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link", "img", "a"])]
    assert all(asset.startswith(("/", "#")) and not asset.startswith("//") for asset in assets if asset), assets
    scripts = [tag["src"] for tag in page.find_all("script", src=True)]
    assert scripts == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    for asset in [*scripts, "/static/ninja/swagger-ui.css"]:
        served = client.get(asset)
        assert served.status_code == 200, asset
        served.close()
    settings_json = json.loads(page.find("script", id="swagger-settings").string)
    # Swagger UI's default asks validator.swagger.io about the schema; not from here.
    assert settings_json["validatorUrl"] is None and settings_json["url"] == f"{API}/openapi.json"
    # Readable without JavaScript: every endpoint is listed on the page itself.
    listed = [code.get_text() for code in page.select(".api-docs__endpoints dt code")]
    assert f"GET {API}/victims/" in listed and len(listed) == 10  # victims, attacks, places, two page types


def test_an_endpoint_without_its_final_slash_is_sent_to_it_whatever_the_id(client, archive):
    public_id = archive["victims"]["salma"].public_id
    listing = client.get(f"{API}/victims", {"sex": "female"})
    assert listing.status_code == 301 and listing["Location"] == f"{API}/victims/?sex=female"
    known, unknown = client.get(f"{API}/victims/{public_id}"), client.get(f"{API}/victims/zz9zz9zz9z")
    assert known.status_code == unknown.status_code == 301
    assert known["Location"] == f"{API}/victims/{public_id}/"
    assert known.content == unknown.content
    assert client.get(f"{API}/nothing-here").status_code == 404
