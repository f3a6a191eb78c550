"""Photos sent with a tribute go through the archive's photo intake; an error keeps what was typed and the
photos already accepted (a browser cannot refill a file input); a photo that fails after acceptance never loses
the submission (M4)."""

import pytest

from memorial.submissions import intake
from memorial.submissions.models import StagedPhoto, Submission, SubmissionPhoto
from tests.submissions.support import jpeg_with_gps, served_fields, tribute_answers, upload
from tests.submissions.test_tribute import receipt_code_on, tribute_url

pytestmark = pytest.mark.django_db


def test_a_refused_photo_keeps_the_typed_text_and_the_accepted_photo(client, victim):
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url), text="Words that must not be lost.")
    answers["photos"] = [upload(jpeg_with_gps()), upload(b"%PDF-1.4 not a photo", name="photo.jpg")]
    refused = client.post(url, answers)
    assert refused.status_code == 400
    assert b"This file is not a photo we can accept" in refused.content
    assert b"Words that must not be lost." in refused.content
    assert b"Photo 1 (640 \xc3\x97 480 pixels), received" in refused.content
    assert not Submission.objects.exists()
    assert StagedPhoto.objects.count() == 1

    # Sent again without choosing the photo again: the accepted one goes with it.
    sent = client.post(url, {**served_fields(refused), "consent_given": "on"})
    assert sent.status_code == 200
    assert receipt_code_on(sent)
    submission = Submission.objects.get()
    assert submission.content == {"text": "Words that must not be lost."}
    assert submission.photos.count() == 1
    assert not StagedPhoto.objects.exists()


def test_a_missing_field_keeps_the_photo_that_came_with_it(client, victim):
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url), text="")
    answers["photos"] = [upload(jpeg_with_gps())]
    refused = client.post(url, answers)
    assert refused.status_code == 400
    assert b"This field is required." in refused.content
    assert b"Photo 1 (640" in refused.content
    assert StagedPhoto.objects.count() == 1


def test_a_family_can_take_back_an_accepted_photo(client, victim):
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url), text="")
    answers["photos"] = [upload(jpeg_with_gps())]
    refused = client.post(url, answers)
    staged = StagedPhoto.objects.get()
    client.post(url, {**served_fields(refused), "remove_photo": str(staged.pk), "consent_given": "on", "text": "x"})
    assert Submission.objects.get().photos.count() == 0


def test_no_more_than_the_photo_limit_is_accepted(client, victim):
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url), text="")
    answers["photos"] = [upload(jpeg_with_gps(colour=(n, n, n))) for n in range(intake.MAX_PHOTOS + 1)]
    refused = client.post(url, answers)
    assert b"You can send at most 5 photos with one submission." in refused.content
    assert StagedPhoto.objects.count() == intake.MAX_PHOTOS


def test_a_photo_that_fails_after_acceptance_leaves_the_submission_stored_and_flagged(client, victim, monkeypatch):
    def broken(photo):
        raise OSError("disk full")

    monkeypatch.setattr(intake, "make_preview", broken)
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url))
    answers["photos"] = [upload(jpeg_with_gps())]
    sent = client.post(url, answers)
    assert sent.status_code == 200
    code = receipt_code_on(sent)
    assert code
    assert b"One of your photos could not be prepared after we received it" in sent.content
    submission = Submission.objects.get()
    assert submission.processing_failed
    assert submission.content["text"]
    photo = SubmissionPhoto.objects.get()
    assert photo.state == SubmissionPhoto.State.FAILED
    assert photo.file
    status = client.post("/en/status/", {"code": code})
    assert b"One of your photos could not be prepared" in status.content


def test_staged_photos_of_forms_never_sent_expire(client, victim):
    url = tribute_url(victim, "en")
    answers = tribute_answers(client.get(url), text="")
    answers["photos"] = [upload(jpeg_with_gps())]
    client.post(url, answers)
    staged = StagedPhoto.objects.get()
    StagedPhoto.objects.update(created_at=staged.created_at - intake.STAGING_LIFETIME)
    intake.discard_expired_staging()
    assert not StagedPhoto.objects.exists()
