"""The public archive through HTTP: attack records, victim pages, indexes, name search, statistics, sitemap."""

import datetime
import random
import re
from urllib.parse import quote_plus, urlsplit

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import AttackFinding, Victim
from memorial.archive.statistics import CACHE_KEY, Cell, compute_statistics
from memorial.privacy.publication import victims_published
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


def test_each_figure_says_who_reported_it_and_when(client, khan_shaykhun):
    AttackFigureFactory(attack=khan_shaykhun, low=92, reported_by="SNHR", reported_on=datetime.date(2017, 4, 5))
    figures = [
        item.get_text(" ", strip=True)
        for item in soup(client.get("/en/attacks/khan-shaykhun-2017/")).select(".figures li")
    ]
    assert "Killed: 92 — SNHR (5 April 2017)" in figures
    # A figure without a date says who reported it, and invents no date.
    assert "Killed: 86–100 — other counts 86-100" in figures


def test_arabic_dates_use_the_levantine_month_names_of_the_sources(client, khan_shaykhun):
    page = text(client.get("/ar/attacks/khan-shaykhun-2017/"))
    # The title comes from the data; the date line is formatted by Django: both say نيسان.
    assert "خان شيخون، 4 نيسان 2017" in page
    assert "4 نيسان 2017" in page.replace("خان شيخون، 4 نيسان 2017", "")
    assert "أبريل" not in page and "إبريل" not in page


def test_large_figures_are_grouped_and_ranges_read_left_to_right(client, khan_shaykhun):
    AttackFigureFactory(attack=khan_shaykhun, kind="injured", low=5935, reported_by="SNHR")
    AttackFigureFactory(attack=khan_shaykhun, low=1127, high=1429, reported_by="SNHR")
    for language in ("ar", "en"):
        counts = [
            (item.get("dir"), item.get_text())
            for item in soup(client.get(f"/{language}/attacks/khan-shaykhun-2017/")).select(".figures li strong bdi")
        ]
        assert ("ltr", "5,935") in counts and ("ltr", "1,127–1,429") in counts, language


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
    second = soup(client.get("/en/attacks/khan-shaykhun-2017/" + first.select_one("a[rel=next]")["href"]))
    assert len(second.select(".victim-list__item")) == 1
    assert not second.select_one("a[rel=next]")
    # Back from the second page is the first page again.
    back = soup(client.get("/en/attacks/khan-shaykhun-2017/" + second.select_one("a[rel=prev]")["href"]))
    assert [link["href"] for link in back.select(".victim-list__item a")] == [
        link["href"] for link in first.select(".victim-list__item a")
    ]


def test_draft_and_unknown_attacks_are_not_found(client, khan_shaykhun):
    khan_shaykhun.live = False
    khan_shaykhun.save()
    assert client.get("/en/attacks/khan-shaykhun-2017/").status_code == 404
    assert client.get("/en/attacks/never-was/").status_code == 404


def test_attack_index_is_a_timeline_with_filters(client, khan_shaykhun, idlib):
    AttackFactory(key="douma-2018", title_en="Douma", date=datetime.date(2018, 4, 7), agent="chlorine")
    page = soup(client.get("/en/attacks/"))
    years = [heading.get_text(" ", strip=True) for heading in page.select(".timeline__year h2")]
    # A year counts its attacks, not the milestones that share it.
    assert years == ["2017 (1 attack)", "2018 (1 attack)"]
    assert "2 attacks" in page.get_text()

    by_agent = text(client.get("/en/attacks/?agent=chlorine"))
    assert "Douma" in by_agent and "Khan Shaykhun" not in by_agent
    by_place = text(client.get(f"/en/attacks/?governorate={idlib.pk}"))
    assert "Khan Shaykhun" in by_place and "Douma" not in by_place


def test_record_counts_are_grouped_like_figures(client, khan_shaykhun, monkeypatch):
    from memorial.archive import selectors

    listed_attacks = selectors.attack_list_public

    def with_many_records(**filters):
        attacks = listed_attacks(**filters)
        for attack in attacks:
            attack.public_victim_count = 1127
        return attacks

    monkeypatch.setattr(selectors, "attack_list_public", with_many_records)
    for language in ("ar", "en"):
        facts = soup(client.get(f"/{language}/attacks/")).select_one(".timeline__facts").get_text()
        assert "1,127" in facts and "1127" not in facts, language


def fact_cells(response):
    return {div.dt.get_text(strip=True): div.dd for div in soup(response).select(".facts div")}


