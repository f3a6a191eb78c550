"""Tributes and the page cache (issue 17): every decision that puts a tribute on its record's page or takes it off
(approval, a takedown's hide, restore and confirmation, the family's withdrawal) purges that page, so an anonymous
visitor, served from the cache a moment before, never sees a tribute that is gone nor misses one just approved."""

from django.test import Client

import pytest

from memorial.submissions import services
from memorial.submissions.models import Submission
from tests.submissions.moderation_support import detail_url
from tests.submissions.support import jpeg_with_gps
from tests.submissions.test_moderation_takedowns import takedown_of
from tests.submissions.test_moderation_tributes import approve, send_tribute

pytestmark = pytest.mark.django_db


def cached_page(victim):
    """The record's page as a visitor without cookies sees it, asked twice: the second answer is the cache's."""
    anonymous = Client()
    path = f"/en/victims/{victim.public_id}/"
    first = anonymous.get(path)
    assert first.status_code == 200
    second = anonymous.get(path)
    assert second["X-Cache"] == "HIT", f"{path}: the second answer is not from the cache ({second['X-Cache']})"
    return first["X-Cache"], second.content.decode()


@pytest.fixture
def published(client, moderator_web, victim):
    """One approved tribute with a photo, approved while the page was in the cache."""
    assert "TRIBUTE-IN-CACHE" not in cached_page(victim)[1]
    _code, submission = send_tribute(client, victim, photos=[jpeg_with_gps()], text="TRIBUTE-IN-CACHE")
    assert approve(moderator_web, submission).status_code == 302
    submission.refresh_from_db()
    return submission.published_tribute


def test_an_approved_tribute_shows_at_once_on_a_cached_page(victim, published):
    first, page = cached_page(victim)
    assert first == "MISS"
    assert "TRIBUTE-IN-CACHE" in page


def test_a_takedown_hides_restores_and_confirms_through_the_cache(
    moderator_web, victim, published, django_capture_on_commit_callbacks
):
    assert "TRIBUTE-IN-CACHE" in cached_page(victim)[1]
    request = takedown_of(published)

    moderator_web.post(detail_url(request), {"action": "hide", "note": ""})
    first, page = cached_page(victim)
    assert (first, "TRIBUTE-IN-CACHE" in page) == ("MISS", False)

    moderator_web.post(detail_url(request), {"action": "restore", "message": "The tribute names no one."})
    first, page = cached_page(victim)
    assert (first, "TRIBUTE-IN-CACHE" in page) == ("MISS", True)

    second = takedown_of(published)
    moderator_web.post(detail_url(second), {"action": "hide", "note": ""})
    assert "TRIBUTE-IN-CACHE" not in cached_page(victim)[1]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_web.post(detail_url(second), {"action": "confirm", "note": "The author asked"})
    second.refresh_from_db()
    assert second.status == Submission.Status.APPROVED
    first, page = cached_page(victim)
    assert (first, "TRIBUTE-IN-CACHE" in page) == ("MISS", False)


@pytest.mark.parametrize("on_commit", [False, True], ids=["at once", "after the commit"])
def test_the_familys_withdrawal_takes_the_tribute_off_the_cached_page(
    victim, published, on_commit, django_capture_on_commit_callbacks
):
    assert "TRIBUTE-IN-CACHE" in cached_page(victim)[1]
    with django_capture_on_commit_callbacks(execute=on_commit):
        services.withdraw_submission(submission=published.submission)
    first, page = cached_page(victim)
    assert (first, "TRIBUTE-IN-CACHE" in page) == ("MISS", False)
