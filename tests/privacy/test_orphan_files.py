"""`manage.py remove_orphan_files` removes photo files no row refers to, and nothing else."""

import io
import os
import time

from django.core.management import call_command

from wagtail.images import get_image_model

import pytest

from memorial.privacy import photos
from tests.privacy.test_photos import jpeg_with_everything, upload

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60


def left_behind(path, *, age=TWO_HOURS):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"a file whose row is gone")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.fixture
def stored(media):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(jpeg_with_everything())).content)
    kept = [
        media / "private" / image.file.name,
        media / "private" / "renditions" / image.get_rendition("max-165x165").file.name,
        media / "public" / photos.public_version(image, "show").file.name,
    ]
    orphans = [
        left_behind(media / "private" / "originals" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0.jpg"),
        left_behind(media / "private" / "renditions" / "images" / "0f1e2d3c4b5a69788796a5b4c3d2e1f0.max-165x165.jpg"),
        left_behind(media / "public" / "photos" / "00112233445566778899aabbccddeeff.jpg"),
    ]
    # Written a moment ago: its row may not be committed yet.
    recent = left_behind(media / "public" / "photos" / "ffeeddccbbaa99887766554433221100.jpg", age=0)
    return kept, orphans, recent


def test_a_dry_run_lists_counts_and_paths_and_deletes_nothing(stored, media):
    kept, orphans, recent = stored
    out = io.StringIO()

    call_command("remove_orphan_files", "--dry-run", stdout=out)

    assert all(path.exists() for path in [*kept, *orphans, recent])
    output = out.getvalue()
    for label in ("originals", "renditions", "public photos"):
        assert f"{label}: would delete 1 file(s)" in output
    for path in orphans:
        assert path.name in output
    assert recent.name not in output


def test_files_no_row_refers_to_are_removed_and_the_others_kept(stored):
    kept, orphans, recent = stored
    out = io.StringIO()

    call_command("remove_orphan_files", stdout=out)

    assert not any(path.exists() for path in orphans)
    assert all(path.exists() for path in kept)
    assert recent.exists()
    assert "public photos: deleted 1 of 1 file(s)" in out.getvalue()
    out = io.StringIO()
    call_command("remove_orphan_files", stdout=out)
    assert out.getvalue().strip() == "No photo file without a row."
