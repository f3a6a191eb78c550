"""A family member leaves a tribute from a published victim's page: stored with its consent, a receipt code
shown once and kept only as a keyed hash."""

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

import pytest

from memorial.submissions.models import ConsentText, Submission, SubmissionPhoto
from memorial.submissions.receipts import CODE_BITS, normalise_code, receipt_hash
from tests.submissions.support import GPS_CANARY, jpeg_with_gps, tribute_answers, upload

pytestmark = pytest.mark.django_db


def tribute_url(victim, language="ar"):
    with translation.override(language):
        return reverse("submissions:tribute", args=[victim.public_id])


def receipt_code_on(response):
    from bs4 import BeautifulSoup

    found = BeautifulSoup(response.content, "html.parser").select_one(".receipt__code")
    return found.get_text(strip=True) if found else None


def test_the_victim_page_links_to_its_tribute_form(client, victim):
    page = client.get(f"/en/victims/{victim.public_id}/")
    assert tribute_url(victim, "en").encode() in page.content


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_tribute_is_stored_with_the_consent_text_shown_in_the_language_shown(client, victim, language):
    form = client.get(tribute_url(victim, language))
    assert form.status_code == 200
    consent = ConsentText.objects.get(kind="tribute", language=language)
    assert escape(consent.text).encode() in form.content

    sent = client.post(tribute_url(victim, language), tribute_answers(form))
    assert sent.status_code == 200
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.TRIBUTE
    assert submission.status == Submission.Status.RECEIVED
    assert submission.victim == victim
    assert submission.language == language
    assert submission.consent == consent
    assert submission.content == {"text": "كان يحب الزيتون وأولاده. He loved olives and his children."}
    assert submission.author_display == "relationship"
    assert submission.author_relationship == "أخوه"


def test_the_receipt_code_is_shown_once_and_only_its_keyed_hash_is_stored(client, victim):
    sent = client.post(tribute_url(victim), tribute_answers(client.get(tribute_url(victim))))
    code = receipt_code_on(sent)
    assert normalise_code(code) == code
    assert CODE_BITS >= 100
    submission = Submission.objects.get()
    assert submission.receipt_hash == receipt_hash(code)
    assert len(submission.receipt_hash) == 64
    stored = [str(value) for value in Submission.objects.values().get().values()]
    assert not any(code in value or code.replace("-", "") in value for value in stored)
    # Nothing served afterwards carries it: not the form again, not the status page.
    for path in (tribute_url(victim), reverse("submissions:status")):
        assert code.encode() not in client.get(path).content


def test_a_changed_consent_text_makes_a_new_version_and_keeps_the_old(client, victim, monkeypatch):
    client.get(tribute_url(victim, "en"))
    first = ConsentText.objects.get(language="en")
    monkeypatch.setitem(
        __import__("memorial.submissions.consent", fromlist=["TEXTS"]).TEXTS, "tribute", "A reworded consent."
    )
    form = client.get(tribute_url(victim, "en"))
    assert b"A reworded consent." in form.content
    versions = list(ConsentText.objects.filter(language="en").order_by("version").values_list("version", "text"))
    assert versions == [(1, first.text), (2, "A reworded consent.")]
    client.post(tribute_url(victim, "en"), tribute_answers(form))
    assert Submission.objects.get().consent.text == "A reworded consent."


def test_consent_given_to_an_older_text_is_asked_again(client, victim, monkeypatch):
    form = client.get(tribute_url(victim, "en"))
    monkeypatch.setitem(
        __import__("memorial.submissions.consent", fromlist=["TEXTS"]).TEXTS, "tribute", "A reworded consent."
    )
    again = client.post(tribute_url(victim, "en"), tribute_answers(form))
    assert again.status_code == 400
    assert b"The consent text has changed" in again.content
    assert b"A reworded consent." in again.content
    assert not Submission.objects.exists()


def test_no_tribute_form_for_a_record_that_is_not_public(client, victim):
    victim.unpublish()
    assert client.get(tribute_url(victim)).status_code == 404
    assert client.get("/ar/submit/tribute/nosuchid/").status_code == 404


def test_a_photo_with_gps_is_stored_private_and_without_metadata(client, victim):
    form = client.get(tribute_url(victim))
    answers = tribute_answers(form, photos=[upload(jpeg_with_gps())])
    sent = client.post(tribute_url(victim), answers)
    assert sent.status_code == 200
    photo = SubmissionPhoto.objects.get()
    assert photo.state == SubmissionPhoto.State.READY
    assert photo.preview
    with photo.file.open("rb") as stored:
        data = stored.read()
    assert GPS_CANARY.encode() not in data
    assert b"Exif" not in data[:200]
    # Private storage only: the photo has no public address.
    assert photo.file.storage.base_url.startswith("/private-media-is-never-served/")


def test_the_author_name_is_kept_only_when_they_chose_to_appear_by_name(client, victim):
    form = client.get(tribute_url(victim))
    client.post(tribute_url(victim), tribute_answers(form, author_display="anonymous", author_name="Sami"))
    assert Submission.objects.get().author_name == ""


def test_choosing_to_appear_by_name_needs_a_name(client, victim):
    form = client.get(tribute_url(victim, "en"))
    again = client.post(tribute_url(victim, "en"), tribute_answers(form, author_display="name", author_name=""))
    assert again.status_code == 400
    assert b"Write your name" in again.content
    assert not Submission.objects.exists()
