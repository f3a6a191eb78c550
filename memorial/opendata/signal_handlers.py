"""The open-data files follow every change to what the public sees (exports.py explains how)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from memorial.archive.models import Place, Source
from memorial.opendata.exports import mark_changed
from memorial.privacy.publication import public_surfaces_changed


@receiver(public_surfaces_changed)
def on_public_surfaces_changed(sender, **kwargs):
    mark_changed()


# Places and sources are edited without publishing; the files print their names.
@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
def on_place_or_source_changed(sender, raw=False, **kwargs):
    if not raw:
        mark_changed()
