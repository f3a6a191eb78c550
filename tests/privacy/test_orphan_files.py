"""`manage.py remove_orphan_files` removes photo files no row refers to, and nothing else."""

import io
import os
import pathlib
import time

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.images import get_image_model

import pytest

from memorial.privacy import photos
from memorial.submissions.models import (
    PublishedTribute,
    StagedPhoto,
    Submission,
    SubmissionPhoto,
    TributePhoto,
    TributePhotoSize,
)
from tests.factories import VictimFactory
from tests.privacy.test_photos import jpeg_with_everything, upload
from tests.submissions.moderation_support import make_submission

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60
LABELS = ("originals", "renditions", "public photos", "tribute photos", "submitted photos")
# Each label has one orphan, and the public files' folders one more: a size (a WebP) whose row is gone.
ORPHANS = {label: 2 if label in {"public photos", "tribute photos"} else 1 for label in LABELS}


def left_behind(path, *, age=TWO_HOURS):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"a file whose row is gone")
    return aged(path, age=age)


def aged(path, *, age=TWO_HOURS):
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def submission_files():
    """A published tribute's photo, a submitted photo and its preview, a staged photo: each with its row, and
    old enough that only a missing row would make it an orphan."""
    victim = VictimFactory()
    submission = make_submission(victim=victim)
    tribute = PublishedTribute.objects.create(
        submission=submission, victim=victim, text="x", author_display=Submission.AuthorDisplay.ANONYMOUS
    )
    public = TributePhoto.objects.create(tribute=tribute, file=ContentFile(b"jpeg", "t.jpg"), width=1, height=1)
    size = TributePhotoSize.objects.create(
        photo=public, format="webp", file=ContentFile(b"webp", "t.webp"), width=1, height=1
    )
    sent = SubmissionPhoto(submission=submission)
    sent.file.save("s.jpg", ContentFile(b"jpeg"), save=False)
    sent.preview.save("p.jpg", ContentFile(b"jpeg"), save=False)
    sent.save()
    staged = StagedPhoto.objects.create(
        staging_key="k", file=ContentFile(b"jpeg", "g.jpg"), width=1, height=1, intake_sha256="0"
    )
    return [
        left_behind(pathlib.Path(file.path)) for file in (public.file, size.file, sent.file, sent.preview, staged.file)
    ]


@pytest.fixture
def stored(media):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(jpeg_with_everything())).content)
    version = photos.public_version(image, "show")
    assert version.sizes.exists()
    kept = [
        media / "private" / image.file.name,
        media / "private" / "renditions" / image.get_rendition("max-165x165").file.name,
        media / "public" / version.file.name,
        # The version's sizes, old enough to be swept if their rows did not count.
        *(aged(media / "public" / size.file.name) for size in version.sizes.all()),
        *submission_files(),
    ]
    orphans = [
        left_behind(media / "private" / "originals" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0.jpg"),
        left_behind(media / "private" / "renditions" / "images" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0.max-165x165.jpg"),
        left_behind(media / "public" / "photos" / "00112233445566778899aabbccddeeff.jpg"),
        left_behind(media / "public" / "photos" / "00112233445566778899aabbccddee03.webp"),
        left_behind(media / "public" / "tribute-photos" / "00112233445566778899aabbccddee01.jpg"),
        left_behind(media / "public" / "tribute-photos" / "00112233445566778899aabbccddee04.webp"),
        left_behind(media / "private" / "submissions" / "00112233445566778899aabbccddee02.jpg"),
    ]
    # Written a moment ago: their rows may not be committed yet.
    recent = [
        left_behind(media / "public" / "photos" / "ffeeddccbbaa99887766554433221100.jpg", age=0),
        left_behind(media / "public" / "tribute-photos" / "ffeeddccbbaa998877665544332211aa.jpg", age=0),
        left_behind(media / "private" / "submissions" / "ffeeddccbbaa998877665544332211bb.jpg", age=0),
    ]
    return kept, orphans, recent


def test_a_dry_run_lists_counts_and_paths_and_deletes_nothing(stored, media):
    kept, orphans, recent = stored
    out = io.StringIO()

    call_command("remove_orphan_files", "--dry-run", stdout=out)

    assert all(path.exists() for path in [*kept, *orphans, *recent])
    output = out.getvalue()
    for label, count in ORPHANS.items():
        assert f"{label}: would delete {count} file(s)" in output
    for path in orphans:
        assert path.name in output
    for path in [*kept, *recent]:
        assert path.name not in output


def test_files_no_row_refers_to_are_removed_and_the_others_kept(stored):
    kept, orphans, recent = stored
    out = io.StringIO()

    call_command("remove_orphan_files", stdout=out)

    assert not any(path.exists() for path in orphans)
    assert all(path.exists() for path in [*kept, *recent])
    for label, count in ORPHANS.items():
        assert f"{label}: deleted {count} of {count} file(s)" in out.getvalue()
    out = io.StringIO()
    call_command("remove_orphan_files", stdout=out)
    assert out.getvalue().strip() == "No photo file without a row."
