"""Photos that cannot betray anyone (P3): what is stored, what the public can fetch, what is refused."""

import io
import struct
import zlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.utils import translation

from wagtail.images import get_image_model

import pillow_heif
import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw, PngImagePlugin

from memorial.archive.names import is_arabic
from memorial.privacy import photos
from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_policy
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db

CANARY = "CANARY-METADATA-Saraqib-35.83N"
GPS_IFD = 0x8825


def picture(size=(320, 240)):
    """A picture with detail: stripes, a circle and text, so that blur is measurable."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 8):
        draw.line([(x, 0), (x, size[1])], fill=(x % 255, 40, 120), width=3)
    draw.ellipse([60, 40, 200, 180], outline="black", width=6)
    draw.text((20, 200), "sample face 1234567890", fill="black")
    return image


def exif_with_gps():
    exif = Image.Exif()
    exif[0x010E] = CANARY  # ImageDescription
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (35.0, 50.0, 0.0), 3: "E", 4: (36.0, 38.0, 0.0)})
    return exif


def jpeg_with_everything():
    buffer = io.BytesIO()
    picture().save(
        buffer,
        "JPEG",
        exif=exif_with_gps(),
        icc_profile=b"ICC-" + CANARY.encode(),
        comment=CANARY.encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{CANARY}</x:xmpmeta>'.encode(),
    )
    return buffer.getvalue()


def png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", CANARY)
    info.add_itxt("Location", CANARY)
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def heic_with_location():
    buffer = io.BytesIO()
    pillow_heif.from_pillow(picture()).save(buffer, format="HEIF", exif=exif_with_gps().tobytes())
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims a huge size: decoding it naively would exhaust memory."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def gif_with_frames(count):
    frames = [
        Image.new("RGB", (4, 4), ((index * 7) % 256, (index * 13) % 256, (index * 29) % 256)) for index in range(count)
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=10)
    return buffer.getvalue()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data)


def assert_clean(data, formats=("JPEG",)):
    """No metadata of any kind in a JPEG (or a WebP size) the public or the archive holds."""
    assert CANARY.encode() not in data
    assert b"Exif" not in data[:4096] and b"EXIF" not in data
    assert b"ICC_PROFILE" not in data and b"ICCP" not in data
    assert b"http://ns.adobe.com/xap" not in data and b"xmpmeta" not in data and b"XMP " not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format in formats
        assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & set(image.info)
        assert not image.getexif()


@pytest.mark.parametrize(
    "data",
    [jpeg_with_everything(), png_with_text(), heic_with_location()],
    ids=["jpeg-gps-xmp-comment-icc", "png-text-chunks", "heic-location"],
)
def test_uploads_are_rebuilt_without_any_metadata(data):
    scrubbed = photos.scrub(upload(data))
    assert_clean(scrubbed.content.read())
    assert len(scrubbed.sha256) == 64


def test_exif_orientation_is_applied_before_it_is_dropped():
    scrubbed = photos.scrub(upload(jpeg_with_everything()))
    # 320×240 rotated a quarter turn.
    assert (scrubbed.width, scrubbed.height) == (240, 320)


def test_the_fingerprint_is_of_the_file_as_received():
    import hashlib

    data = png_with_text()
    assert photos.scrub(upload(data, "x.png")).sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "name", "code", "message"),
    [
        (png_claiming(20_000, 20_000), "huge.png", "too_many_pixels", "too many pixels"),
        (gif_with_frames(2000), "frames.gif", "too_many_frames", "many frames"),
        (jpeg_with_everything()[:2000], "cut.jpg", "unreadable", "damaged or incomplete"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            "not_an_image",
            "not a photo",
        ),
        (b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF", "report.jpg", "not_an_image", "not a photo"),
        (b"", "empty.jpg", "empty", "empty"),
        (b"\xff\xd8\xff" + b"\x00" * (photos.MAX_UPLOAD_BYTES + 10), "big.jpg", "too_large", "larger than"),
    ],
    ids=[
        "400-megapixel-header",
        "thousands-of-frames",
        "truncated-jpeg",
        "svg-with-script",
        "pdf-renamed",
        "empty",
        "too-large",
    ],
)
def test_what_is_refused_is_refused_with_a_clear_message(data, name, code, message):
    with pytest.raises(ValidationError) as error:
        photos.scrub(upload(data, name))
    assert error.value.code == code
    with translation.override("en"):
        assert message in error.value.messages[0]
    with translation.override("ar"):
        assert is_arabic(error.value.messages[0])


def admin_upload(admin_client, data, name):
    return admin_client.post(
        "/admin/images/add/",
        {"title": "Sample photo", "file": upload(data, name), "collection": 1, "tags": ""},
    )


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (jpeg_with_everything, "../../etc/سلمى الحسن.jpg"),
        (jpeg_with_everything, "Salma al-Hassan at home.jpg"),
        (png_with_text, "Salma.png"),
        (heic_with_location, "IMG_0001 Salma.heic"),
    ],
)
def test_admin_uploads_are_scrubbed_and_stored_under_random_names(admin_client, media, make, name):
    response = admin_upload(admin_client, make(), name)
    assert response.status_code == 302, response.content[:500]
    image = get_image_model().objects.get()
    assert image.file.name.startswith("originals/") and ".." not in image.file.name
    assert "Salma" not in image.file.name and "سلمى" not in image.file.name
    stored = (media / "private" / image.file.name).read_bytes()
    assert_clean(stored)
    assert len(image.intake_sha256) == 64
    assert not list((media / "public").rglob("*.*"))


def test_admin_upload_of_a_pdf_is_refused_with_a_message(admin_client, media):
    response = admin_upload(admin_client, b"%PDF-1.7\n%%EOF", "report.jpg")
    assert response.status_code == 200
    assert get_image_model().objects.count() == 0


def difference_hash(data, size=32):
    """A perceptual hash that keeps detail: one bit per horizontal gradient at size×size."""
    with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as image:
        grey = image.convert("L").resize((size + 1, size))
        pixels = list(grey.tobytes())
    return [
        pixels[row * (size + 1) + col] > pixels[row * (size + 1) + col + 1]
        for row in range(size)
        for col in range(size)
    ]


def distance(first, second):
    return sum(a != b for a, b in zip(first, second, strict=True))


@pytest.fixture
def photographed(media):
    scrubbed = photos.scrub(upload(jpeg_with_everything()))
    image = get_image_model().objects.create(title="Salma al-Hassan", file=scrubbed.content)
    victims = [VictimFactory(photo=image, photo_policy="show", name_policy="full") for _ in range(1)]
    victims_published(victims)
    victims[0].refresh_from_db()
    return image, victims[0]


def close_file_response(response):
    """Close a streamed file without signalling the end of a request, which would close the test's
    database connection (Django's test client does the same around its own requests)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def public_files(media):
    return [path for path in (media / "public").rglob("*") if path.is_file()]


def test_a_blurred_photo_has_nothing_sharp_anywhere_public(client, admin_client, media, photographed, admin_user):
    image, victim = photographed
    with image.open_file() as stored:
        original = difference_hash(stored)
    # The admin looks at it: Wagtail makes its sharp renditions.
    for spec in ("max-165x165", "max-800x600", "original", "fill-300x300", "width-2000"):
        image.get_rendition(spec)
    client.get(f"/en/victims/{victim.public_id}/")
    change_policy(victim=victim, proposed={"photo_policy": "blurred"}, reason="Family asked", user=admin_user)
    page = client.get(f"/en/victims/{victim.public_id}/").content.decode()

    # The blurred version and its sizes (a WebP at its width), each on the page; nothing of the sharp ones is left.
    files = public_files(media)
    assert len(files) == 1 + image.public_versions.get().sizes.count() >= 2
    for path in files:
        assert f"/media/{path.relative_to(media / 'public')}" in page
        assert distance(original, difference_hash(path.read_bytes())) > 300
        assert_clean(path.read_bytes(), formats=("JPEG", "WEBP"))
    # Nothing public is named after the stored image or any of its renditions.
    stem = Path(image.file.name).stem
    assert not [path for path in files if stem in path.name]
    for rendition in image.renditions.all():
        assert not (media / "public" / rendition.file.name).exists()
        assert client.get(rendition.url).status_code == 404
        served = admin_client.get(rendition.url)
        assert served.status_code == 200
        close_file_response(served)
    assert client.get(f"/media/{image.file.name}").status_code == 404


def test_the_sharp_public_file_is_a_bounded_clean_copy(client, media, photographed):
    image, victim = photographed
    client.get(f"/en/victims/{victim.public_id}/")
    (path,) = [path for path in public_files(media) if path.suffix == ".jpg"]
    with image.open_file() as stored:
        original = difference_hash(stored)
    assert distance(original, difference_hash(path.read_bytes())) < 120
    assert_clean(path.read_bytes())


def test_tightening_the_photo_policy_removes_the_sharp_file_at_once(client, media, photographed, admin_user):
    image, victim = photographed
    client.get(f"/en/victims/{victim.public_id}/")
    sharp = public_files(media)
    assert len(sharp) >= 2  # the sharp version and its sizes
    change_policy(victim=victim, proposed={"photo_policy": "none"}, reason="Family asked", user=admin_user)
    assert not [path for path in sharp if path.exists()]
    assert public_files(media) == []
    assert "remembrance.svg" in client.get(f"/en/victims/{victim.public_id}/").content.decode()


def test_graphic_photos_are_behind_a_warning(client, media, photographed):
    image, victim = photographed
    get_image_model().objects.filter(pk=image.pk).update(is_graphic=True)
    page = client.get(f"/en/victims/{victim.public_id}/").content.decode()
    assert "<details" in page and "may be distressing" in page
    assert "Salma" not in page.split("<details", 1)[1].split("</details>", 1)[0]


def test_a_graphic_photo_is_not_downloaded_until_the_warning_is_opened(client, media, photographed):
    image, victim = photographed
    get_image_model().objects.filter(pk=image.pk).update(is_graphic=True)
    html = client.get(f"/en/victims/{victim.public_id}/").content.decode()
    warning = BeautifulSoup(html, "html.parser").select_one("details.victim__photo--graphic")
    assert not warning.has_attr("open")
    # A lazy image inside a closed <details> is not rendered, so the browser does not fetch it.
    assert [img.get("loading") for img in warning.select("img")] == ["lazy"]
    # Nothing else on the page (a preload, a share image) points at the file.
    assert html.count(warning.img["src"]) == 1


def test_withdrawal_deletes_every_file_once_committed(client, media, photographed, django_capture_on_commit_callbacks):
    image, victim = photographed
    client.get(f"/en/victims/{victim.public_id}/")
    image.get_rendition("max-165x165")
    stored = sorted(path for path in media.rglob("*") if path.is_file())
    assert stored
    with django_capture_on_commit_callbacks(execute=True):
        photos.delete_photo(image)
        # Until the transaction commits, a rollback must find every file where it was.
        assert sorted(path for path in media.rglob("*") if path.is_file()) == stored
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_a_preview_puts_no_file_in_public_media(rf, admin_user, media):
    scrubbed = photos.scrub(upload(jpeg_with_everything()))
    image = get_image_model().objects.create(title="photo", file=scrubbed.content)
    draft = VictimFactory(photo=image, photo_policy="show", name_policy="full", live=False)
    request = rf.get("/admin/snippets/archive/victim/preview/")
    request.user = admin_user

    # What the admin's preview panel renders for the record.
    page = draft.make_preview_request(request).content.decode()

    assert 'src="data:image/jpeg;base64,' in page
    assert public_files(media) == []
