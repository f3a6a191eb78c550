"""A record hidden for a takedown request and then restored comes back exactly as the public saw it when it was
hidden: a draft written while it was hidden stays a draft for an editor to review, never public unreviewed. Hiding
and restoring purge the statistics the site caches, like any publication."""

from django.core.cache import cache

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.archive.statistics import CACHE_KEY
from memorial.submissions import moderation
from memorial.submissions.models import Submission
from tests.submissions.moderation_support import detail_url, make_submission
from tests.submissions.test_moderation import entries

pytestmark = pytest.mark.django_db


def biography_on(client, victim):
    response = client.get(f"/en/victims/{victim.public_id}/")
    if response.status_code == 404:
        return None
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one(".prose p").get_text()


def takedown_of(victim):
    return make_submission(Submission.Kind.TAKEDOWN, victim=victim, content={"reason": "Please remove."})


def draft_while_hidden(victim, user):
    """An editor's draft of the hidden record, as the record editor saves one: a revision, not published."""
    record = Victim.objects.get(pk=victim.pk)
    record.biography_en = "A DRAFT WRITTEN WHILE HIDDEN."
    return record.save_revision(user=user)


@pytest.mark.parametrize("published_with_revision", [True, False], ids=["edited-in-admin", "imported"])
def test_restoring_publishes_what_the_public_saw_not_a_later_draft(
    client, moderator_web, moderator, victim, published_with_revision
):
    if published_with_revision:
        victim.save_revision(user=moderator).publish()
        victim.refresh_from_db()
    assert biography_on(client, victim) == "A sample biography."
    request = takedown_of(victim)
    moderator_web.post(detail_url(request), {"action": "hide", "note": "Looks genuine"})
    assert biography_on(client, victim) is None
    draft = draft_while_hidden(victim, moderator)

    moderator_web.post(detail_url(request), {"action": "restore", "message": "The record is documented."})

    assert biography_on(client, victim) == "A sample biography."
    victim.refresh_from_db()
    assert victim.live and victim.has_unpublished_changes
    assert victim.latest_revision == draft
    assert victim.live_revision != draft
    assert victim.live_revision.pk == entries(request, moderation.HIDDEN).get().data["revision"]
    # The draft is still there for the editor, with its change.
    assert victim.latest_revision.as_object().biography_en == "A DRAFT WRITTEN WHILE HIDDEN."


def test_the_hide_keeps_the_live_revision_it_took_down(moderator_web, moderator, victim):
    live = victim.save_revision(user=moderator)
    live.publish()
    victim.refresh_from_db()
    victim.biography_en = "An unpublished draft before the request."
    draft = victim.save_revision(user=moderator)
    request = takedown_of(victim)
    moderator_web.post(detail_url(request), {"action": "hide", "note": ""})
    assert entries(request, moderation.HIDDEN).get().data["revision"] == live.pk
    assert moderation.revision_shown_at_hide(request, victim) == live
    assert draft != live


def test_a_record_already_off_the_site_is_not_published_by_a_restore(client, moderator_web, moderator, victim):
    first = takedown_of(victim)
    moderator_web.post(detail_url(first), {"action": "hide", "note": ""})
    # A second request about the record finds it hidden already: declining it publishes nothing.
    second = takedown_of(victim)
    moderator_web.post(detail_url(second), {"action": "hide", "note": ""})
    assert entries(second, moderation.HIDDEN).get().data["revision"] is None
    moderator_web.post(detail_url(second), {"action": "restore", "message": "Declined."})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 404
    moderator_web.post(detail_url(first), {"action": "restore", "message": "Declined too."})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 200


def test_a_hide_logged_without_its_revision_restores_the_last_publication(client, moderator, victim):
    published = victim.save_revision(user=moderator)
    published.publish()
    request = takedown_of(victim)
    moderation.hide_for_takedown(submission=request, user=moderator)
    # As a hide made before the revision was kept wrote its entry.
    entry = entries(request, moderation.HIDDEN).get()
    entry.data = {"reason": "", "record": victim.pk}
    entry.save()
    draft = draft_while_hidden(victim, moderator)
    assert moderation.revision_shown_at_hide(request, Victim.objects.get(pk=victim.pk)) == published
    moderation.restore_after_takedown(submission=request, user=moderator, message="Declined.")
    assert biography_on(client, victim) == "A sample biography."
    assert Victim.objects.get(pk=victim.pk).latest_revision == draft


def test_hiding_and_restoring_purge_the_cached_statistics(moderator_web, victim, django_capture_on_commit_callbacks):
    request = takedown_of(victim)
    cache.set(CACHE_KEY, "counted before the hide")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_web.post(detail_url(request), {"action": "hide", "note": ""})
    assert cache.get(CACHE_KEY) is None
    cache.set(CACHE_KEY, "counted while hidden")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_web.post(detail_url(request), {"action": "restore", "message": "Declined."})
    assert cache.get(CACHE_KEY) is None