def test_arabic_attack_page_isolates_english_data_and_keeps_its_own_direction(client, khan_shaykhun):
    khan_shaykhun.delivery = "aerial_bomb"
    khan_shaykhun.delivery_description = "M4000 aerial bomb"
    khan_shaykhun.agent_description = "sarin (likely)"
    khan_shaykhun.save()
    response = client.get("/ar/attacks/khan-shaykhun-2017/")
    cells = fact_cells(response)
    # The value sits on the label's side: no fact overrides the page's direction, the English inside is isolated.
    assert not any(cell.has_attr("dir") or cell.has_attr("lang") for cell in cells.values())
    delivery = cells["وسيلة الإطلاق كما وردت في المصادر"].bdi
    assert (delivery["lang"], delivery["dir"], delivery.get_text()) == ("en", "ltr", "M4000 aerial bomb")
    assert cells["المادة"].get_text(strip=True) == "السارين"
    assert "((" not in soup(response).get_text() and "))" not in soup(response).get_text()

    caption = soup(response).select_one(".finding figcaption")
    assert not caption.has_attr("dir")
    # Every piece is isolated; the Arabic date takes the page's direction and is kept whole.
    assert [(part.get("lang"), part.get_text()) for part in caption.select("bdi")] == [
        ("en", "OPCW-UN Joint Investigative Mechanism"),
        ("en", "S/2017/904"),
        (None, "26 تشرين الأول 2017"),
    ]
    assert "whole" in caption.select("bdi")[-1]["class"]


@pytest.mark.parametrize(
    ("language", "delivery", "note"), [("ar", "قذائف مدفعية", "(بالإنجليزية)"), ("en", "Artillery", None)]
)
def test_the_delivery_has_a_label_in_each_language_and_english_words_say_they_are_english(
    client, khan_shaykhun, language, delivery, note
):
    khan_shaykhun.delivery = "artillery"
    khan_shaykhun.delivery_description = "122 mm artillery"
    khan_shaykhun.agent_description = "sarin (likely)"
    khan_shaykhun.save()
    response = client.get(f"/{language}/attacks/khan-shaykhun-2017/")
    cells = list(fact_cells(response).values())
    # Date, place, agent, agent as reported, delivery, delivery as reported.
    assert cells[4].get_text(strip=True) == delivery and not cells[4].bdi
    for words, cell in (("sarin (likely)", cells[3]), ("122 mm artillery", cells[5])):
        assert (cell.bdi["lang"], cell.bdi.get_text()) == ("en", words)
        assert (cell.select_one(".language-note").get_text() if cell.select_one(".language-note") else None) == note
    page = soup(response)
    # A figure's note and a body's attribution are the sources' English words: they say so on an Arabic page.
    for figure in page.select(".figures li"):
        assert figure.select_one("bdi[lang]")["lang"] == "en"
        assert (figure.select_one(".language-note").get_text() if figure.select_one(".language-note") else None) == note
    label = page.select_one(".finding__label .language-note")
    assert (label.get_text() if label else None) == note


def test_the_agent_as_reported_is_a_fact_of_its_own_without_doubled_brackets(client, khan_shaykhun):
    khan_shaykhun.agent_description = "sarin (likely)"
    khan_shaykhun.save()
    cells = fact_cells(client.get("/en/attacks/khan-shaykhun-2017/"))
    assert cells["Agent"].get_text(strip=True) == "Sarin"
    assert cells["Agent as reported"].get_text(strip=True) == "sarin (likely)"


def test_a_finding_labels_the_attribution_as_the_body_words(client, khan_shaykhun):
    finding = soup(client.get("/en/attacks/khan-shaykhun-2017/")).select_one(".finding")
    assert finding.select_one(".finding__label").get_text(strip=True) == "Attribution, in the body’s words"
    assert finding.blockquote.get_text(strip=True) == "the Syrian Arab Republic is responsible"
    assert " ".join(finding.figcaption.get_text().split()) == (
        "OPCW-UN Joint Investigative Mechanism, S/2017/904, 26 October 2017"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["OPCW — S/1510/2017", "UN — JIM seventh report — S/2017/904 — 26 October 2017"]),
        ("ar", ["OPCW — S/1510/2017", "UN — JIM seventh report — S/2017/904 — 26 تشرين الأول 2017"]),
    ],
)
def test_sources_say_each_part_once_with_the_date_in_the_page_language(client, language, expected):
    attack = AttackFactory()
    attack.sources.add(
        SourceFactory(
            publisher="UN", title="JIM seventh report", document_number="S/2017/904", date=datetime.date(2017, 10, 26)
        ),
        # A document known by its number: the number is its title.
        SourceFactory(publisher="OPCW", title="S/1510/2017", document_number="S/1510/2017", date=None),
    )
    page = soup(client.get(f"/{language}/attacks/{attack.key}/"))
    assert [" ".join(item.get_text().split()) for item in page.select(".sources li")] == expected
    # English names in an Arabic line are isolated; the date is not.
    assert [part.get_text() for part in page.select(".sources li")[1].select("bdi[lang=en]")] == [
        "UN",
        "JIM seventh report",
        "S/2017/904",
    ]


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
    citation = page.select_one(".citation code")
    assert citation.get_text().startswith(f"محمد عبد الله الأحمد. أرشيف ذكرى، السجل {named.public_id}.")
    # The address reads left to right inside the Arabic line.
    assert citation.select_one('bdi[dir="ltr"]').get_text().endswith(f"/ar/victims/{named.public_id}/")
    assert not page.select_one('meta[name="robots"]')


def facts(response):
    return {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in soup(response).select(".facts div")
    }


