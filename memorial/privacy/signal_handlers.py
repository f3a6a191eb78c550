"""A public photo file goes with its row, however the row goes: Wagtail's image delete cascades to public
versions and their sizes without knowing about their files (Wagtail removes only the original's and its
renditions')."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from memorial.privacy.models import PublicPhotoSize, PublicPhotoVersion
from memorial.privacy.photos import delete_files_on_commit


@receiver(post_delete, sender=PublicPhotoVersion)
@receiver(post_delete, sender=PublicPhotoSize)
def on_public_version_deleted(sender, instance, **kwargs):
    delete_files_on_commit([instance.file])
