"""Responsive sizes of public photos (issue 17): WebP and JPEG at several widths, each made from the public copy
(never the original), with no metadata, offered through one `<picture>`, and gone with the copy they came from."""

import io

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from memorial.privacy import photos
from memorial.privacy.models import PublicPhotoSize
from memorial.privacy.publication import victims_published
from memorial.submissions.models import PublishedTribute, Submission, TributePhoto, TributePhotoSize
from memorial.submissions.tributes import unpublish_tribute
from tests.factories import VictimFactory
from tests.privacy.test_photos import CANARY, assert_clean, exif_with_gps, picture, upload
from tests.submissions.moderation_support import make_submission

pytestmark = pytest.mark.django_db


def large_jpeg_with_gps():
    """A 1600×1200 camera photo carrying GPS, a description, an ICC profile, a comment and XMP."""
    buffer = io.BytesIO()
    picture((1600, 1200)).save(
        buffer,
        "JPEG",
        exif=exif_with_gps(),
        icc_profile=b"ICC-" + CANARY.encode(),
        comment=CANARY.encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{CANARY}</x:xmpmeta>'.encode(),
    )
    return buffer.getvalue()


@pytest.fixture
def shown(media, client):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(large_jpeg_with_gps())).content)
    victim = VictimFactory(photo=image, photo_policy="show", name_policy="full")
    victims_published([victim])
    victim.refresh_from_db()
    page = client.get(f"/en/victims/{victim.public_id}/")
    assert page.status_code == 200
    return image, victim, page.content.decode()


def test_every_size_of_a_gps_tagged_photo_is_clean_and_as_large_as_its_row_says(shown, media):
    image, _, _ = shown
    version = image.public_versions.get(mode="show")
    # Turned upright (the EXIF orientation), bounded to 900 px: 675×900. No size is wider than the public copy.
    assert (version.width, version.height) == (675, 900)
    sizes = list(version.sizes.all())
    assert {(size.format, size.width) for size in sizes} == {
        ("jpeg", 320),
        ("webp", 320),
        ("jpeg", 640),
        ("webp", 640),
        ("webp", 675),
    }
    for size in sizes:
        data = (media / "public" / size.file.name).read_bytes()
        assert_clean(data, formats=("JPEG", "WEBP"))
        with Image.open(io.BytesIO(data)) as made:
            assert made.format == {"jpeg": "JPEG", "webp": "WEBP"}[size.format]
            assert made.size == (size.width, size.height)
        assert size.height == round(900 * size.width / 675)
        # Stored beside the public copy under a name of its own, nothing from the original's.
        assert size.file.name.startswith("photos/")
        assert image.file.name.rsplit("/", 1)[-1].split(".")[0] not in size.file.name


def test_the_page_offers_webp_where_accepted_and_jpeg_otherwise_with_width_and_height(shown):
    image, _, html = shown
    version = image.public_versions.get(mode="show")
    picture_element = BeautifulSoup(html, "html.parser").select_one("picture")
    source = picture_element.select_one('source[type="image/webp"]')
    img = picture_element.select_one("img")
    webp = {size.width: size.file.url for size in version.sizes.filter(format="webp")}
    jpeg = {size.width: size.file.url for size in version.sizes.filter(format="jpeg")}
    assert source["srcset"] == ", ".join(f"{webp[width]} {width}w" for width in sorted(webp))
    assert img["srcset"] == f"{jpeg[320]} 320w, {jpeg[640]} 640w, {version.file.url} 675w"
    assert img["src"] == version.file.url
    assert source["sizes"] == img["sizes"]
    assert (img["width"], img["height"]) == ("675", "900")
    assert img["alt"] == "Photo of the person remembered here"
    # The photo at the top of the page is not lazy: it is what the visitor came to see.
    assert not img.has_attr("loading")


def test_a_320_webp_weighs_a_fraction_of_the_full_jpeg(shown, media):
    image, _, _ = shown
    version = image.public_versions.get(mode="show")
    small = version.sizes.get(format="webp", width=320)
    full = (media / "public" / version.file.name).stat().st_size
    assert (media / "public" / small.file.name).stat().st_size * 3 < full


