"""How the privacy screens read in the Arabic admin: each names the record it acts on, mixed-direction values are
isolated, and nothing on the dashboard reaches for a third party."""

from django.template.defaultfilters import date as format_date
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from memorial.privacy.models import PolicyChange
from memorial.privacy.publication import victims_published
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "change_victim",
    "view_victim",
    "publish_victim",
    "reveal_identity",
    "approve_policychange",
    "change_publicationdefaults",
)


def in_arabic(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    return user


@pytest.fixture
def moderator(django_user_model, client):
    return login_with_second_factor(client, in_arabic(make_user(django_user_model, "mona", *PERMISSIONS)))


@pytest.fixture
def victim():
    record = VictimFactory(
        name_policy="initials", identity__given_name_latin="Lina", identity__family_name_latin="Saleh"
    )
    victims_published([record])
    record.refresh_from_db()
    return record


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("screen", ["withdraw", "identity", "policy"])
def test_a_record_screen_names_its_record_under_the_header(client, moderator, victim, screen):
    screen_page = page(client, f"/admin/privacy/{screen}/{victim.pk}/")
    with translation.override("ar"):
        label = str(victim)
    heading = screen_page.select_one("#header-title")
    # Not only in the collapsed breadcrumb: a moderator sees which record they are about to withdraw.
    assert heading.bdi.get_text() == label
    assert "Saleh" not in label and label in screen_page.title.get_text()
    # Wagtail's spacing below the header, as on its own form screens.
    assert {"nice-padding", "w-mt-8"} <= set(heading.parent["class"])


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/admin/privacy/defaults/", "Publication defaults"),
        ("/admin/privacy/policy/requests/", "Policy changes waiting for approval"),
    ],
)
def test_the_site_wide_screens_have_the_same_heading_and_spacing(client, moderator, path, title):
    heading = page(client, path).select_one("#header-title")
    with translation.override("ar"):
        assert heading.get_text(strip=True) == translation.gettext(title)
    assert {"nice-padding", "w-mt-8"} <= set(heading.parent["class"])


def test_each_part_of_a_waiting_change_is_isolated_and_labelled(client, moderator, victim, django_user_model):
    requester = make_user(django_user_model, "admin", "change_victim")
    change = PolicyChange.objects.create(
        victim=victim,
        before={"name_policy": "initials"},
        after={"name_policy": "full"},
        reason="Consent given by the family",
        requested_by=requester,
        status=PolicyChange.Status.PENDING,
    )
    queue = page(client, "/admin/privacy/policy/requests/")
    with translation.override("ar"):
        label = str(victim)
        when = format_date(timezone.localtime(change.requested_at), "j F Y H:i")
    [row] = queue.select("table tbody tr")
    cells = row.find_all("td")
    # One cell each, under its heading, so that a Latin label, a user name and an Arabic date cannot reorder.
    assert len(queue.select("table thead th")) == len(cells) == 5
    assert [cell.bdi.get_text() for cell in cells[:4]] == [label, "admin", when, "Consent given by the family"]
    assert cells[0].a["href"] == f"/admin/privacy/policy/{victim.pk}/"
    assert cells[4].select_one(".policy-differences strong").get_text() == "الاسم الكامل"


def test_the_dashboard_does_not_check_for_wagtail_updates(admin_client):
    # The admin CSP blocks the request to a third party; the check only logged an error on every load.
    dashboard = admin_client.get("/admin/").content.decode()
    assert "w-upgrade" not in dashboard
