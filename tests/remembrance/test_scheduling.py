"""A page scheduled with Wagtail's scheduled publishing is not public before its time, is after
`publish_scheduled`, and the cached surfaces that show it (the home page's campaign) are purged
by the publish signal, whichever process runs the command."""

import datetime
import io
import zoneinfo

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_policy
from memorial.remembrance.models import RemembranceDayPage
from tests.factories import named_victim
from tests.remembrance.conftest import add_page

pytestmark = pytest.mark.django_db

DAMASCUS = zoneinfo.ZoneInfo("Asia/Damascus")
GO_LIVE = datetime.datetime(2026, 11, 30, 6, 0, tzinfo=DAMASCUS)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment.astimezone(datetime.UTC))

    return set_to


def scheduled(parent, **fields):
    page = add_page(parent, RemembranceDayPage, publish=False, go_live_at=GO_LIVE, **fields)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def campaign_link(client):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    link = soup.select_one(".campaign a.button")
    return link["href"] if link else None


def test_a_scheduled_page_goes_live_on_time_and_the_home_page_follows(client, clock, indexes):
    clock(datetime.datetime(2026, 11, 30, 0, 30, tzinfo=DAMASCUS))
    page = scheduled(indexes["en"], title="30 November 2026", slug="30-november-2026", year=2026)
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at == GO_LIVE
    assert client.get(page.url).status_code == 404
    # The home page is in campaign mode already, without the page: and it keeps that in the shared cache.
    assert campaign_link(client) is None

    clock(datetime.datetime(2026, 11, 30, 5, 59, tzinfo=DAMASCUS))
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live

    clock(datetime.datetime(2026, 11, 30, 6, 1, tzinfo=DAMASCUS))
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
    # Same Damascus day, so the same cache entry unless the publish signal purged it.
    assert campaign_link(client) == page.url


def test_a_scheduled_page_that_now_names_a_withheld_name_stays_a_draft(client, clock, indexes):
    victim = named_victim("", "Abd al-Rahman Khaled al-Ahmad")
    victims_published([victim])
    clock(datetime.datetime(2026, 11, 29, 12, 0, tzinfo=DAMASCUS))
    naming = scheduled(
        indexes["en"], title="Naming", slug="naming", year=2026, introduction="For Abd al-Rahman al-Ahmad."
    )
    other = scheduled(indexes["ar"], title="Other", slug="other", year=2026)
    # After it was scheduled, the family withheld the name.
    change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="The family asked.", user=None)

    clock(datetime.datetime(2026, 11, 30, 7, 0, tzinfo=DAMASCUS))
    call_command("publish_scheduled", stdout=io.StringIO())
    naming.refresh_from_db()
    other.refresh_from_db()
    assert not naming.live
    assert naming.get_latest_revision().approved_go_live_at is None
    # The refusal did not stop the command: the other page went live.
    assert other.live
