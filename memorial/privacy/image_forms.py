"""Every photo uploaded through the Wagtail admin goes through the scrubber before it is stored, is titled
without its upload's name, and replaces a published photo's file only in a publisher's hands."""

import os

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

from memorial.privacy.photos import discard_public_versions, scrub
from memorial.privacy.services import photo_is_public

PUBLISH_PERMISSION = "archive.publish_victim"


def neutral_title():
    return gettext("Untitled photo")


class ScrubbedImageForm(BaseImageForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        # A family's file name can carry a person's name or a place: the title is never filled in from it.
        if "file" in self.fields:
            self.fields["file"].widget.attrs.pop("data-w-sync-target-value", None)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave it empty for a neutral title; never use the file's name.")

    class Meta(BaseImageForm.Meta):
        widgets = {**BaseImageForm.Meta.widgets, "file": forms.FileInput()}

    def upload_names(self):
        upload = self.files.get("file")
        if upload is None or not getattr(upload, "name", ""):
            return set()
        name = os.path.basename(upload.name).strip().casefold()
        return {name, os.path.splitext(name)[0]}

    def clean_title(self):
        # Wagtail's uploaders send the file's name (or its stem) as the title when nobody typed one.
        title = self.cleaned_data.get("title", "").strip()
        if not title or title.casefold() in self.upload_names():
            return neutral_title()
        return title

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # An edit that keeps the stored file has nothing new to scrub.
        if upload is None or upload is getattr(self.instance, "file", None) or not hasattr(upload, "read"):
            return upload
        if getattr(upload, "_committed", False):
            return upload
        # A new file for a published photo would reach the public without review. The review is publishing the
        # record, so only someone who may publish replaces the file; anyone else adds a new image to a draft.
        if self.instance.pk and photo_is_public(self.instance) and not self.user_may_publish():
            raise ValidationError(
                _(
                    "This photo is on a published record, so only someone who can publish records may replace "
                    "its file. Upload the new photo as a new image instead and choose it on the record as a "
                    "draft: a publisher will review it."
                ),
                code="published_photo",
            )
        scrubbed = scrub(upload)
        self.instance.intake_sha256 = scrubbed.sha256
        return scrubbed.content

    def user_may_publish(self):
        return self.user is not None and self.user.has_perm(PUBLISH_PERMISSION)

    def save(self, commit=True):
        replaced = self.instance.pk and "file" in self.changed_data
        image = super().save(commit=commit)
        if commit and replaced:
            discard_public_versions(image)
        return image
