"""A takedown request about one published tribute: the moderator hides that tribute at once (the record stays
public), then confirms (the tribute and its public photos go for good) or restores it; each step is in the
audit log of the request and of the tribute's own submission."""

import pathlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest
from bs4 import BeautifulSoup

from memorial.privacy.publication import victims_published
from memorial.submissions import moderation, services
from memorial.submissions.models import PublishedTribute, Submission, TributePhoto
from tests.factories import VictimFactory
from tests.submissions.moderation_support import detail_url, make_submission
from tests.submissions.support import jpeg_with_gps
from tests.submissions.test_moderation import entries
from tests.submissions.test_moderation_tributes import approve, send_tribute, tributes_on
from tests.submissions.test_record_requests import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(client, moderator_web, victim):
    """Two tributes on the victim's page; the first, with a photo, is the one a request is about."""
    _code, asked_about = send_tribute(client, victim, photos=[jpeg_with_gps()], text="TRIBUTE-TO-TAKE-DOWN")
    approve(moderator_web, asked_about)
    _code, other = send_tribute(client, victim, text="TRIBUTE-THAT-STAYS")
    approve(moderator_web, other)
    return asked_about.published_tribute


def takedown_of(tribute):
    return make_submission(
        Submission.Kind.TAKEDOWN,
        victim=tribute.victim,
        content={"reason": "My words, please remove.", "tribute": tribute.public_token},
    )


def texts_on(client, victim):
    return " ".join(tribute.get_text() for tribute in tributes_on(client, victim))


def test_hiding_takes_only_that_tribute_off_the_page(client, moderator_web, moderator, victim, published):
    request = takedown_of(published)
    page = moderator_web.get(detail_url(request)).content.decode()
    assert "TRIBUTE-TO-TAKE-DOWN" in page and "Hide the tribute now" in page
    moderator_web.post(detail_url(request), {"action": "hide", "note": "Looks genuine"})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 200
    assert "TRIBUTE-TO-TAKE-DOWN" not in texts_on(client, victim)
    assert "TRIBUTE-THAT-STAYS" in texts_on(client, victim)
    request.refresh_from_db()
    assert request.status == Submission.Status.RECEIVED
    [entry] = entries(request, moderation.TRIBUTE_HIDDEN)
    assert entry.user == moderator
    assert entry.data == {"reason": "Looks genuine", "record": victim.pk, "tribute": published.pk}
    assert entries(published.submission, moderation.TRIBUTE_HIDDEN).get().data["takedown"] == request.pk


def test_a_confirmed_takedown_removes_the_tribute_and_its_photos(
    client, moderator_web, victim, published, django_capture_on_commit_callbacks
):
    request = takedown_of(published)
    [photo] = TributePhoto.objects.filter(tribute=published)
    path = photo.file.path
    moderator_web.post(detail_url(request), {"action": "hide", "note": ""})
    with django_capture_on_commit_callbacks(execute=True):
        moderator_web.post(detail_url(request), {"action": "confirm", "note": "The author asked"})
    request.refresh_from_db()
    assert request.status == Submission.Status.APPROVED
    assert not PublishedTribute.objects.filter(pk=published.pk).exists()
    assert not TributePhoto.objects.filter(pk=photo.pk).exists()
    assert "TRIBUTE-TO-TAKE-DOWN" not in texts_on(client, victim)
    assert "TRIBUTE-THAT-STAYS" in texts_on(client, victim)
    assert entries(request, moderation.TRIBUTE_TAKEDOWN_CONFIRMED).get().data["reason"] == "The author asked"
    assert entries(published.submission, moderation.TRIBUTE_TAKEDOWN_CONFIRMED).get().data["takedown"] == request.pk
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 200
    assert not pathlib.Path(path).exists()


def test_a_declined_takedown_shows_the_tribute_again(client, moderator_web, moderator, victim, published):
    request = takedown_of(published)
    moderator_web.post(detail_url(request), {"action": "hide", "note": ""})
    moderator_web.post(detail_url(request), {"action": "restore", "message": "The tribute names no one."})
    request.refresh_from_db()
    assert request.status == Submission.Status.REJECTED
    assert request.message_to_family == "The tribute names no one."
    assert "TRIBUTE-TO-TAKE-DOWN" in texts_on(client, victim)
    assert entries(request, moderation.TRIBUTE_RESTORED).get().user == moderator
    assert entries(published.submission, moderation.TRIBUTE_RESTORED).count() == 1