def test_victim_page_states_age_sex_date_place_and_documentation(client, named):
    Victim.objects.filter(pk=named.pk).update(documentation_status="confirmed")
    shown = facts(client.get(f"/en/victims/{named.public_id}/"))
    assert shown["Age"] == "34 years"
    assert shown["Sex"] == "Female"
    assert shown["Date of death"] == "4 April 2017"
    assert shown["Place"].startswith("Khan Shaykhun")
    assert shown["Documentation"] == "Confirmed by an official investigation"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", {"Age group": "30 to 44", "Date of death": "2017", "Place": "Idlib"}),
        ("ar", {"الفئة العمرية": "من 30 إلى 44", "تاريخ الوفاة": "2017", "المكان": "إدلب"}),
    ],
)
def test_victim_page_shows_only_as_much_as_the_policy_allows(client, khan_shaykhun, language, expected):
    # Died the day after the attack, in a village it did not strike: the attack says neither.
    village = TownFactory(name_en="Al-Tamanah", name_ar="التمانعة", parent=khan_shaykhun.places.get().parent)
    (victim,) = publish(
        VictimFactory(
            attack=khan_shaykhun,
            place=village,
            date_of_death=datetime.date(2017, 4, 5),
            age_policy="group",
            date_policy="year",
            place_policy="governorate",
            documentation_status="corroborated",
        )
    )
    shown = facts(client.get(f"/{language}/victims/{victim.public_id}/"))
    assert {label: shown.get(label) for label in expected} == expected
    assert not {"Age", "العمر"} & shown.keys()
    assert "Al-Tamanah" not in shown.get("Place", "") and "التمانعة" not in shown.get("المكان", "")


@pytest.mark.parametrize(
    ("language", "date_label", "date", "place_label", "place"),
    [
        ("en", "Date of death", "4 April 2017", "Place", "Khan Shaykhun"),
        ("ar", "تاريخ الوفاة", "4 نيسان 2017", "المكان", "خان شيخون"),
    ],
)
def test_a_victim_of_a_public_attack_shows_the_day_and_town_the_attack_states(
    client, khan_shaykhun, language, date_label, date, place_label, place
):
    # "2017" beside "Khan Shaykhun, 4 April 2017" would hide nothing: the policies coarsen what the attack does not say.
    (victim,) = publish(VictimFactory(attack=khan_shaykhun, date_policy="year", place_policy="country"))
    shown = facts(client.get(f"/{language}/victims/{victim.public_id}/"))
    assert shown[date_label] == date
    assert shown[place_label].startswith(place)


def test_an_attack_says_no_more_than_it_names(client, idlib):
    district = DistrictFactory(name_en="Ariha District", parent=idlib)
    village = TownFactory(name_en="Mhambel", parent=district)
    # Reported only to the district, over two days.
    attack = AttackFactory(
        date=datetime.date(2016, 3, 1), end_date=datetime.date(2016, 3, 2), places=[district], title_en="Ariha"
    )
    (victim,) = publish(
        VictimFactory(
            attack=attack,
            place=village,
            date_of_death=datetime.date(2016, 3, 2),
            date_policy="year",
            place_policy="country",
        )
    )
    shown = facts(client.get(f"/en/victims/{victim.public_id}/"))
    assert (shown["Date of death"], shown["Place"]) == ("March 2016", "Ariha District, Idlib")

    attack.unpublish()
    protect = facts(client.get(f"/en/victims/{victim.public_id}/"))
    assert protect["Date of death"] == "2016"
    assert "Place" not in protect


def test_victim_page_withholds_what_the_policy_withholds(client, khan_shaykhun):
    (victim,) = publish(VictimFactory(attack=khan_shaykhun, age_policy="withheld", sex="unknown"))
    shown = facts(client.get(f"/en/victims/{victim.public_id}/"))
    assert not {"Age", "Age group", "Sex"} & shown.keys()
    assert shown["Documentation"] == "Reported by one source"


@pytest.mark.parametrize(("policy", "listed_sources"), [("show", ["VDC — Martyrs of Khan Shaykhun"]), ("hide", [])])
def test_victim_page_lists_its_sources_when_the_policy_shows_them(client, khan_shaykhun, policy, listed_sources):
    victim = VictimFactory(attack=khan_shaykhun, sources_policy=policy)
    victim.sources.add(SourceFactory(publisher="VDC", title="Martyrs of Khan Shaykhun", date=None))
    publish(victim)
    page = soup(client.get(f"/en/victims/{victim.public_id}/"))
    assert [item.get_text(" ", strip=True) for item in page.select(".sources li")] == listed_sources
    assert ("Martyrs of Khan Shaykhun" in page.get_text()) == bool(listed_sources)


@pytest.mark.parametrize("is_sample", [True, False])
def test_only_sample_records_carry_the_sample_badge(client, khan_shaykhun, is_sample):
    (victim,) = publish(VictimFactory(attack=khan_shaykhun, is_sample=is_sample))
    for language, words in (("en", "Sample record"), ("ar", "سجل تجريبي")):
        page = soup(client.get(f"/{language}/victims/{victim.public_id}/"))
        assert bool(page.select(".badge--sample")) == is_sample
        assert (words in page.get_text()) == is_sample


