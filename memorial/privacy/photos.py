"""Photos that cannot betray anyone (P3).

Every upload is size-checked before decoding, decoded within our own pixel and frame limits, turned
upright, rebuilt from its pixels alone and re-encoded as JPEG, so nothing of the original file (EXIF, GPS,
XMP, IPTC, ICC, comments, text chunks) survives. The raw upload is never stored.

What the public sees of a photo are separate files with their own random names ("public versions"): a
bounded sharp copy when the policy is "show", an irreversible blur when it is "blurred". Nothing public
is named after, or derived by URL from, the stored image, so no sharp version can be asked for by URL.

Each public file (a record's public version, a tribute's public copy) has responsive sizes, WebP and JPEG, made
from that public file alone: from pixels already stripped and bounded, never from the original, so a size can
hold no more than the file it was made from, and goes with it.
"""

import hashlib
import io
import logging
import posixpath
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

import pillow_heif
from PIL import Image, ImageFilter, ImageOps

from memorial.archive.models import Victim
from memorial.privacy.models import ORIGINALS_FOLDER, PhotoSize, PublicPhotoSize, PublicPhotoVersion
from memorial.submissions.models import PHOTOS_FOLDER as SUBMITTED_PHOTOS_FOLDER
from memorial.submissions.models import (
    TRIBUTE_PHOTOS_FOLDER,
    StagedPhoto,
    SubmissionPhoto,
    TributePhoto,
    TributePhotoSize,
)

pillow_heif.register_heif_opener()

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_FRAMES = 50
MAX_STORED_SIDE = 2400
PUBLIC_SIDE = 900
BLUR_SOURCE_SIDE = 24
BLURRED_SIDE = 320
JPEG_QUALITY = 86
# The widths of a public file's responsive sizes (those narrower than the file; the file's own width is always
# one), and how hard WebP compresses them.
SIZE_WIDTHS = (320, 640, 1024)
WEBP_QUALITY = 80

# The folders photo files are written to, each in its own storage.
RENDITIONS_FOLDER = "images"  # Wagtail's AbstractRendition.get_upload_to
PUBLIC_FOLDER = "photos"
# A file younger than this may belong to a row not yet committed.
ORPHAN_GRACE = timedelta(hours=1)

