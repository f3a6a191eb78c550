"""`load_demo`: the documented attacks with their sources, and sample victims that say they are samples."""

import datetime
import re

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Attack, Place, Source, Victim, VictimPublicIndex
from memorial.privacy.publication import refresh_public_surfaces
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", victims=40)


def figures(key, kind):
    return [
        (figure.low, figure.high, figure.reported_by)
        for figure in Attack.objects.get(key=key).figures.filter(kind=kind)
    ]


def test_every_attack_of_the_data_set_is_published(loaded):
    assert Attack.objects.filter(live=True).count() == 14
    douma = Attack.objects.get(key="douma-2018")
    assert (douma.date, douma.agent, douma.title_en, douma.title_ar) == (
        datetime.date(2018, 4, 7),
        "chlorine",
        "Douma, 7 April 2018",
        "دوما، 7 نيسان 2018",
    )
    assert [place.name_ar for place in douma.places.all()] == ["دوما"]
    assert douma.places.get().parent.name_en == "Rif Dimashq"


def test_figures_keep_ranges_and_absence(loaded):
    assert figures("khan-al-assal-2013", "killed") == [
        (20, 26, "SOHR 26 (16 soldiers, 10 civilians); government figure 20")
    ]
    # The data set gives Saraqib's deaths as 0 with no source: no figure, rather than one without a source.
    assert figures("saraqib-2018", "killed") == []
    assert figures("qmenas-2015", "killed") == []
    assert figures("ghouta-2013", "injured") == [(5935, None, "SNHR")]


def figure_lines(client, path):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return [" ".join(item.get_text().split()) for item in page.select(".figures li")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Injured: 12 — 12 named individuals affected (OPCW IIT)",
                "No death toll with its source is recorded for this attack yet.",
            ],
        ),
        (
            "ar",
            [
                "المصابون: 12 — 12 named individuals affected (OPCW IIT) (بالإنجليزية)",
                "لم يُسجَّل بعدُ لهذا الهجوم عددٌ للقتلى مع مصدره.",
            ],
        ),
    ],
)
def test_a_toll_without_a_source_is_not_shown_and_the_page_says_what_is_known(client, loaded, language, expected):
    assert figure_lines(client, f"/{language}/attacks/saraqib-2018/") == expected
    timeline = BeautifulSoup(client.get(f"/{language}/attacks/").content, "html.parser")
    saraqib = timeline.select_one(".timeline a[href$='/attacks/saraqib-2018/']").find_next_sibling(
        class_="timeline__facts"
    )
    assert ": 0" not in saraqib.get_text()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_figures_are_grouped_alike_on_the_timeline_and_the_attack_page(client, loaded, language):
    timeline = BeautifulSoup(client.get(f"/{language}/attacks/").content, "html.parser")
    ghouta = timeline.select_one(".timeline a[href$='/attacks/ghouta-2013/']").find_next_sibling(
        class_="timeline__facts"
    )
    assert [bdi.get_text() for bdi in ghouta.select("bdi[dir=ltr]")] == ["1,127"]
    lines = " ".join(figure_lines(client, f"/{language}/attacks/ghouta-2013/"))
    assert "1,127" in lines and "5,935" in lines and "about 1,429" in lines
    # No count of four digits or more is left ungrouped ("about 1429").
    assert not re.search(r"\d{4}", lines)


