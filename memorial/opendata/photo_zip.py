"""The photos a partner sends beside a list, as one zip: each row's `photo_file` names a file in it.

Nothing is ever extracted to disk. A name is looked up as written, never joined to a folder, and a name that
climbs out of the archive ("..", a leading "/", a drive, a backslash) is refused before it is looked up. Each
file is read with a hard limit, so a zip that lies about sizes (a zip bomb) cannot make us read more than the
photo intake accepts; the intake (`memorial.privacy.photos.scrub`) then applies its own rules and messages.
"""

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from memorial.privacy.photos import MAX_UPLOAD_BYTES, scrub, too_large

MAX_ENTRIES = 200_000
# Photos hardly compress: a file unpacking to hundreds of times its packed size is a bomb, not a photo.
MAX_RATIO = 100


class UnreadableArchive(Exception):
    """The zip as a whole cannot be used."""


def _unsafe(name):
    path = PurePosixPath(name)
    return "\\" in name or path.is_absolute() or ".." in path.parts or ":" in (path.parts[0] if path.parts else "")


class PhotoArchive:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise UnreadableArchive(_("The photos file is not a zip archive that can be read.")) from error
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            self.zip.close()
            raise UnreadableArchive(_("The photos zip holds more than %(limit)d files.") % {"limit": MAX_ENTRIES})
        self.entries = {info.filename: info for info in infos if not info.is_dir()}

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def problems(self, name):
        """What is wrong with the photo a row names, as messages; [] when it passes the photo intake.
        The name itself is never repeated: a file name can carry a person's name."""
        try:
            self.scrubbed(name)
        except ValidationError as error:
            # The column's name, then the intake's message: the same in every language.
            return [f"photo_file: {message}" for message in error.messages]
        return []

    def scrubbed(self, name):
        """The named photo through the intake (ScrubbedPhoto). Raises ValidationError."""
        if _unsafe(name):
            raise ValidationError(
                _("the name must be a file inside the zip, without '..', a leading '/' or a backslash"),
                code="unsafe_name",
            )
        info = self.entries.get(name)
        if info is None:
            raise ValidationError(_("no file of that name is in the photos zip"), code="missing")
        if info.flag_bits & 0x1:
            raise ValidationError(_("the file is encrypted in the zip"), code="encrypted")
        if info.file_size > MAX_UPLOAD_BYTES:
            raise too_large()
        if info.compress_size and info.file_size > MAX_RATIO * info.compress_size:
            raise ValidationError(
                _("the file unpacks to far more than it takes in the zip; it is refused as a possible zip bomb"),
                code="zip_bomb",
            )
        try:
            with self.zip.open(info) as packed:
                # One byte over the limit is enough to know: a size the zip understated stops here.
                data = packed.read(MAX_UPLOAD_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
            raise ValidationError(
                _("the file cannot be unpacked from the zip; it may be damaged"), code="unpack"
            ) from error
        if len(data) > MAX_UPLOAD_BYTES:
            raise too_large()
        return scrub(io.BytesIO(data))