# Magic numbers of the raster formats we accept; anything else (SVG, PDF, HTML…) is refused unread.
SIGNATURES = {
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


@dataclass(frozen=True)
class ScrubbedPhoto:
    content: ContentFile
    sha256: str
    width: int
    height: int


def sniff(head):
    for signature, name in SIGNATURES.items():
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "HEIF"
    return None


def read_bounded(upload):
    """The upload's bytes, refusing anything larger than the limit before reading it all."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise too_large()
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


# Messages keep their parameters apart so they are translated when shown, in the reader's language.
def too_large():
    return ValidationError(
        _("The photo is larger than %(limit)s MB. Please send a smaller copy."),
        code="too_large",
        params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


def too_many_pixels():
    return ValidationError(
        _("The photo has too many pixels (at most %(limit)s million)."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )


def scrub(upload):
    """Check, decode and rebuild an uploaded photo. Raises ValidationError with a message for the family."""
    data = read_bounded(upload)
    if sniff(data[:16]) is None:
        raise ValidationError(
            _("This file is not a photo we can accept. Please send a JPEG, PNG, WebP or HEIC image."),
            code="not_an_image",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            # The header alone says how large the picture would be once decoded.
            if image.width * image.height > MAX_PIXELS:
                raise too_many_pixels()
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_FRAMES:
                raise ValidationError(
                    _("Animated images with many frames are not accepted; please send a single photo."),
                    code="too_many_frames",
                )
            image.seek(0)
            image.load()
            upright = ImageOps.exif_transpose(image)
            pixels = upright.convert("RGBA") if upright.mode in {"P", "LA", "PA"} else upright
            if pixels.mode == "RGBA":
                background = Image.new("RGB", pixels.size, "white")
                background.paste(pixels, mask=pixels.getchannel("A"))
                pixels = background
            pixels = pixels.convert("RGB")
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow's own bomb check can fire first, while reading the header.
        raise too_many_pixels() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The photo could not be read; it may be damaged or incomplete. Please send it again."),
            code="unreadable",
        ) from error

    # A new image from the pixels alone: no info dictionary, no metadata, nothing from the original file.
    clean = Image.frombytes("RGB", pixels.size, pixels.tobytes())
    clean.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE))
    return ScrubbedPhoto(
        content=ContentFile(encode_jpeg(clean), name="photo.jpg"),
        sha256=hashlib.sha256(data).hexdigest(),
        width=clean.width,
        height=clean.height,
    )


def encode_jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=b"", icc_profile=None)
    return buffer.getvalue()


def sharp_version(image):
    """A bounded sharp copy for the "show" policy."""
    copy = Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())
    copy.thumbnail((PUBLIC_SIDE, PUBLIC_SIDE))
    return encode_jpeg(copy)


def blurred_version(image):
    """Irreversible: a few dozen pixels, blurred, with noise, then enlarged. Detail that is gone is gone."""
    tiny = image.convert("RGB")
    tiny.thumbnail((BLUR_SOURCE_SIDE, BLUR_SOURCE_SIDE))
    tiny = tiny.filter(ImageFilter.GaussianBlur(1.2))
    # Seeded from the system so the noise cannot be replayed to undo it.
    noise_source = random.Random(secrets.randbits(64))  # noqa: S311 - noise, not a secret
    noisy = Image.frombytes(
        "RGB",
        tiny.size,
        bytes(max(0, min(255, value + noise_source.randint(-18, 18))) for value in tiny.tobytes()),
    )
    scale = BLURRED_SIDE / max(noisy.size)
    large = noisy.resize((max(1, round(noisy.width * scale)), max(1, round(noisy.height * scale))), Image.BILINEAR)
    return encode_jpeg(large.filter(ImageFilter.GaussianBlur(6)))


def size_of(data):
    with Image.open(io.BytesIO(data)) as made:
        return made.size


def public_bytes(image, mode):
    """The bytes the public would get for `image` under `mode`, made from the original, stored nowhere."""
    with image.open_file() as stored, Image.open(stored) as picture:
        return sharp_version(picture) if mode == "show" else blurred_version(picture)


def public_version(image, mode):
    """The public file for `image` under `mode` ("show" or "blurred"), made on first use."""
    version = PublicPhotoVersion.objects.filter(image=image, mode=mode).first()
    if version is not None:
        return version
    data = public_bytes(image, mode)
    width, height = size_of(data)
    version = PublicPhotoVersion(image=image, mode=mode, width=width, height=height)
    version.file.save(f"{PUBLIC_FOLDER}/{secrets.token_hex(16)}.jpg", ContentFile(data), save=False)
    version.save()
    make_version_sizes(version)
    return version


@dataclass(frozen=True)
class SizeBytes:
    format: str
    width: int
    height: int
    data: bytes


def encode_webp(image):
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=5)
    return buffer.getvalue()


def sizes_of(data):
    """The responsive sizes of a public file's bytes: WebP at every width of SIZE_WIDTHS narrower than the file
    and at its own width, JPEG at the narrower widths (the public file itself is the JPEG at its own width). The
    pixels are copied out of the decoded file into a new image, so not even a stray chunk of it is carried over."""
    with Image.open(io.BytesIO(data)) as public:
        public.load()
        pixels = Image.frombytes("RGB", public.size, public.convert("RGB").tobytes())
    sizes = []
    for width in [*(width for width in SIZE_WIDTHS if width < pixels.width), pixels.width]:
        height = max(1, round(pixels.height * width / pixels.width))
        resized = pixels if width == pixels.width else pixels.resize((width, height), Image.LANCZOS)
        sizes.append(SizeBytes(PhotoSize.Format.WEBP, width, height, encode_webp(resized)))
        if width != pixels.width:
            sizes.append(SizeBytes(PhotoSize.Format.JPEG, width, height, encode_jpeg(resized)))
    return sizes


SIZE_EXTENSIONS = {PhotoSize.Format.WEBP: "webp", PhotoSize.Format.JPEG: "jpg"}


def make_sizes(public_file, size_model, **owner):
    """Store the responsive sizes of `public_file` (a public version's or a tribute photo's file) as rows of
    `size_model` for `owner`, beside the file under random names. Made from the public file's own bytes."""
    with public_file.open("rb") as stored:
        data = stored.read()
    folder = posixpath.dirname(public_file.name)
    for size in sizes_of(data):
        row = size_model(**owner, format=size.format, width=size.width, height=size.height)
        row.file.save(
            f"{folder}/{secrets.token_hex(16)}.{SIZE_EXTENSIONS[size.format]}", ContentFile(size.data), save=False
        )
        row.save()


def make_version_sizes(version):
    make_sizes(version.file, PublicPhotoSize, version=version)


def make_tribute_photo_sizes(photo):
    make_sizes(photo.file, TributePhotoSize, photo=photo)


def photos_without_sizes():
    """Public versions and tribute photos published before sizes were made (manage.py make_photo_sizes)."""
    return [
        *((version, make_version_sizes) for version in PublicPhotoVersion.objects.filter(sizes=None)),
        *((photo, make_tribute_photo_sizes) for photo in TributePhoto.objects.filter(sizes=None)),
    ]


def images_on_live_pages():
    image_type = ContentType.objects.get_for_model(get_image_model())
    live_pages = Page.objects.live().values_list("pk", flat=True)
    references = ReferenceIndex.objects.filter(
        to_content_type=image_type,
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in live_pages],
    )
    return {int(pk) for pk in references.values_list("to_object_id", flat=True)}


