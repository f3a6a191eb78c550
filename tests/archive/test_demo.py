"""`load_demo`: the documented attacks with their sources, and sample victims that say they are samples."""

import datetime

from django.core.management import call_command

import pytest

from memorial.archive.models import Attack, Place, Victim, VictimPublicIndex
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


def test_figures_keep_ranges_zero_and_absence(loaded):
    assert figures("khan-al-assal-2013", "killed") == [
        (20, 26, "SOHR 26 (16 soldiers, 10 civilians); government figure 20")
    ]
    assert figures("saraqib-2018", "killed") == [(0, None, "source not stated in the data set")]
    assert figures("qmenas-2015", "killed") == []
    assert figures("ghouta-2013", "injured") == [(5935, None, "SNHR")]


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
