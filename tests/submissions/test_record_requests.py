"""From a published record's page a family asks for a correction or a takedown. Both wait for a moderator:
a takedown request without a receipt code hides nothing by itself."""

from django.urls import reverse
from django.utils import translation

import pytest

from memorial.archive.selectors import victim_public
from memorial.submissions.models import ConsentText, Submission
from tests.submissions.support import served_fields
from tests.submissions.test_tribute import receipt_code_on

pytestmark = pytest.mark.django_db


def request_url(kind, victim, language="ar"):
    with translation.override(language):
        return reverse(f"submissions:{kind}", args=[victim.public_id])


def answers_for(response, **answers):
    return {**served_fields(response), "author_display": "anonymous", "consent_given": "on", **answers}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_record_page_links_to_its_correction_and_takedown_forms(client, victim, language):
    page = client.get(f"/{language}/victims/{victim.public_id}/")
    for kind in ("correction", "takedown"):
        assert request_url(kind, victim, language).encode() in page.content


def test_a_correction_is_stored_for_moderators_with_its_consent(client, victim):
    url = request_url("correction", victim, "en")
    form = client.get(url)
    assert form.status_code == 200
    # A request is never published: its author is not asked how to appear.
    assert b"How should you appear" not in form.content
    assert served_fields(form)["author_display"] == "anonymous"
    sent = client.post(
        url,
        answers_for(
            form, what_is_wrong="The age is wrong.", should_say="She was 35.", sources="Her ID card, to be verified."
        ),
    )
    assert sent.status_code == 200
    assert receipt_code_on(sent)
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.CORRECTION
    assert submission.victim == victim
    assert submission.status == Submission.Status.RECEIVED
    assert submission.consent == ConsentText.objects.get(kind="correction", language="en")
    assert submission.content == {
        "what_is_wrong": "The age is wrong.",
        "should_say": "She was 35.",
        "sources": "Her ID card, to be verified.",
    }
    # The record itself is untouched until a moderator acts.
    victim.refresh_from_db()
    assert victim.age == 34


def test_a_correction_needs_to_say_what_is_wrong(client, victim):
    url = request_url("correction", victim, "en")
    refused = client.post(url, answers_for(client.get(url), what_is_wrong="", should_say="Kept text."))
    assert refused.status_code == 400
    assert b"This field is required." in refused.content
    assert b"Kept text." in refused.content
    assert not Submission.objects.exists()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_takedown_request_without_a_code_hides_nothing_and_says_so(client, victim, language):
    url = request_url("takedown", victim, language)
    form = client.get(url)
    words = {"en": b"does not hide the record by itself", "ar": "لا يُخفي هذا الطلبُ السجلَّ بنفسه".encode()}
    assert words[language] in form.content
    sent = client.post(url, answers_for(form, reason="I am her brother and we did not agree."))
    assert sent.status_code == 200
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.TAKEDOWN
    assert submission.victim == victim
    assert submission.content == {"reason": "I am her brother and we did not agree."}
    assert submission.status == Submission.Status.RECEIVED
    # Still public, everywhere: the page, the listing, the search.
    victim.refresh_from_db()
    assert victim.live
    assert victim.withdrawn_at is None
    assert victim_public(victim.public_id).public_id == victim.public_id
    assert client.get(f"/{language}/victims/{victim.public_id}/").status_code == 200
    assert victim.public_id.encode() in client.get(f"/{language}/victims/").content


def test_no_correction_or_takedown_form_for_a_record_that_is_not_public(client, victim):
    victim.unpublish()
    for kind in ("correction", "takedown"):
        assert client.get(request_url(kind, victim)).status_code == 404
        assert client.get(f"/ar/submit/{kind}/nosuchid/").status_code == 404