def head_texts(response):
    head = soup(response).head
    return [head.title.get_text(), *(tag["content"] for tag in head.select("meta[name=description], meta[property]"))]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("policy", ["withheld", "initials", "first_name"])
def test_title_description_and_share_tags_never_carry_a_name_the_page_hides(client, khan_shaykhun, language, policy):
    (victim,) = publish(
        VictimFactory(
            attack=khan_shaykhun,
            name_policy=policy,
            identity__given_name_ar="سلمى",
            identity__father_name_ar="قاسم",
            identity__family_name_ar="درويش",
            identity__given_name_latin="Salma",
            identity__father_name_latin="Qasim",
            identity__family_name_latin="Darwish",
        )
    )
    response = client.get(f"/{language}/victims/{victim.public_id}/")
    head = " ".join(head_texts(response))
    for hidden in ("قاسم", "درويش", "Qasim", "Darwish"):
        assert hidden not in head
    # What the page's heading shows, and nothing more.
    assert soup(response).h1.get_text(" ", strip=True).split(" ")[0] in head


@pytest.mark.parametrize(
    ("language", "description"),
    [
        (
            "en",
            "In memory of Mohammed Abdullah al-Ahmad, a victim of the chemical attack of Khan Shaykhun, 4 April 2017.",
        ),
        ("ar", "إحياءً لذكرى محمد عبد الله الأحمد، من ضحايا الهجوم الكيميائي في خان شيخون، 4 نيسان 2017."),
    ],
)
def test_a_victim_page_describes_itself_in_its_language_for_search_and_sharing(client, named, language, description):
    Victim.objects.filter(pk=named.pk).update(is_sample=False)
    publish(named)
    texts = head_texts(client.get(f"/{language}/victims/{named.public_id}/"))
    assert texts.count(description) == 2  # meta description and og:description
    assert texts[0].startswith("محمد عبد الله الأحمد" if language == "ar" else "Mohammed Abdullah al-Ahmad")
    sample = publish(VictimFactory(attack=named.attack, is_sample=True))[0]
    sample_description = head_texts(client.get(f"/en/victims/{sample.public_id}/"))[1]
    assert sample_description.startswith("Sample record: synthetic data for demonstration, not a real person.")


def test_english_page_puts_the_latin_name_first(client, named):
    page = soup(client.get(f"/en/victims/{named.public_id}/"))
    assert page.select(".victim__name-part")[0]["lang"] == "en"
    assert page.title.get_text().startswith("Mohammed Abdullah al-Ahmad")


@pytest.mark.parametrize(
    ("language", "note", "marker"),
    [
        ("en", "A name chosen by the family, not the person's own.", "a name chosen by the family"),
        ("ar", "اسم اختارته العائلة، وليس اسم صاحب السجل الحقيقي.", "اسم اختارته العائلة"),
    ],
)
def test_a_pseudonym_is_marked_as_one_wherever_it_stands_for_the_name(client, khan_shaykhun, language, note, marker):
    (victim,) = publish(
        VictimFactory(
            attack=khan_shaykhun, name_policy="pseudonym", pseudonym_ar="أم النور", pseudonym_latin="Umm al-Nour"
        )
    )
    page = soup(client.get(f"/{language}/victims/{victim.public_id}/"))
    assert page.select_one(".victim__header .note").get_text() == note
    assert (
        page.select_one(".citation code")
        .get_text()
        .startswith(f"{'Umm al-Nour' if language == 'en' else 'أم النور'} ({marker}).")
    )
    (row,) = soup(client.get(f"/{language}/victims/")).select(".victim-list__item")
    assert marker in row.get_text()
    # A name the family gave as the person's own is not marked.
    (named,) = publish(VictimFactory(attack=khan_shaykhun))
    assert marker not in soup(client.get(f"/{language}/victims/{named.public_id}/")).get_text()


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