@pytest.mark.parametrize(
    ("key", "language", "facts"),
    [
        ("ghouta-2013", "ar", ["صواريخ أرض-أرض"]),
        ("ghouta-2013", "en", ["Surface-to-surface rockets"]),
        ("khan-shaykhun-2017", "ar", ["قنبلة جوية"]),
        ("saraqib-2018", "ar", ["إلقاء من طائرة مروحية", "one cylinder dropped from a helicopter (بالإنجليزية)"]),
        ("saraqib-2018", "en", ["Dropped from a helicopter", "one cylinder dropped from a helicopter"]),
        ("qmenas-2015", "ar", []),
    ],
)
def test_the_delivery_reads_in_the_page_language_with_the_sources_words_beside_it(client, loaded, key, language, facts):
    page = BeautifulSoup(client.get(f"/{language}/attacks/{key}/").content, "html.parser")
    delivery = [
        " ".join(div.dd.get_text().split())
        for div in page.select(".facts div")
        if div.dt.get_text(strip=True)
        in {"وسيلة الإطلاق", "وسيلة الإطلاق كما وردت في المصادر", "Delivery", "Delivery as reported"}
    ]
    assert delivery == facts


def test_findings_sources_and_checked_flags_come_from_the_data(loaded):
    sarin = Attack.objects.get(key="khan-al-assal-2013")
    assert sarin.agent == "sarin" and sarin.agent_description == "sarin (likely)"
    finding = Attack.objects.get(key="khan-shaykhun-2017").findings.get()
    assert (finding.body, finding.document, finding.date, finding.attribution) == (
        "OPCW-UN Joint Investigative Mechanism",
        "S/2017/904 (seventh report)",
        datetime.date(2017, 10, 26),
        "Syrian Arab Republic",
    )
    assert Attack.objects.get(key="qmenas-2015").figures_checked is False
    assert Attack.objects.get(key="douma-2018").figures_checked is True
    assert Attack.objects.get(key="ghouta-2013").sources.filter(url__contains="wikipedia").exists()
    assert Place.objects.filter(level="governorate").count() == 4


def test_sample_victims_are_published_samples_with_sealed_identities(loaded):
    victims = Victim.objects.filter(external_source="demo")
    assert victims.count() == 40
    assert not victims.filter(is_sample=False).exists()
    assert not victims.filter(public_id=None).exists()
    assert not victims.filter(identity=None).exists()
    assert VictimPublicIndex.objects.filter(is_sample=True).count() == 40
    assert all("Sample record" in victim.biography_en for victim in victims)
    # Only attacks with a reported toll above zero have victims.
    assert not victims.filter(attack__key__in=["saraqib-2018", "qmenas-2015"]).exists()


def test_loading_twice_changes_nothing(loaded):
    before = dict(Victim.objects.values_list("external_id", "public_id"))
    call_command("load_demo", victims=40)
    assert dict(Victim.objects.values_list("external_id", "public_id")) == before
    assert Attack.objects.count() == 14


def test_a_larger_archive_keeps_the_first_records(loaded):
    before = dict(Victim.objects.values_list("external_id", "public_id"))
    call_command("load_demo", victims=60)
    after = dict(Victim.objects.values_list("external_id", "public_id"))
    assert len(after) == 60
    assert {key: after[key] for key in before} == before


def test_real_records_are_never_touched():
    real = VictimFactory(is_sample=False, biography_en="A real record.")
    call_command("load_demo", victims=5)
    real.refresh_from_db()
    assert real.biography_en == "A real record." and real.external_source == ""


def cited(client, path):
    """(text, link) of every source a public page lists."""
    page = BeautifulSoup(client.get(path).content, "html.parser")
    return [
        (" ".join(item.get_text().split()), item.a["href"] if item.a else None) for item in page.select(".sources li")
    ]


def test_each_attack_cites_its_own_sources_each_part_once(client, loaded):
    douma = cited(client, "/en/attacks/douma-2018/")
    assert douma == [
        ("OPCW Investigation and Identification Team — Third report — 27 January 2023", None),
        ("opcw.org", "https://www.opcw.org/"),
    ]
    assert cited(client, "/en/attacks/saraqib-2018/")[0] == (
        "OPCW Investigation and Identification Team — Second report — S/1943/2021 — 12 April 2021",
        None,
    )
    assert cited(client, "/en/attacks/ghouta-2013/") == [
        ("UN Mission to Investigate Allegations of the Use of Chemical Weapons in Syria — S/2013/553 — 16 September 2013", None),
        ("en.wikipedia.org — Ghouta chemical attack", "https://en.wikipedia.org/wiki/Ghouta_chemical_attack"),
    ]  # fmt: skip
    for key in ("saraqib-2018", "douma-2018", "ltamenah-2017-03-25", "ltamenah-2017-03-30"):
        assert not any("Ltamenah" in text for text, _ in cited(client, f"/en/attacks/{key}/")), key


