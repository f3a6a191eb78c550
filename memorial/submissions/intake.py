"""Photos a family sends: accepted, staged, attached, prepared.

A photo is accepted by `memorial.privacy.photos.scrub` (the archive's own intake rules and messages): bounded,
decoded within limits and rebuilt from its pixels, so the file kept holds no EXIF, GPS or other metadata and
the raw upload is never written anywhere (P3). An accepted photo waits in the staging area under its form's
staging key, so it survives an error elsewhere in the form (a browser cannot refill a file input). When the
form is sent, the staged photos are attached to the submission in the same transaction that stores it; their
preparation for moderators (a small preview) runs only after that commit, and a failure there marks the photo
and flags the submission instead of losing anything (M4).
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from PIL import Image

from memorial.privacy.photos import delete_file, delete_files_on_commit, encode_jpeg, scrub
from memorial.submissions.models import StagedPhoto, Submission, SubmissionPhoto

logger = logging.getLogger(__name__)

MAX_PHOTOS = 5
PREVIEW_SIDE = 480
# A form left open longer than this loses its staged photos (and its token expires with it).
STAGING_LIFETIME = timedelta(hours=24)


def too_many_photos():
    return ValidationError(
        _("You can send at most %(count)s photos with one submission."), code="too_many", params={"count": MAX_PHOTOS}
    )


def staged_photos(staging_key):
    return list(StagedPhoto.objects.filter(staging_key=staging_key))


def stage_photos(*, staging_key, uploads):
    """Scrub each upload and stage those accepted. Returns the errors of the refused ones, one per photo."""
    discard_expired_staging()
    errors = []
    room = MAX_PHOTOS - StagedPhoto.objects.filter(staging_key=staging_key).count()
    for upload in uploads:
        if room <= 0:
            errors.append(too_many_photos())
            break
        try:
            photo = scrub(upload)
        except ValidationError as error:
            errors.append(error)
            continue
        staged = StagedPhoto(
            staging_key=staging_key, width=photo.width, height=photo.height, intake_sha256=photo.sha256
        )
        staged.file.save("photo.jpg", photo.content, save=False)
        staged.save()
        room -= 1
    return errors


def unstage(*, staging_key, ids):
    """Remove the staged photos the family took back."""
    chosen = StagedPhoto.objects.filter(staging_key=staging_key, pk__in=ids)
    delete_files_on_commit([photo.file for photo in chosen])
    chosen.delete()


def discard_expired_staging():
    """Staged photos of forms that were never sent, once their form token can no longer be used."""
    expired = StagedPhoto.objects.filter(created_at__lt=timezone.now() - STAGING_LIFETIME)
    delete_files_on_commit([photo.file for photo in expired])
    expired.delete()


def attach_staged_photos(*, submission, staging_key):
    """Within the transaction that stores `submission`: its staged photos become its own (same files)."""
    staged = staged_photos(staging_key)
    SubmissionPhoto.objects.bulk_create(
        SubmissionPhoto(
            submission=submission,
            file=photo.file.name,
            width=photo.width,
            height=photo.height,
            intake_sha256=photo.intake_sha256,
            position=position,
        )
        for position, photo in enumerate(staged)
    )
    StagedPhoto.objects.filter(pk__in=[photo.pk for photo in staged]).delete()


def make_preview(photo):
    with photo.file.open("rb") as stored, Image.open(stored) as picture:
        picture.load()
        small = picture.convert("RGB")
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    photo.preview.save("preview.jpg", ContentFile(encode_jpeg(small)), save=False)


def prepare_photos(submission):
    """After the submission is stored: a preview for each of its photos. A photo that cannot be prepared is
    marked failed and the submission flagged; the submission and its other photos stay. True when all are ready."""
    all_ready = True
    for photo in submission.photos.filter(state=""):
        try:
            make_preview(photo)
        except Exception:
            # The stored name is random; nothing here identifies the family.
            logger.exception("Could not prepare submitted photo %s", photo.pk)
            if photo.preview:
                delete_file(photo.preview.storage, photo.preview.name)
            SubmissionPhoto.objects.filter(pk=photo.pk).update(state=SubmissionPhoto.State.FAILED, preview="")
            all_ready = False
            continue
        photo.state = SubmissionPhoto.State.READY
        photo.save(update_fields=["preview", "state"])
    if not all_ready:
        Submission.objects.filter(pk=submission.pk).update(processing_failed=True, updated_at=timezone.now())
        submission.processing_failed = True
    return all_ready


def accepted_photo_rows(staging_key):
    """What a form shows of its staged photos: a number and a size, never the upload's file name."""
    return [
        {"id": photo.pk, "number": number, "width": photo.width, "height": photo.height}
        for number, photo in enumerate(staged_photos(staging_key), start=1)
    ]