def test_a_draft_revision_is_never_public(client, named):
    named.biography_en = "Draftcanary biography, not approved."
    named.biography_ar = "سيرةمسودةلم تعتمد"
    revision = named.save_revision()
    named.refresh_from_db()
    assert named.has_unpublished_changes

    paths = [
        *(f"/{language}/victims/{named.public_id}/" for language in ("ar", "en")),
        "/ar/victims/",
        "/en/victims/",
        "/en/victims/?q=Mohammed+Abdullah",
        "/ar/victims/?q=محمد+عبد+الله",
        "/sitemap-victims.xml",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Draftcanary" not in body and "سيرةمسودة" not in body, path
        # The record itself is there, with what was published.
        assert named.public_id in body, path
    assert "A sample biography." in text(client.get(f"/en/victims/{named.public_id}/"))
    assert listed(client.get("/en/victims/", {"q": "Draftcanary"})) == []

    base = "/admin/snippets/archive/victim"
    for path in (f"{base}/preview/{named.pk}/", f"{base}/history/{named.pk}/revisions/{revision.pk}/view/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert urlsplit(response["Location"]).path == "/admin/login/", path


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Age"), ("ar", "العمر")],
)
def test_an_infant_is_under_one_year_old_on_its_page_and_in_lists(client, khan_shaykhun, language, label):
    (infant,) = publish(VictimFactory(attack=khan_shaykhun, age=0))
    age = facts(client.get(f"/{language}/victims/{infant.public_id}/"))[label]
    assert "0" not in age
    if language == "en":
        assert age == "under 1 year"
    (line,) = list_facts(client.get(f"/{language}/victims/"))
    assert line.split(" · ")[0] == age


def list_facts(response):
    return [item.get_text(strip=True) for item in soup(response).select(".victim-list__facts")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "1 year · 4 April 2017 · Khan Shaykhun",
                "19 years · 4 April 2017 · Khan Shaykhun",
                "4 April 2017 · Khan Shaykhun",
                "30 to 44 · 4 April 2017 · Khan Shaykhun",
            ],
        ),
        (
            "ar",
            [
                "سنة واحدة · 4 نيسان 2017 · خان شيخون",
                "19 سنة · 4 نيسان 2017 · خان شيخون",
                "4 نيسان 2017 · خان شيخون",
                "من 30 إلى 44 · 4 نيسان 2017 · خان شيخون",
            ],
        ),
    ],
)
def test_list_lines_join_the_facts_shown_and_give_the_age_its_unit(client, khan_shaykhun, language, expected):
    publish(
        VictimFactory(attack=khan_shaykhun, age=1, identity__given_name_latin="Aa", identity__given_name_ar="أ"),
        VictimFactory(attack=khan_shaykhun, age=19, identity__given_name_latin="Bb", identity__given_name_ar="ب"),
        VictimFactory(
            attack=khan_shaykhun, age_policy="withheld", identity__given_name_latin="Cc", identity__given_name_ar="ت"
        ),
        VictimFactory(
            attack=khan_shaykhun, age_policy="group", identity__given_name_latin="Dd", identity__given_name_ar="ث"
        ),
    )
    assert list_facts(client.get(f"/{language}/victims/?sort=name_latin")) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "S. H. Memorial archive, record"), ("ar", "س. ح. أرشيف ذكرى، السجل")],
)
def test_a_citation_of_initials_puts_one_full_stop_after_them(client, khan_shaykhun, language, expected):
    victims = publish(*[VictimFactory(attack=khan_shaykhun, name_policy="initials") for _ in range(5)])
    citation = soup(client.get(f"/{language}/victims/{victims[0].public_id}/")).select_one(".citation code")
    assert citation.get_text().startswith(expected)
    assert ".." not in citation.get_text()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "VDC — Martyrs of Khan Shaykhun — 5 April 2017"), ("ar", "VDC — Martyrs of Khan Shaykhun — 5 نيسان 2017")],
)
def test_victim_sources_date_in_the_page_language(client, khan_shaykhun, language, expected):
    victim = VictimFactory(attack=khan_shaykhun)
    victim.sources.add(SourceFactory(publisher="VDC", title="Martyrs of Khan Shaykhun", date=datetime.date(2017, 4, 5)))
    publish(victim)
    page = soup(client.get(f"/{language}/victims/{victim.public_id}/"))
    assert [" ".join(item.get_text().split()) for item in page.select(".sources li")] == [expected]


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


def test_filters_only_match_public_values(client, archive, idlib, khan_shaykhun):
    husayn = archive["husayn"]
    # Died in a village of the district that the attack did not strike: the attack does not say where he was.
    village = TownFactory(name_en="Al-Tamanah", parent=khan_shaykhun.places.get().parent)
    Victim.objects.filter(pk=husayn.pk).update(
        place=village, place_policy="country", date_policy="exact", age_policy="withheld"
    )
    husayn.refresh_from_db()
    publish(husayn)
    governorate = listed(client.get(f"/en/victims/?governorate={idlib.pk}"))
    assert not any("Husayn" in name for name in governorate)
    adults = listed(client.get("/en/victims/?age=adult"))
    assert not any("Husayn" in name for name in adults)


def test_a_place_the_public_attack_states_is_listed_and_filtered_until_the_attack_is_withdrawn(
    client, archive, idlib, khan_shaykhun
):
    youssef = archive["youssef"]
    Victim.objects.filter(pk=youssef.pk).update(place_policy="country", date_policy="year")
    youssef.refresh_from_db()
    publish(youssef)

    def youssef_row():
        rows = soup(client.get(f"/en/victims/?governorate={idlib.pk}")).select(".victim-list__item")
        return [row.select_one(".victim-list__facts").get_text() for row in rows if "Youssef" in row.a.get_text()]

    # The attack is public and struck his town on his day: the page says so, and so may the list and the filter.
    assert youssef_row() == ["40 years · 4 April 2017 · Khan Shaykhun"]

    khan_shaykhun.unpublish()
    assert youssef_row() == []
    rows = soup(client.get("/en/victims/?sort=name_latin")).select(".victim-list__item")
    assert [row.select_one(".victim-list__facts").get_text() for row in rows if "Youssef" in row.a.get_text()] == [
        "40 years · 2017"
    ]


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


