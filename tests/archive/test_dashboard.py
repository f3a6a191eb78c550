"""The admin dashboard: what a moderator must act on, not Wagtail's page and image totals."""

from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.privacy.models import PolicyChange
from memorial.privacy.publication import victims_published
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/archive/victim/"


def summary(client):
    """The dashboard's summary items as {link: text}."""
    response = client.get("/admin/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {link["href"]: link.get_text(" ", strip=True) for link in page.select(".w-summary a")}


@pytest.fixture
def records():
    published = [VictimFactory() for _ in range(3)]
    victims_published(published)
    published[0].refresh_from_db()
    published[0].save_revision()  # an edit not yet published
    VictimFactory(live=False)
    VictimFactory(live=False)
    withdrawn = VictimFactory(live=False)
    Victim.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    PolicyChange.objects.create(
        victim=published[1], status=PolicyChange.Status.PENDING, before={}, after={}, reason="The family agreed"
    )
    return {"withdrawn": withdrawn}


def test_the_dashboard_counts_victims_by_status_and_pending_approvals(admin_client, records):
    items = summary(admin_client)
    # The admin speaks Arabic by default; the numbers and the links say what each item is.
    assert {link: text.split()[0] for link, text in items.items()} == {
        f"{LISTING}?live=true": "3",
        f"{LISTING}?live=true&has_unpublished_changes=true": "1",
        f"{LISTING}?live=false&withdrawn=false": "2",
        f"{LISTING}?withdrawn=true": "1",
        "/admin/privacy/policy/requests/": "1",
        # What families sent that waits for a moderator (the submissions app's own item).
        "/admin/submissions/": "0",
    }
    # No page, image or document totals.
    assert not [link for link in items if link.startswith(("/admin/pages/", "/admin/images/", "/admin/documents/"))]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("live=true", 3),
        ("live=true&has_unpublished_changes=true", 1),
        ("live=false&withdrawn=false", 2),
        ("withdrawn=true", 1),
    ],
)
def test_each_count_links_to_the_records_it_counts(admin_client, records, query, count):
    page = BeautifulSoup(admin_client.get(f"{LISTING}?{query}").content, "html.parser")
    assert len(page.select("tbody tr")) == count
    if query == "withdrawn=true":
        assert page.select_one(f"tbody a[href*='/edit/{records['withdrawn'].pk}/']")


def test_pending_approvals_are_shown_to_those_who_may_approve(client, records, django_user_model):
    login_with_second_factor(client, make_user(django_user_model, "writer", "change_victim", "view_victim"))
    items = summary(client)
    assert "/admin/privacy/policy/requests/" not in items
    assert f"{LISTING}?live=true" in items


def test_the_dashboard_reads_in_english_for_an_english_moderator(admin_client, admin_user, records):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    assert set(summary(admin_client).values()) == {
        "3 published victims",
        "1 with edits not yet published",
        "2 drafts",
        "1 withdrawn at the family's request",
        "1 policy approval waiting",
        "0 submissions waiting",
    }