def test_a_request_names_only_a_tribute_shown_on_that_records_page(victim, published):
    kind = Submission.Kind.TAKEDOWN
    token = published.public_token
    assert services.named_tribute(kind, {"tribute": token}, victim) == published
    assert services.named_tribute(kind, {"tribute": token}, None) is None
    assert services.named_tribute(Submission.Kind.CORRECTION, {"tribute": token}, victim) is None
    # Its internal id names nothing.
    assert services.named_tribute(kind, {"tribute": str(published.pk)}, victim) is None
    assert services.named_tribute(kind, {"tribute": published.pk}, victim) is None
    PublishedTribute.objects.filter(pk=published.pk).update(hidden_at="2026-01-01T00:00Z")
    assert services.named_tribute(kind, {"tribute": token}, victim) is None


def test_a_family_asks_from_the_link_under_the_tribute(client, victim, published):
    page = BeautifulSoup(client.get(f"/en/victims/{victim.public_id}/").content, "html.parser")
    links = [a["href"] for a in page.select(".tributes a") if "tribute=" in a["href"]]
    assert len(links) == 2
    [link] = [href for href in links if href.endswith(f"tribute={published.public_token}")]
    form = client.get(link)
    assert b"Ask for this tribute to be taken down" in form.content
    sent = client.post(link, answers_for(form, reason="These are my words; I want them removed."))
    assert sent.status_code == 200
    request = Submission.objects.filter(kind=Submission.Kind.TAKEDOWN).get()
    assert request.tribute == published
    assert request.victim == victim


def test_the_link_names_a_tribute_by_a_random_token_not_its_id(client, victim, published):
    page = BeautifulSoup(client.get(f"/en/victims/{victim.public_id}/").content, "html.parser")
    tokens = [a["href"].split("tribute=", 1)[1] for a in page.select(".tributes a") if "tribute=" in a["href"]]
    ids = {str(pk) for pk in PublishedTribute.objects.values_list("pk", flat=True)}
    assert len(set(tokens)) == 2 and not ids & set(tokens)
    assert all(len(token) >= 20 for token in tokens)
    assert PublishedTribute.objects.get(public_token=published.public_token) == published


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_old_id_based_address_or_an_unknown_token_answers_404(client, victim, published, method):
    other = VictimFactory()
    victims_published([other])
    other.refresh_from_db()
    form = client.get(f"/en/submit/takedown/{victim.public_id}/")
    answers = answers_for(form, reason="Please remove this.")
    unknown = f"/en/submit/takedown/{victim.public_id}/?tribute=nothing-at-this-token"
    not_public = client.get(f"/en/submit/takedown/{victim.public_id[::-1]}x/")
    assert not_public.status_code == 404
    for address in (
        f"/en/submit/takedown/{victim.public_id}/?tribute={published.pk}",
        unknown,
        # A token of a tribute on another record's page, under this one.
        f"/en/submit/takedown/{other.public_id}/?tribute={published.public_token}",
    ):
        response = getattr(client, method)(address, answers if method == "post" else None)
        assert response.status_code == 404
        assert response.content == not_public.content
    assert not Submission.objects.filter(kind=Submission.Kind.TAKEDOWN).exists()


def test_a_hidden_tributes_link_answers_404(client, moderator_web, victim, published):
    link = f"/en/submit/takedown/{victim.public_id}/?tribute={published.public_token}"
    assert client.get(link).status_code == 200
    moderator_web.post(detail_url(takedown_of(published)), {"action": "hide", "note": ""})
    assert client.get(link).status_code == 404


# serialized_rollback: the flush after a transactional test must leave the database as the next test expects.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_each_published_tribute_its_own_token(victim):
    executor = MigrationExecutor(connection)
    executor.migrate([("submissions", "0007_moderator_edits")])
    try:
        old = executor.loader.project_state([("submissions", "0007_moderator_edits")]).apps
        submissions = [make_submission(victim=victim) for _ in range(3)]
        Tribute = old.get_model("submissions", "PublishedTribute")
        for submission in submissions:
            Tribute.objects.create(
                submission_id=submission.pk, victim_id=victim.pk, text="x", author_display="anonymous"
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    tokens = list(PublishedTribute.objects.values_list("public_token", flat=True))
    assert len(tokens) == 3 and len(set(tokens)) == 3 and all(len(token) >= 20 for token in tokens)