@pytest.mark.parametrize(
    ("language", "expected"), [("en", ["Hind", "Husayn", "Youssef"]), ("ar", ["حسين", "هند", "يوسف"])]
)
def test_names_sort_in_the_page_script_unless_another_order_is_asked(client, archive, language, expected):
    for path in (f"/{language}/victims/", f"/{language}/victims/?q=", f"/{language}/attacks/khan-shaykhun-2017/"):
        names = [name.split()[0] for name in listed(client.get(path))]
        assert names == [name for name in expected if name in names] and len(names) >= 2, path
    order = soup(client.get(f"/{language}/victims/")).select_one("select[name=sort] option[selected]")
    assert order["value"] == ("name_latin" if language == "en" else "name")
    # An order asked for is kept in either language.
    asked = [name.split()[0] for name in listed(client.get(f"/{language}/victims/?sort=-date"))]
    assert asked[0] in {"Hind", "هند"}


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


PRIVATE_NAMES = {
    "withheld": {
        "identity__given_name_ar": "زينب",
        "identity__father_name_ar": "إبراهيم",
        "identity__family_name_ar": "القدسي",
        "identity__given_name_latin": "Zainab",
        "identity__father_name_latin": "Ibrahim",
        "identity__family_name_latin": "al-Qudsi",
    },
    "initials": {
        "identity__given_name_ar": "محمد",
        "identity__father_name_ar": "أحمد",
        "identity__family_name_ar": "الحلبي",
        "identity__given_name_latin": "Mohammad",
        "identity__father_name_latin": "Ahmad",
        "identity__family_name_latin": "al-Halabi",
    },
}
# Each private name as typed in full in either script, and with another hamza form or spelling.
PRIVATE_QUERIES = {
    "withheld": ["زينب إبراهيم القدسي", "زينب ابراهيم القدسي", "Zainab Ibrahim al-Qudsi", "Zaynab Ebrahim al-Qudsi"],
    "initials": ["محمد أحمد الحلبي", "محمد احمد الحلبي", "Mohammad Ahmad al-Halabi", "Mohamed Ahmed al-Halabi"],
}
ARABIC_NOISE = "بتثجحخدذرزسشصضطظعغفقكلن"


def noise_like(query, generator):
    """A random string of the same shape: each letter swapped for one of the same script and byte length."""

    def swap(character):
        if "\u0600" <= character <= "\u06ff":
            return generator.choice(ARABIC_NOISE)
        if character.isalpha():
            letter = generator.choice("bcdfgjklnpqrstvwxz")
            return letter.upper() if character.isupper() else letter
        return character

    return "".join(swap(character) for character in query)


def search_answer(client, language, query):
    """Status, every header but Date, and the body with the echoed query (as typed, escaped or in links)
    taken out: the search box repeats what was typed, nothing else may differ."""
    response = client.get(f"/{language}/victims/", {"q": query})
    body = response.content.decode()
    for form in (query, quote_plus(query)):
        body = body.replace(form, "QUERY")
    headers = {name: value for name, value in response.headers.items() if name != "Date"}
    return response.status_code, headers, body


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("policy", ["withheld", "initials"])
def test_searching_a_withheld_name_answers_like_noise(client, khan_shaykhun, language, policy):
    publish(*[VictimFactory(attack=khan_shaykhun, name_policy=policy, **PRIVATE_NAMES[policy]) for _ in range(5)])
    generator = random.Random(policy + language)
    for query in PRIVATE_QUERIES[policy]:
        noise = noise_like(query, generator)
        assert len(noise.encode()) == len(query.encode())
        assert search_answer(client, language, query) == search_answer(client, language, noise), query

    # The same queries find the name once it is public: they are real hits, not misspellings.
    publish(VictimFactory(attack=khan_shaykhun, name_policy="full", **PRIVATE_NAMES[policy]))
    for query in PRIVATE_QUERIES[policy]:
        assert len(listed(client.get(f"/{language}/victims/", {"q": query}))) == 1, query


def test_index_queries_do_not_grow_with_page_or_archive(client, khan_shaykhun, uncached):
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(60)])

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def next_page(path):
        return path.split("?")[0] + soup(client.get(path)).select_one("a[rel=next]")["href"]

    # The year filter's choices are cached until the index changes: the first listing after a change reads them.
    client.get("/en/victims/")
    first = count("/en/victims/")
    # The last page: ten named records, then none without a name (a page that reaches the end of the named ones
    # reads on into the others), from a cursor (one query to find it).
    last = count(next_page("/en/victims/"))
    publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(60)])
    client.get("/en/victims/")
    middle = count(next_page("/en/victims/"))
    # Twice the archive and a page deeper, the same last page.
    larger_last = count(next_page(next_page("/en/victims/")))
    filtered = count(next_page("/en/victims/?attack=khan-shaykhun-2017"))
    assert last == larger_last
    assert first <= middle <= larger_last <= first + 2
    assert filtered <= middle + 1


