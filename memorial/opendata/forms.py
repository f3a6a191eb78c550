"""The admin's import form: the file, its encoding, the photos zip, and the two choices of the command line."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from memorial.opendata.importing import FORMATS

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PHOTOS_BYTES = 2 * 1024 * 1024 * 1024
ENCODINGS = [
    ("utf-8", _("UTF-8, with or without a byte-order mark")),
    ("cp1256", _("Windows Arabic (cp1256), as Excel saves on Arabic Windows")),
    ("iso-8859-6", _("ISO-8859-6 (Arabic)")),
    # A codec's name, the same in every language.
    ("utf-16", "UTF-16"),
]


def _megabytes(size):
    return size // (1024 * 1024)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("List of victims"),
        help_text=_("A .csv or .json file with the columns described in docs/import.md."),
    )
    encoding = forms.ChoiceField(label=_("Text encoding"), choices=ENCODINGS, initial="utf-8")
    photos = forms.FileField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("A .zip of the photos named in the photo_file column. Each goes through the photo intake."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows are invalid"),
        required=False,
        help_text=_("Otherwise one invalid row stops the whole import."),
    )
    draft = forms.BooleanField(
        label=_("Create new records as unpublished drafts"),
        required=False,
        help_text=_("Changes to records that are already published still go live at once."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_format = PurePath(upload.name).suffix.lower().removeprefix(".")
        if file_format not in FORMATS:
            raise forms.ValidationError(_("Upload a .csv or a .json file."), code="format")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB: split it into smaller files and import each."),
                code="too_large",
                params={"limit": _megabytes(MAX_FILE_BYTES)},
            )
        self.cleaned_data["file_format"] = file_format
        return upload

    def clean_photos(self):
        photos = self.cleaned_data.get("photos")
        if photos is None:
            return None
        if PurePath(photos.name).suffix.lower() != ".zip":
            raise forms.ValidationError(_("The photos must come as one .zip file."), code="format")
        if photos.size > MAX_PHOTOS_BYTES:
            raise forms.ValidationError(
                _("The photos zip is larger than %(limit)d MB: split the list and its photos."),
                code="too_large",
                params={"limit": _megabytes(MAX_PHOTOS_BYTES)},
            )
        return photos