def test_source_dates_are_written_in_the_page_language(client, loaded):
    (finding, _) = cited(client, "/ar/attacks/ghouta-2013/")
    assert finding[0].endswith("16 أيلول 2013")
    assert "2013-09-16" not in finding[0]


def test_loading_again_updates_the_sources_an_earlier_load_wrote(client):
    # What the earlier loader wrote: one source per address, named after the first attack citing it, and the
    # document in both the title and the number.
    Source.objects.create(publisher="opcw.org", title="Ltamenah, 24 March 2017 — opcw.org", url="https://www.opcw.org/")
    Source.objects.create(
        publisher="UN Mission to Investigate Allegations of the Use of Chemical Weapons in Syria",
        title="S/2013/553",
        document_number="S/2013/553",
        date=datetime.date(2013, 9, 16),
    )
    call_command("load_demo", victims=0)
    count = Source.objects.count()
    call_command("load_demo", victims=0)
    assert Source.objects.count() == count
    assert Source.objects.filter(url="https://www.opcw.org/").count() == 1
    assert Source.objects.filter(document_number="S/2013/553").count() == 1
    assert cited(client, "/en/attacks/douma-2018/")[1] == ("opcw.org", "https://www.opcw.org/")
    assert cited(client, "/en/attacks/ghouta-2013/")[0][0].count("S/2013/553") == 1


def shown_samples(**filters):
    """Sample records whose page shows everything the demo gave them: full names are never coarsened."""
    return Victim.objects.filter(external_source="demo", name_policy="full", **filters)


def test_sample_victims_cite_as_many_sources_as_their_documentation_claims(client, loaded):
    expected = {"reported": lambda count: count == 1, "corroborated": lambda count: count >= 2}
    for status, claim in expected.items():
        victims = shown_samples(documentation_status=status)
        assert victims.exists(), status
        for victim in victims:
            assert claim(len(cited(client, f"/en/victims/{victim.public_id}/"))), (status, victim.external_id)
    # An attack with a single source has no corroborated record.
    assert not Victim.objects.filter(attack__key="marea-2015-08", documentation_status="corroborated").exists()


def test_sample_pseudonyms_match_the_record_sex(client):
    call_command("load_demo", victims=200)
    pseudonymous = Victim.objects.filter(external_source="demo", name_policy="pseudonym")
    assert {victim.sex for victim in pseudonymous} == {"female", "male"}
    for victim in pseudonymous:
        page = BeautifulSoup(client.get(f"/en/victims/{victim.public_id}/").content, "html.parser")
        name = page.select_one(".victim__name").get_text(" ", strip=True)
        assert name.startswith("Daughter of" if victim.sex == "female" else "Son of"), (victim.sex, name)


def test_loading_again_corrects_a_pseudonym_of_the_other_sex(client):
    call_command("load_demo", victims=200)
    victim = Victim.objects.filter(external_source="demo", name_policy="pseudonym", sex="female").first()
    Victim.objects.filter(pk=victim.pk).update(pseudonym_ar="ابن الحي", pseudonym_latin="Son of the neighbourhood")
    refresh_public_surfaces([victim.pk])
    call_command("load_demo", victims=200)
    page = BeautifulSoup(client.get(f"/en/victims/{victim.public_id}/").content, "html.parser")
    assert page.select_one(".victim__name").get_text(" ", strip=True).startswith("Daughter of")