def test_name_search_shows_the_help_its_box_points_to(client):
    page = soup(client.get("/en/victims/"))
    described_by = page.select_one("#id_q")["aria-describedby"]
    help_text = page.find(id=described_by)
    assert help_text is not None
    assert help_text.get_text(strip=True) == "Type a name in Arabic or Latin letters; every word must match."


@pytest.mark.parametrize(
    ("language", "title"), [("ar", "خان شيخون، 4 نيسان 2017"), ("en", "Khan Shaykhun, 4 April 2017")]
)
def test_the_attack_filter_names_each_attack_by_its_title_alone(client, khan_shaykhun, language, title):
    options = [option.get_text() for option in soup(client.get(f"/{language}/victims/")).select("#id_attack option")]
    assert options[1:] == [title]


# Statistics


def test_statistics_count_published_non_sample_records_and_suppress_small_cells(client, khan_shaykhun):
    real = [VictimFactory(attack=khan_shaykhun, is_sample=False, age=30) for _ in range(6)]
    child = [VictimFactory(attack=khan_shaykhun, is_sample=False, age=8, sex="male") for _ in range(2)]
    publish(*real, *child)
    publish(VictimFactory(attack=khan_shaykhun, is_sample=True))
    page = soup(client.get("/en/statistics/"))
    facts = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in page.select(".counted .facts div")}
    assert facts["Victims"] == "8"
    assert facts["Children"] == "not shown"
    # Shown, the 6 women would give away the 2 children (8 − 6 − 0).
    assert facts["Women"] == "not shown"
    assert facts["Men"] == "0"
    cited = page.select_one(".cited").get_text(" ", strip=True)
    assert "1510" in cited.replace(",", "") and "Syrian Network for Human Rights" in cited


def test_statistics_tables_and_attacks_after_accession_are_counted_apart_from_the_cited_totals(
    client, khan_shaykhun, idlib
):
    rif_dimashq = TownFactory(name_en="Douma", parent=GovernorateFactory(name_en="Rif Dimashq"))
    douma = AttackFactory(date=datetime.date(2018, 4, 7), agent="chlorine", places=[rif_dimashq])
    # Before the Convention entered into force for Syria (14 October 2013), and one on that day.
    AttackFactory(date=datetime.date(2013, 8, 21), places=[rif_dimashq])
    AttackFactory(date=datetime.date(2013, 10, 14), places=[rif_dimashq])
    publish(
        *[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(6)],
        *[VictimFactory(attack=douma, is_sample=False, sex="male") for _ in range(5)],
    )
    page = soup(client.get("/en/statistics/"))
    counted, cited = page.select_one(".counted"), page.select_one(".cited")

    tables = {
        heading.get_text(strip=True): {
            row.th.get_text(strip=True): row.td.get_text(strip=True)
            for row in heading.find_next("table").select("tbody tr")
        }
        for heading in counted.select("h3")
    }
    assert {heading: tables[heading] for heading in ("By year", "By governorate", "By agent")} == {
        "By year": {"2017": "6", "2018": "5"},
        "By governorate": {"Idlib": "6", "Rif Dimashq": "5"},
        "By agent": {"Sarin": "6", "Chlorine": "5"},
    }
    figures = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in counted.select(".facts div")}
    assert figures["Victims"] == "11"
    assert figures["Attacks recorded"] == "4"
    assert figures["Attacks since the Convention bound Syria (14 October 2013)"] == "3"

    cited_text = cited.get_text(" ", strip=True).replace(",", "")
    for figure in ("1510 people were killed", "205 children", "260 women", "222 chemical attacks"):
        assert figure in cited_text
    assert "Syrian Network for Human Rights" in cited_text and "30 November 2022" in cited_text
    counted_text = counted.get_text(" ", strip=True).replace(",", "")
    assert not any(figure in counted_text for figure in ("1510", "205", "260", "222"))


def counted_facts(response):
    return {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in soup(response).select(".counted .facts div")
    }


def test_an_archive_of_samples_alone_shows_their_counts_under_a_banner_that_says_so(client, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=True, age=30) for _ in range(6)])
    response = client.get("/en/statistics/")
    assert counted_facts(response)["Victims"] == "6"
    banner = soup(response).select_one(".counted .badge--sample").get_text(" ", strip=True)
    assert banner.startswith("Computed from sample records") and "describe no real person" in banner
    assert "samples excluded" not in soup(response).select_one(".counted").get_text()
    assert (
        soup(client.get("/ar/statistics/"))
        .select_one(".counted .badge--sample")
        .get_text()
        .startswith("محسوبة من سجلات تجريبية")
    )

    # Once a real record is published, samples are no longer counted and the banner goes.
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(5)])
    response = client.get("/en/statistics/")
    assert counted_facts(response)["Victims"] == "5"
    assert not soup(response).select(".badge--sample")
    assert "samples excluded" in soup(response).select_one(".counted").get_text()


