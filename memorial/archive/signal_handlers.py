"""Wagtail's publish signals, identity edits and deletions keep ids, name keys, the guard and photos current,
whatever published or deleted the record: the admin, an import, a scheduled publish, a shell."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.signals import published, unpublished

from memorial.archive.models import Attack, AttackFigure, Place, Victim
from memorial.archive.selectors import forget_attack_map, forget_filter_choices
from memorial.privacy.photos import delete_photo
from memorial.privacy.publication import (
    protection_changed,
    refresh_public_surfaces,
    victims_published,
    victims_unpublished,
)
from memorial.privacy.services import photos_of


@receiver(published, sender=Victim)
def on_victim_published(sender, instance, **kwargs):
    victims_published([instance])


@receiver(unpublished, sender=Victim)
def on_victim_unpublished(sender, instance, **kwargs):
    victims_unpublished([instance])


@receiver(published, sender=Attack)
@receiver(unpublished, sender=Attack)
def on_attack_changed(sender, instance, **kwargs):
    # Its victims show the attack only while it is live, and the guard counts it only then: their index rows,
    # their coarsening and the statistics follow.
    protection_changed(instance.victims.values_list("pk", flat=True))


@receiver(post_save, sender=Attack)
@receiver(post_delete, sender=Attack)
@receiver(post_save, sender=AttackFigure)
@receiver(post_delete, sender=AttackFigure)
@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def on_attack_or_place_changed(sender, instance, **kwargs):
    # The filters offer the live attacks and the governorates by name, and the map draws the live attacks at their
    # places with their tolls (publishing or unpublishing saves the attack).
    forget_filter_choices()
    forget_attack_map()


@receiver(post_save, sender=Victim)
def on_victim_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A record saved whole (a draft created or edited in its form, a pseudonym typed) may carry a new label, and
    # the admin's search keys follow it. Saves of named fields are Wagtail's bookkeeping of revisions and
    # publication, which the publish signals follow.
    if not raw and update_fields is None:
        refresh_public_surfaces([instance.pk])


# Named, not imported: only the modules that seal, reveal, import or rotate import the sealed identity.
@receiver(post_save, sender="privacy.VictimIdentity")
def on_identity_saved(sender, instance, **kwargs):
    refresh_public_surfaces([instance.victim_id])


@receiver(pre_delete, sender=Victim)
def before_victim_deleted(sender, instance, **kwargs):
    # Read while the record's revisions, which name its earlier photos, still exist.
    instance._photos_to_delete = list(photos_of(instance))


@receiver(post_delete, sender=Victim)
def on_victim_deleted(sender, instance, **kwargs):
    """The same path as a withdrawal, whatever deleted the record (the admin refuses published ones): its photos
    go, files too, and if it was published the others of its group are guarded again and the counts purged."""
    for photo in getattr(instance, "_photos_to_delete", ()):
        delete_photo(photo)
    if instance.live:
        protection_changed()
