"""The public archive through HTTP: attack records, victim pages, indexes, name search, statistics, sitemap."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import AttackFinding, Victim
from memorial.archive.services import victims_published
from tests.factories import (
    AttackFactory,
    AttackFigureFactory,
    DistrictFactory,
    GovernorateFactory,
    SourceFactory,
    TownFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return soup(response).get_text(" ", strip=True)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def idlib():
    return GovernorateFactory(name_en="Idlib", name_ar="إدلب")


@pytest.fixture
def khan_shaykhun(idlib):
    town = TownFactory(name_en="Khan Shaykhun", name_ar="خان شيخون", parent=DistrictFactory(parent=idlib))
    attack = AttackFactory(
        key="khan-shaykhun-2017",
        title_en="Khan Shaykhun, 4 April 2017",
        title_ar="خان شيخون، 4 نيسان 2017",
        date=datetime.date(2017, 4, 4),
        places=[town],
        agent="sarin",
        figures_checked=True,
    )
    AttackFigureFactory(attack=attack, low=86, high=100, reported_by="other counts 86-100")
    AttackFigureFactory(attack=attack, kind="injured", low=520, reported_by="SNHR")
    AttackFinding.objects.create(
        attack=attack,
        body="OPCW-UN Joint Investigative Mechanism",
        document="S/2017/904",
        date=datetime.date(2017, 10, 26),
        attribution="the Syrian Arab Republic is responsible",
    )
    attack.sources.add(SourceFactory(publisher="UN", title="JIM seventh report"))
    return attack


def publish(*victims):
    victims_published(victims)
    for victim in victims:
        victim.refresh_from_db()
    return victims


@pytest.fixture
def named(khan_shaykhun):
    (victim,) = publish(
        VictimFactory(
            attack=khan_shaykhun,
            identity__given_name_ar="محمد",
            identity__father_name_ar="عبد الله",
            identity__family_name_ar="الأحمد",
            identity__given_name_latin="Mohammed",
            identity__father_name_latin="Abdullah",
            identity__family_name_latin="al-Ahmad",
        )
    )
    return victim


# Attack records


def test_attack_record_states_its_facts_with_their_sources(client, khan_shaykhun, named):
    page = text(client.get("/en/attacks/khan-shaykhun-2017/"))
    for fact in (
        "Khan Shaykhun, 4 April 2017",
        "4 April 2017",
        "Khan Shaykhun",
        "Sarin",
        "86–100",
        "other counts 86-100",
        "520",
        "OPCW-UN Joint Investigative Mechanism",
        "S/2017/904",
        "the Syrian Arab Republic is responsible",
        "JIM seventh report",
        "Mohammed Abdullah al-Ahmad",
    ):
        assert fact in page, fact
    assert "to be verified" not in page


def test_unchecked_figures_say_they_are_to_be_verified(client, khan_shaykhun):
    khan_shaykhun.figures_checked = False
    khan_shaykhun.save()
    assert "to be verified" in text(client.get("/en/attacks/khan-shaykhun-2017/"))
    arabic = soup(client.get("/ar/attacks/khan-shaykhun-2017/"))
    assert arabic.select_one(".badge--unverified")
    assert "بانتظار التحقق" in arabic.get_text()


def test_attack_victims_are_paginated(client, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(51)])
    first = soup(client.get("/en/attacks/khan-shaykhun-2017/"))
    assert len(first.select(".victim-list__item")) == 50
    second = soup(client.get("/en/attacks/khan-shaykhun-2017/?page=2"))
    assert len(second.select(".victim-list__item")) == 1


def test_draft_and_unknown_attacks_are_not_found(client, khan_shaykhun):
    khan_shaykhun.live = False
    khan_shaykhun.save()
    assert client.get("/en/attacks/khan-shaykhun-2017/").status_code == 404
    assert client.get("/en/attacks/never-was/").status_code == 404


def test_attack_index_is_a_timeline_with_filters(client, khan_shaykhun, idlib):
    AttackFactory(key="douma-2018", title_en="Douma", date=datetime.date(2018, 4, 7), agent="chlorine")
    page = soup(client.get("/en/attacks/"))
    years = [heading.get_text(" ", strip=True) for heading in page.select(".timeline__year h2")]
    assert years == ["2017 (1)", "2018 (1)"]
    assert "2 attacks" in page.get_text()

    by_agent = text(client.get("/en/attacks/?agent=chlorine"))
    assert "Douma" in by_agent and "Khan Shaykhun" not in by_agent
    by_place = text(client.get(f"/en/attacks/?governorate={idlib.pk}"))
    assert "Khan Shaykhun" in by_place and "Douma" not in by_place


# Victim pages


def test_victim_page_shows_what_the_policy_allows(client, named):
    response = client.get(f"/ar/victims/{named.public_id}/")
    page = soup(response)
    names = [(part["lang"], part.get_text()) for part in page.select(".victim__name-part")]
    assert names == [("ar", "محمد عبد الله الأحمد"), ("en", "Mohammed Abdullah al-Ahmad")]
    body = page.get_text(" ", strip=True)
    assert "سجل تجريبي" in body or "Sample record" in body
    assert "خان شيخون" in body
    assert page.select_one('a[href="/ar/attacks/khan-shaykhun-2017/"]')
    assert f"/ar/victims/{named.public_id}/" in page.select_one(".citation").get_text()
    assert not page.select_one('meta[name="robots"]')


def test_english_page_puts_the_latin_name_first(client, named):
    page = soup(client.get(f"/en/victims/{named.public_id}/"))
    assert page.select(".victim__name-part")[0]["lang"] == "en"
    assert page.title.get_text().startswith("Mohammed Abdullah al-Ahmad")


def test_a_name_not_shown_in_full_is_not_indexed(client, khan_shaykhun):
    victims = publish(*[VictimFactory(attack=khan_shaykhun, name_policy="initials") for _ in range(5)])
    page = soup(client.get(f"/en/victims/{victims[0].public_id}/"))
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert "Salma" not in page.get_text()


def test_missing_english_biography_shows_the_arabic_with_its_direction(client, named):
    Victim.objects.filter(pk=named.pk).update(biography_en="")
    paragraph = soup(client.get(f"/en/victims/{named.public_id}/")).select_one(".prose p")
    assert (paragraph["lang"], paragraph["dir"]) == ("ar", "rtl")


def test_public_urls_carry_ids_not_names(client, named):
    assert named.public_id not in ("", None)
    assert "al-ahmad" not in f"/en/victims/{named.public_id}/".lower()


@pytest.mark.parametrize("state", ["draft", "unknown"])
def test_non_public_victims_are_not_found(client, named, state):
    if state == "draft":
        named.unpublish()
        path = f"/en/victims/{named.public_id}/"
    else:
        path = "/en/victims/zzzzzzzzzz/"
    assert client.get(path).status_code == 404


# Victim index, filters and search


@pytest.fixture
def archive(khan_shaykhun, idlib):
    douma_town = TownFactory(name_en="Douma", name_ar="دوما", parent=GovernorateFactory(name_en="Rif Dimashq"))
    douma = AttackFactory(key="douma-2018", date=datetime.date(2018, 4, 7), places=[douma_town])
    victims = {
        "hind": VictimFactory(attack=douma, identity__given_name_ar="هند", identity__given_name_latin="Hind", age=9),
        "youssef": VictimFactory(
            attack=khan_shaykhun,
            sex="male",
            identity__given_name_ar="يوسف",
            identity__given_name_latin="Youssef",
            age=40,
        ),
        "husayn": VictimFactory(
            attack=khan_shaykhun,
            sex="male",
            identity__given_name_ar="حسين",
            identity__given_name_latin="Husayn",
            identity__family_name_latin="Haddad",
            identity__family_name_ar="حداد",
            age=52,
        ),
    }
    publish(*victims.values())
    return victims


def listed(response):
    return [item.get_text(" ", strip=True) for item in soup(response).select(".victim-list__item a")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("attack=douma-2018", ["Hind"]),
        ("year=2017", ["Husayn", "Youssef"]),
        ("sex=male", ["Husayn", "Youssef"]),
        ("age=child", ["Hind"]),
        ("age=adult", ["Husayn", "Youssef"]),
    ],
)
def test_victim_index_filters(client, archive, query, expected):
    names = listed(client.get(f"/en/victims/?{query}&sort=name_latin"))
    assert [name.split()[0] for name in names] == expected


def test_governorate_filter(client, archive, idlib):
    names = listed(client.get(f"/en/victims/?governorate={idlib.pk}&sort=name_latin"))
    assert [name.split()[0] for name in names] == ["Husayn", "Youssef"]


def test_filters_only_match_public_values(client, archive, idlib):
    husayn = archive["husayn"]
    Victim.objects.filter(pk=husayn.pk).update(place_policy="country", date_policy="exact", age_policy="withheld")
    husayn.refresh_from_db()
    publish(husayn)
    governorate = listed(client.get(f"/en/victims/?governorate={idlib.pk}"))
    assert not any("Husayn" in name for name in governorate)
    adults = listed(client.get("/en/victims/?age=adult"))
    assert not any("Husayn" in name for name in adults)


def test_invalid_filters_get_a_clear_error(client, archive):
    response = client.get("/en/victims/?year=abc&attack=nope")
    page = soup(response)
    assert response.status_code == 200
    assert page.select(".error")
    assert not page.select(".victim-list__item")


def test_sort_by_date_and_name(client, archive):
    newest = listed(client.get("/en/victims/?sort=-date"))
    assert newest[0].startswith("Hind")
    by_name = listed(client.get("/ar/victims/?sort=name"))
    assert by_name[0].startswith("حسين")


def test_withheld_names_sort_last(client, archive, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun, name_policy="withheld") for _ in range(5)])
    names = listed(client.get("/en/victims/?sort=name_latin"))
    assert names[:3] != ["Name withheld"] * 3
    assert names[-1] == "Name withheld"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Yusuf", "Youssef"),
        ("youssef", "Youssef"),
        ("Hussein Haddad", "Husayn"),
        ("حسين حداد", "Husayn"),
        ("حُسين", "Husayn"),
        ("هنْد", "Hind"),
    ],
)
def test_name_search_matches_variants(client, archive, query, found):
    names = listed(client.get("/en/victims/", {"q": query}))
    assert len(names) == 1 and names[0].startswith(found)


def test_every_word_must_match(client, archive):
    assert listed(client.get("/en/victims/", {"q": "Youssef Haddad"})) == []
    response = client.get("/en/victims/", {"q": "Youssef Haddad"})
    assert "No public record matches this name" in text(response)


def test_searching_a_withheld_name_answers_like_noise(client, khan_shaykhun):
    publish(
        *[
            VictimFactory(
                attack=khan_shaykhun,
                name_policy="withheld",
                identity__given_name_latin="Zainab",
                identity__family_name_latin="Qudsi",
            )
            for _ in range(5)
        ]
    )

    def answer(query):
        response = client.get("/en/victims/", {"q": query})
        body = response.content.decode()
        for form in (query, query.replace(" ", "+")):
            body = body.replace(form, "QUERY")
        return response.status_code, body

    assert answer("Zainab Qudsi") == answer("Xqzvw Plkmn")


def test_index_queries_do_not_grow_with_page_or_archive(client, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(60)])

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    first = count("/en/victims/")
    second = count("/en/victims/?page=2")
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(60)])
    larger = count("/en/victims/?page=2")
    filtered = count("/en/victims/?attack=khan-shaykhun-2017&page=2")
    assert first == second == larger
    assert filtered <= first + 1


# Statistics


def test_statistics_count_published_non_sample_records_and_suppress_small_cells(client, khan_shaykhun):
    real = [VictimFactory(attack=khan_shaykhun, is_sample=False, age=30) for _ in range(6)]
    child = [VictimFactory(attack=khan_shaykhun, is_sample=False, age=8, sex="male") for _ in range(2)]
    publish(*real, *child)
    publish(VictimFactory(attack=khan_shaykhun, is_sample=True))
    page = soup(client.get("/en/statistics/"))
    facts = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in page.select(".counted .facts div")}
    assert facts["Victims"] == "8"
    assert facts["Children"] == "fewer than 5"
    # Shown, the 6 women would give away the 2 children (8 − 6 − 0).
    assert facts["Women"] == "not shown"
    assert facts["Men"] == "0"
    cited = page.select_one(".cited").get_text(" ", strip=True)
    assert "1510" in cited.replace(",", "") and "Syrian Network for Human Rights" in cited


def test_statistics_are_cached_and_refreshed_on_change(client, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(5)])
    client.get("/en/statistics/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/statistics/")
    assert not any("archive_victimpublicindex" in query["sql"] for query in queries)
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(5)])
    facts = soup(client.get("/en/statistics/")).select(".counted .facts dd")
    assert facts[0].get_text(strip=True) == "10"


# Sitemap and alternates


def test_sitemap_lists_only_full_names_in_both_languages(client, named, khan_shaykhun):
    hidden = publish(*[VictimFactory(attack=khan_shaykhun, name_policy="initials") for _ in range(5)])
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-victims.xml" in index
    victims = client.get("/sitemap-victims.xml").content.decode()
    assert f"/ar/victims/{named.public_id}/" in victims
    assert f"/en/victims/{named.public_id}/" in victims
    assert 'hreflang="en"' in victims
    for victim in hidden:
        assert victim.public_id not in victims
    attacks = client.get("/sitemap-attacks.xml").content.decode()
    assert "/en/attacks/khan-shaykhun-2017/" in attacks
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "/ar/</loc>" in pages and 'hreflang="en" href="http://testserver/en/"' in pages


def test_sitemap_splits_files_below_fifty_thousand_urls(client, khan_shaykhun, monkeypatch):
    from memorial.archive import sitemaps

    monkeypatch.setattr(sitemaps.VictimSitemap, "limit", 2)
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(5)])
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-victims.xml?p=3" in index
    assert sitemaps.ITEMS_PER_FILE * 2 <= 50_000


@pytest.mark.parametrize("path", ["/en/victims/", "/en/attacks/", "/en/statistics/"])
def test_every_archive_page_links_its_other_language(client, path):
    links = {link["hreflang"]: link["href"] for link in soup(client.get(path)).select('link[rel="alternate"]')}
    assert links == {"ar": path.replace("/en/", "/ar/"), "en": path}