def victim_photo_ids():
    return set(Victim.objects.exclude(photo=None).values_list("photo_id", flat=True))


def prune_public_versions():
    """Delete every public photo file that no published record needs any more (P5): after a policy is
    tightened, a photo replaced or a record unpublished, the sharp file is gone before the next request."""
    versions = list(PublicPhotoVersion.objects.all())
    needed = set(
        Victim.objects.filter(live=True, photo_id__in={version.image_id for version in versions})
        .exclude(photo_policy="none")
        .values_list("photo_id", "photo_policy")
    )
    # An editorial page's image (never a victim's photo: its block refuses those) is shown sharp while a live page
    # uses it, as Wagtail's reference index records.
    needed |= {(image_id, "show") for image_id in images_on_live_pages() - victim_photo_ids()}
    for version in versions:
        if (version.image_id, version.mode) not in needed:
            delete_version(version)


def discard_public_versions(image):
    """`image` has a new file: every public version was made from the old one, so all go at once. The next
    request that shows the photo makes its version again from the new file (public_version)."""
    for version in image.public_versions.all():
        delete_version(version)


def delete_version(version):
    """A public version and its sizes, files and rows. The files go at once, not on commit: a tightened policy must
    not leave a sharp file reachable meanwhile."""
    for stored in [*(size.file for size in version.sizes.all()), version.file]:
        delete_file(stored.storage, stored.name)
    version.delete()


def delete_file(storage, name):
    """Delete one stored file; a failure is logged and never stops the caller from deleting the next one.
    True when the file is gone."""
    try:
        storage.delete(name)
    except Exception:
        # Stored names are random, never the upload's: the log holds no personal data.
        logger.exception("Could not delete the photo file %s; remove_orphan_files will remove it.", name)
        return False
    return True


def delete_files_on_commit(files):
    """Delete `files` once the transaction commits, so a rollback never leaves a row without its file."""
    stored = [(file.storage, file.name) for file in files if file]

    def delete_each():
        for storage, name in stored:
            delete_file(storage, name)

    transaction.on_commit(delete_each, robust=True)


def delete_photo(image):
    """Remove a photo entirely: public files, renditions and the stored original (a family's withdrawal).
    The rows go now, the files once the transaction commits: the public versions' through privacy's
    post_delete handler, the others through a hook registered before the rows go, so it runs ahead of
    Wagtail's own delete hooks and does not depend on them."""
    delete_files_on_commit([*(rendition.file for rendition in image.renditions.all()), image.file])
    image.delete()


SIZE_MODELS = {PublicPhotoVersion: (PublicPhotoSize,), TributePhoto: (TributePhotoSize,)}


def photo_stores():
    """(label, storage, folder, names the rows refer to) for every storage that keeps photo files: the archive's
    own, and those of families' submissions (the photos sent, private, and the public copies of tributes)."""
    for label, model, folder in (
        ("originals", get_image_model(), ORIGINALS_FOLDER),
        ("renditions", get_image_model().get_rendition_model(), RENDITIONS_FOLDER),
        ("public photos", PublicPhotoVersion, PUBLIC_FOLDER),
        ("tribute photos", TributePhoto, TRIBUTE_PHOTOS_FOLDER),
    ):
        storage = model._meta.get_field("file").storage
        referenced = set(model.objects.values_list("file", flat=True))
        # A public file's sizes are stored beside it (make_sizes).
        for size_model in SIZE_MODELS.get(model, ()):
            referenced |= set(size_model.objects.values_list("file", flat=True))
        yield label, storage, folder, referenced
    # A photo a family sent is staged, then attached with a preview, all in one folder of the private storage.
    submitted = {
        *SubmissionPhoto.objects.values_list("file", flat=True),
        *SubmissionPhoto.objects.values_list("preview", flat=True),
        *StagedPhoto.objects.values_list("file", flat=True),
    }
    yield "submitted photos", SubmissionPhoto._meta.get_field("file").storage, SUBMITTED_PHOTOS_FOLDER, submitted


def stored_names(storage, folder):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}")


def orphan_files():
    """(label, storage, name) of every photo file no row refers to, left by a deletion that failed. Files
    younger than ORPHAN_GRACE are left alone: their row may not be committed yet."""
    cutoff = timezone.now() - ORPHAN_GRACE
    for label, storage, folder, referenced in photo_stores():
        for name in stored_names(storage, folder):
            if name not in referenced and storage.get_modified_time(name) < cutoff:
                yield label, storage, name
