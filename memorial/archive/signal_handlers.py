"""Wagtail's publish signals and identity edits keep ids, name keys and the guard current,
whatever published the record: the admin, an import, a scheduled publish."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import published, unpublished

from memorial.archive.models import Attack, Victim
from memorial.archive.services import (
    protection_changed,
    refresh_public_surfaces,
    victims_published,
    victims_unpublished,
)
from memorial.privacy.models import VictimIdentity


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


@receiver(post_save, sender=VictimIdentity)
def on_identity_saved(sender, instance, **kwargs):
    refresh_public_surfaces([instance.victim_id])
