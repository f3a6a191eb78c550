"""The image model every photo goes through: random names, a graphic flag, private originals."""

import os
import uuid

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image, WagtailImageField, get_upload_to


def originals_storage():
    """Originals live in private storage; only renditions reach public media."""
    return storages["originals"]


class MemorialImage(AbstractImage):
    """A photo in the archive. Its stored name never comes from the upload's name."""

    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=originals_storage,
        width_field="width",
        height_field="height",
    )
    is_graphic = models.BooleanField(
        _("graphic"),
        default=False,
        help_text=_(
            "Tick when the photo shows injuries or death. Public pages hide it behind a warning "
            "that the visitor must choose to open."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "is_graphic")

    def get_upload_to(self, filename):
        # A family's file name can carry a person's name or a place: keep only the extension.
        extension = os.path.splitext(filename)[1].lower()
        return f"originals/{uuid.uuid4().hex}{extension}"

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class MemorialRendition(AbstractRendition):
    image = models.ForeignKey(MemorialImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