def test_statistics_are_cached_and_refreshed_on_change(client, khan_shaykhun):
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(5)])
    client.get("/en/statistics/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/statistics/")
    assert not any("archive_victimpublicindex" in query["sql"] for query in queries)
    publish(*[VictimFactory(attack=khan_shaykhun, is_sample=False) for _ in range(5)])
    facts = soup(client.get("/en/statistics/")).select(".counted .facts dd")
    assert facts[0].get_text(strip=True) == "10"


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("ar", "المصدر: الشبكة السورية لحقوق الإنسان، 30 تشرين الثاني 2022."),
        ("en", "Source: Syrian Network for Human Rights (SNHR), 30 November 2022."),
    ],
)
def test_statistics_write_numbers_as_the_home_page_does_and_name_the_publisher_in_the_page_language(
    client, language, source
):
    home = text(client.get(f"/{language}/"))
    cited = soup(client.get(f"/{language}/statistics/")).select_one(".cited")
    for number in ("1,510", "12,000"):
        assert number in home and number in cited.get_text()
    # The network's own name in each language: nothing English is left in the Arabic sentence.
    assert cited.select_one(".source").get_text(" ", strip=True) == source


def test_counted_figures_group_thousands_too(client):
    cache.set(CACHE_KEY, {**compute_statistics(), "victims": Cell(12345)})
    figures = soup(client.get("/ar/statistics/")).select(".counted .facts dd")
    assert figures[0].get_text(strip=True) == "12,345"


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


def sitemap_locations(client, url):
    parts = urlsplit(url)
    return re.findall(r"<loc>([^<]+)</loc>", client.get(f"{parts.path}?{parts.query}").content.decode())


def test_sitemap_files_stay_under_the_limit_counting_each_language(client, khan_shaykhun, monkeypatch):
    from memorial.archive import sitemaps

    monkeypatch.setattr(sitemaps.VictimSitemap, "limit", 3)
    victims = publish(*[VictimFactory(attack=khan_shaykhun) for _ in range(5)])
    files = [url for url in sitemap_locations(client, "/sitemap.xml") if "sitemap-victims.xml" in url]
    # 5 records in 2 languages are 10 URLs: 3 + 3 + 3 + 1.
    assert len(files) == 4
    urls = []
    for url in files:
        locations = sitemap_locations(client, url)
        assert 0 < len(locations) <= 3
        urls += locations
    assert sorted(urls) == sorted(
        f"http://testserver/{language}/victims/{victim.public_id}/" for victim in victims for language in ("ar", "en")
    )
    # Since the limit counts URLs, the protocol's 50,000 is the most a file may hold.
    assert all(sitemap.limit <= 50_000 for sitemap in sitemaps.SITEMAPS.values())


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "path", ["/{}/", "/{}/victims/", "/{}/attacks/", "/{}/statistics/", "/{}/attacks/khan-shaykhun-2017/", "victim"]
)
def test_every_page_links_both_language_versions(client, named, language, path):
    if path == "victim":
        path = "/{}/victims/" + named.public_id + "/"
    links = {
        link["hreflang"]: link["href"]
        for link in soup(client.get(path.format(language))).select('link[rel="alternate"][hreflang]')
    }
    assert links == {"ar": path.format("ar"), "en": path.format("en")}


def attack_shown(client, victim):
    """The attack a victim's public page names, as (title, link), or None."""
    fact = [
        row
        for row in soup(client.get(f"/en/victims/{victim.public_id}/")).select(".facts div")
        if row.dt.get_text() == "Attack"
    ]
    return (fact[0].a.get_text(), fact[0].a["href"]) if fact else None


def test_a_victim_shows_its_attack_only_while_the_attack_is_published(client):
    attack = AttackFactory(key="draft-attack", title_en="Draft attack", live=False)
    victim = VictimFactory(attack=attack)
    victims_published([victim])
    victim.refresh_from_db()
    assert attack_shown(client, victim) is None

    attack.save_revision().publish()
    assert attack_shown(client, victim) == ("Draft attack", "/en/attacks/draft-attack/")
    listed = soup(client.get("/en/victims/", {"attack": "draft-attack"})).select(".victim-list__item a")
    assert [link["href"] for link in listed] == [f"/en/victims/{victim.public_id}/"]

    attack.refresh_from_db()
    attack.unpublish()
    assert attack_shown(client, victim) is None
    assert client.get("/en/attacks/draft-attack/").status_code == 404
    # The index row no longer carries it: nothing filtered, counted or sorted by it either.
    assert Victim.objects.get(pk=victim.pk).public_index.attack is None


def test_an_unpublished_attack_neither_splits_a_group_nor_is_left_unguarded_once_published(client):
    town = TownFactory()
    attack = AttackFactory(places=[town], live=False)
    victims = [
        VictimFactory(name_policy="withheld", attack=attack if n < 2 else None, place=town, date_of_death=attack.date)
        for n in range(5)
    ]
    victims_published(victims)
    page = f"/en/victims/{Victim.objects.get(pk=victims[0].pk).public_id}/"
    # Five records look alike to the public while the attack is not public: none needs coarsening.
    assert "34 years" in client.get(page).content.decode()

    attack.save_revision().publish()

    # Published, the attack parts two from three: too few to show the exact age of either.
    assert "34 years" not in client.get(page).content.decode()
    assert set(Victim.objects.values_list("guard_level", flat=True)) != {0}
