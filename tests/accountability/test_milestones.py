"""Accountability milestones: kept in the admin, shown on the timeline and on their attacks' pages, never without
their source, never before they are published."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from memorial.accountability.demo import load_milestones
from memorial.accountability.models import Milestone
from memorial.archive.models import Attack, Source
from memorial.remembrance.blocks import TimelineBlock
from tests.factories import AttackFactory, MilestoneFactory, SourceFactory

pytestmark = pytest.mark.django_db


def milestone_items(html):
    return BeautifulSoup(html, "html.parser").select("li.timeline__milestone")


@pytest.fixture
def records():
    ghouta = AttackFactory(key="ghouta", date=datetime.date(2013, 8, 21), title_en="Ghouta")
    douma = AttackFactory(key="douma", date=datetime.date(2018, 4, 7), title_en="Douma", agent=Attack.Agent.CHLORINE)
    return {
        "ghouta": ghouta,
        "douma": douma,
        "accession": MilestoneFactory(
            key="accession", date=datetime.date(2013, 9, 14), kind=Milestone.Kind.CONVENTION, title_en="Accession"
        ),
        "douma_report": MilestoneFactory(
            key="douma-report", date=datetime.date(2023, 1, 27), title_en="Douma report", attacks=[douma]
        ),
        "draft": MilestoneFactory(key="draft", title_en="Draft finding", live=False, attacks=[douma]),
    }


def test_the_attack_index_shows_every_live_milestone_with_its_source_in_date_order(client, records):
    items = milestone_items(client.get("/en/attacks/").content)
    assert [item.select_one(".timeline__title").get_text() for item in items] == ["Accession", "Douma report"]
    for item in items:
        source = item.select_one(".timeline__source a")
        assert source["href"] == "https://example.org/report"
        assert "OPCW" in source.get_text()


def test_a_draft_milestone_is_shown_nowhere(client, records):
    for url in ("/en/attacks/", "/ar/attacks/", "/en/attacks/douma/"):
        assert "Draft finding" not in client.get(url).content.decode()


def test_attacks_and_milestones_share_one_timeline_oldest_first_in_arabic_too(client, records):
    soup = BeautifulSoup(client.get("/ar/attacks/").content, "html.parser")
    dates = [time["datetime"] for time in soup.select(".timeline time")]
    assert dates == ["2013-08-21", "2013-09-14", "2018-04-07", "2023-01-27"]
    assert soup.select_one("li.timeline__milestone--convention")


def test_an_attack_page_lists_exactly_its_live_milestones(client, records):
    douma = milestone_items(client.get("/en/attacks/douma/").content)
    assert [item.select_one(".timeline__title").get_text() for item in douma] == ["Douma report"]
    assert douma[0].select_one("time").get_text() == "27 January 2023"
    assert not milestone_items(client.get("/en/attacks/ghouta/").content)


def test_a_filtered_index_keeps_the_milestones_of_the_attacks_it_shows(client, records):
    items = milestone_items(client.get("/en/attacks/", {"agent": "chlorine"}).content)
    assert [item.select_one(".timeline__title").get_text() for item in items] == ["Douma report"]


def test_a_milestone_whose_words_are_unchecked_says_so(client, records):
    MilestoneFactory(key="press", title_en="Warrants", to_be_verified=True)
    (item,) = [item for item in milestone_items(client.get("/en/attacks/").content) if "Warrants" in item.get_text()]
    assert "to be verified" in item.select_one(".timeline__source").get_text()


def test_the_remembrance_timeline_block_shows_milestones_unless_told_not_to(records):
    block = TimelineBlock()
    with_them = block.render(block.to_python({"heading": "", "from_year": 2013, "to_year": 2013}))
    assert [item.select_one(".timeline__title").get_text() for item in milestone_items(with_them)] == ["Accession"]
    without = block.render(block.to_python({"heading": "", "with_milestones": False}))
    assert not milestone_items(without)
    assert "Ghouta" in without


def test_an_editor_adds_and_publishes_a_milestone_in_the_admin(admin_client, records):
    form = BeautifulSoup(
        admin_client.get(reverse("wagtailsnippets_accountability_milestone:add")).content, "html.parser"
    )
    assert form.select_one('input[name="to_be_verified"]').has_attr("checked"), "to be verified until checked"
    source = SourceFactory(publisher="UN", url="https://example.org/resolution")
    response = admin_client.post(
        reverse("wagtailsnippets_accountability_milestone:add"),
        {
            "key": "resolution",
            "title_ar": "قرار",
            "title_en": "A resolution",
            "date": "2013-09-27",
            "kind": Milestone.Kind.SECURITY_COUNCIL,
            "body_ar": "مجلس الأمن",
            "body_en": "Security Council",
            "source": source.pk,
            "attacks": [records["ghouta"].pk],
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    milestone = Milestone.objects.get(key="resolution")
    assert milestone.live
    assert list(milestone.attacks.all()) == [records["ghouta"]]
    ghouta = milestone_items(admin_client.get("/en/attacks/ghouta/").content)
    assert [item.select_one(".timeline__title").get_text() for item in ghouta] == ["A resolution"]


def test_the_admin_refuses_a_milestone_without_a_source(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_accountability_milestone:add"),
        {"key": "x", "title_ar": "س", "title_en": "X", "date": "2020-01-01", "kind": "other", "body_ar": "ب"},
    )
    assert response.status_code == 200
    assert not Milestone.objects.exists()


def test_the_demo_milestones_each_rest_on_a_source_with_an_address_and_load_once():
    call_command("load_demo", victims=0, stdout=io.StringIO())
    milestones = list(Milestone.objects.select_related("source"))
    assert len(milestones) >= 8
    assert all(milestone.live and milestone.source.url.startswith("https://") for milestone in milestones)
    assert Milestone.objects.get(key="unscr-2118-2013").date == datetime.date(2013, 9, 27)
    assert Milestone.objects.get(key="iit-third-report-2023").attacks.get().key == "douma-2018"
    sources = Source.objects.count()
    assert load_milestones() == 0
    assert Milestone.objects.count() == len(milestones) and Source.objects.count() == sources


def test_the_attack_index_with_every_demo_milestone_stays_light(client):
    call_command("load_demo", victims=0, stdout=io.StringIO())
    for language in ("ar", "en"):
        response = client.get(f"/{language}/attacks/")
        assert len(milestone_items(response.content)) == Milestone.objects.count()
        assert len(response.content) < 100_000
