"""Cite this record: on every victim's and attack's page, a line in the page's language, the permanent address,
and the reference as CSL-JSON and BibTeX, all from the public representation. Every name here is synthetic."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from memorial.opendata.citations import Citation, bibtex, bibtex_escaped, csl_json
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, TownFactory, VictimFactory, named_victim

pytestmark = pytest.mark.django_db

PRIVATE_VALUES = ("Kanaryo", "Minecoal", "كناريا", "المنجمي", "1911", "Canary Hamlet", "Birdsong")


@pytest.fixture
def attack():
    return AttackFactory(
        key="sample-2017",
        places=[TownFactory()],
        title_ar="بلدة التجربة، 4 نيسان 2017",
        title_en="Sample, 4 April 2017",
    )


@pytest.fixture
def named(attack):
    victim = named_victim("سلمى خالد الحسن", "Salma Khaled al-Hassan", attack=attack, is_sample=False)
    victims_published([victim])
    victim.refresh_from_db()
    return victim


@pytest.fixture
def withheld(attack):
    victim = VictimFactory(attack=attack, name_policy="withheld", identity=None, is_sample=False)
    VictimIdentity.objects.create(
        victim=victim,
        given_name_latin="Kanaryo",
        father_name_latin="Birdsong",
        family_name_latin="Minecoal",
        given_name_ar="كناريا",
        family_name_ar="المنجمي",
        birth_date=datetime.date(1911, 11, 11),
        home_village="Canary Hamlet",
    )
    victims_published([victim])
    victim.refresh_from_db()
    return victim


def cite_section(client, path):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return page.select_one("section.citation")


def downloaded(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("ar", "سلمى خالد الحسن. أرشيف ذكرى، السجل {id}. http://testserver/ar/victims/{id}/"),
        ("en", "Salma Khaled al-Hassan. Memorial archive, record {id}. http://testserver/en/victims/{id}/"),
    ],
)
def test_a_victim_page_cites_the_record_in_its_language_with_both_downloads(client, named, language, line):
    section = cite_section(client, f"/{language}/victims/{named.public_id}/")
    assert " ".join(section.select_one("code").get_text().split()) == line.format(id=named.public_id)
    links = {link.get_text(): link["href"] for link in section.select("a[download]")}
    assert links == {
        "CSL-JSON": f"/{language}/victims/{named.public_id}/cite.json",
        "BibTeX": f"/{language}/victims/{named.public_id}/cite.bib",
    }
    csl = downloaded(client, links["CSL-JSON"])
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert csl["Content-Disposition"] == f'attachment; filename="memorial-{named.public_id}.json"'
    (item,) = json.loads(csl.content)
    assert item["URL"] == f"http://testserver/{language}/victims/{named.public_id}/"
    assert item["title"] == ("سلمى خالد الحسن" if language == "ar" else "Salma Khaled al-Hassan")
    assert item["language"] == language and item["number"] == named.public_id and "accessed" in item
    bib = downloaded(client, links["BibTeX"])
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    text = bib.content.decode()
    assert text.startswith(f"@misc{{memorial-{named.public_id},\n")
    assert f"howpublished = {{\\url{{http://testserver/{language}/victims/{named.public_id}/}}}}" in text


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_citations_of_a_withheld_name_hold_no_private_value(client, withheld, language):
    section = cite_section(client, f"/{language}/victims/{withheld.public_id}/")
    withheld_label = "الاسم محجوب" if language == "ar" else "Name withheld"
    assert section.select_one("code").get_text().startswith(withheld_label)
    bodies = [str(section)]
    for link in section.select("a[download]"):
        bodies.append(downloaded(client, link["href"]).content.decode())
    (item,) = json.loads(bodies[1])
    assert item["title"] == withheld_label
    assert f"title = {{{withheld_label}}}" in bodies[2]
    for body in bodies:
        for private in PRIVATE_VALUES:
            assert private not in body


def test_a_sample_record_is_cited_as_one(client, attack):
    sample = named_victim("سامبلو", "Samplo Example", attack=attack, is_sample=True)
    victims_published([sample])
    sample.refresh_from_db()
    (item,) = json.loads(downloaded(client, f"/en/victims/{sample.public_id}/cite.json").content)
    assert item["note"].startswith("Sample record")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_attack_page_cites_the_attack(client, attack, language):
    section = cite_section(client, f"/{language}/attacks/sample-2017/")
    title = "بلدة التجربة، 4 نيسان 2017" if language == "ar" else "Sample, 4 April 2017"
    assert section.select_one("code bdi").get_text() == title
    assert section.select_one("code").get_text().strip().endswith(f"/{language}/attacks/sample-2017/")
    links = [link["href"] for link in section.select("a[download]")]
    assert links == [f"/{language}/attacks/sample-2017/cite.json", f"/{language}/attacks/sample-2017/cite.bib"]
    (item,) = json.loads(downloaded(client, links[0]).content)
    assert item["title"] == title and item["URL"] == f"http://testserver/{language}/attacks/sample-2017/"
    assert "@misc{memorial-sample-2017," in downloaded(client, links[1]).content.decode()


def test_a_non_public_record_has_no_citation_and_the_same_404(client, attack, named):
    draft = named_victim("درافتو", "Drafto Unpublished", attack=attack, is_sample=False, live=False)
    unknown = client.get("/en/victims/nosuchid23/cite.json")
    assert unknown.status_code == 404
    for path in (
        f"/en/victims/{draft.pk}/cite.json",
        "/en/victims/nosuchid23/cite.bib",
        "/en/attacks/no-such-attack/cite.json",
    ):
        response = client.get(path)
        assert (response.status_code, response.content) == (404, unknown.content)
    AttackFactory(key="draft-attack", live=False)
    assert client.get("/en/attacks/draft-attack/cite.bib").content == unknown.content


def test_bibtex_escapes_what_latex_would_read_as_commands():
    assert bibtex_escaped("50% & {x}_#$^~\\") == r"50\% \& \{x\}\_\#\$\^{}\~{}\textbackslash{}"
    citation = Citation("victim", "", "A {b}", "abc", "http://testserver/en/victims/abc/", "en")
    assert "title = {A \\{b\\}}," in bibtex(citation)
    assert json.loads(csl_json(citation))[0]["title"] == "A {b}"