def test_sizes_are_made_from_the_public_copy_without_the_original(shown, media):
    image, _, _ = shown
    version = image.public_versions.get(mode="show")
    for size in version.sizes.all():
        size.delete()
    # With the original gone from storage, only the public copy can be read.
    image.file.storage.delete(image.file.name)
    out = io.StringIO()
    call_command("make_photo_sizes", stdout=out)
    assert "Made the sizes of 1 public photo(s)." in out.getvalue()
    assert version.sizes.count() == 5


def tribute_photo(victim):
    """An approved tribute's public copy of a GPS-tagged photo, made as an approval makes it."""
    submission = make_submission(victim=victim)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.APPROVED)
    tribute = PublishedTribute.objects.create(
        submission=submission,
        victim=victim,
        text="x",
        author_display=Submission.AuthorDisplay.ANONYMOUS,
    )
    scrubbed = photos.scrub(upload(large_jpeg_with_gps()))
    with Image.open(scrubbed.content) as stored:
        data = photos.sharp_version(stored)
    width, height = photos.size_of(data)
    return TributePhoto.objects.create(tribute=tribute, file=ContentFile(data, "t.jpg"), width=width, height=height)


def test_make_photo_sizes_sizes_what_was_published_before_and_only_that(media):
    victim = VictimFactory()
    photo = tribute_photo(victim)
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(large_jpeg_with_gps())).content)
    version = photos.public_version(image, "blurred")
    PublicPhotoSize.objects.filter(version=version).delete()
    out = io.StringIO()
    call_command("make_photo_sizes", "--dry-run", stdout=out)
    assert "2 public photo(s) without sizes." in out.getvalue()
    assert not TributePhotoSize.objects.exists()

    call_command("make_photo_sizes", stdout=io.StringIO())

    assert {(size.format, size.width) for size in photo.sizes.all()} == {
        ("jpeg", 320),
        ("webp", 320),
        ("jpeg", 640),
        ("webp", 640),
        ("webp", 675),
    }
    # The blurred version is 240×320: one WebP at its own width.
    assert [(size.format, size.width) for size in version.sizes.all()] == [("webp", 240)]
    for size in [*photo.sizes.all(), *version.sizes.all()]:
        assert_clean((media / "public" / size.file.name).read_bytes(), formats=("WEBP", "JPEG"))
    out = io.StringIO()
    call_command("make_photo_sizes", stdout=out)
    assert "Made the sizes of 0 public photo(s)." in out.getvalue()


def test_a_tribute_shows_its_photo_through_the_picture_include(client, media):
    victim = VictimFactory(name_policy="full")
    victims_published([victim])
    victim.refresh_from_db()
    photo = tribute_photo(victim)
    photos.make_tribute_photo_sizes(photo)
    html = client.get(f"/en/victims/{victim.public_id}/").content.decode()
    img = BeautifulSoup(html, "html.parser").select_one(".tribute__photos picture img")
    assert img["alt"] == "Photo shared by the family"
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == (str(photo.width), str(photo.height))
    for size in photo.sizes.all():
        assert size.file.url in html


def public_names(media):
    return {path.relative_to(media / "public").as_posix() for path in (media / "public").rglob("*") if path.is_file()}


def test_no_size_survives_its_photo(shown, media, django_capture_on_commit_callbacks):
    image, victim, _ = shown
    photo = tribute_photo(victim)
    photos.make_tribute_photo_sizes(photo)
    sizes = {size.file.name for size in PublicPhotoSize.objects.all()} | {
        size.file.name for size in TributePhotoSize.objects.all()
    }
    assert len(sizes) == 10 and sizes <= public_names(media)

    with django_capture_on_commit_callbacks(execute=True):
        photos.delete_photo(image)
        unpublish_tribute(photo.tribute.submission)

    assert not PublicPhotoSize.objects.exists() and not TributePhotoSize.objects.exists()
    assert public_names(media) == set()


def test_a_replaced_file_takes_its_sizes_with_its_versions(shown, media):
    image, _, _ = shown
    names = {size.file.name for size in PublicPhotoSize.objects.all()}
    assert names
    photos.discard_public_versions(image)
    # At once, not on commit: the sharp sizes must not stay reachable meanwhile.
    assert not names & public_names(media)
    assert not PublicPhotoSize.objects.exists()
