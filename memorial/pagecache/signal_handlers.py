"""What purges the page cache: model signals, so that a change purges whatever process made it (the admin, an
import, `publish_scheduled` from cron, a task worker, a shell). Each change purges the surfaces it alters
(store.py): a record's own page and everything that lists or counts records, or the whole site for what every page
shows (places and sources, settings, the page tree). Candles and tributes, which change one record's or one page's
page only, are purged where they are written (memorial.remembrance.candles, memorial.submissions)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from memorial.accountability.models import Milestone
from memorial.archive.models import Attack, Place, Source, Victim
from memorial.pagecache import store
from memorial.privacy.models import PublicPhotoVersion
from memorial.privacy.publication import public_surfaces_changed
from memorial.submissions.models import PublishedTribute


def purge_victims(pks, *, listings=True):
    """The pages of the records `pks` (primary keys) and, with `listings`, everything that lists or counts records."""
    pks = list(pks)
    if len(pks) > store.MAX_SURFACES:
        store.purge_all()
        return
    public_ids = Victim.objects.filter(pk__in=pks).exclude(public_id=None).values_list("public_id", flat=True)
    store.purge({*([store.VICTIMS] if listings else []), *(store.victim(public_id) for public_id in public_ids)})


@receiver(public_surfaces_changed, dispatch_uid="pagecache-public-surfaces")
def on_public_surfaces_changed(sender, victims=(), **kwargs):
    # Every publish, unpublish, tightening, withdrawal, import and guard run of records ends here.
    purge_victims(victims)


@receiver(post_delete, sender=Victim, dispatch_uid="pagecache-victim-deleted")
def on_victim_deleted(sender, instance, **kwargs):
    if instance.public_id:
        store.purge({store.VICTIMS, store.victim(instance.public_id)})


@receiver(published, sender=Attack, dispatch_uid="pagecache-attack-published")
@receiver(unpublished, sender=Attack, dispatch_uid="pagecache-attack-unpublished")
@receiver(post_save, sender=Attack, dispatch_uid="pagecache-attack-saved")
@receiver(post_delete, sender=Attack, dispatch_uid="pagecache-attack-deleted")
def on_attack_changed(sender, instance, raw=False, **kwargs):
    # Its victims' pages follow from the refresh its publication starts (archive.signal_handlers).
    if not raw:
        store.purge({store.attack(instance.key), store.VICTIMS})


# What many pages print: a place's or source's name, the timeline's milestones, the page tree and its settings.
@receiver(published, sender=Milestone, dispatch_uid="pagecache-milestone-published")
@receiver(unpublished, sender=Milestone, dispatch_uid="pagecache-milestone-unpublished")
@receiver(post_delete, sender=Milestone, dispatch_uid="pagecache-milestone-deleted")
@receiver(post_save, sender=Place, dispatch_uid="pagecache-place-saved")
@receiver(post_delete, sender=Place, dispatch_uid="pagecache-place-deleted")
@receiver(post_save, sender=Source, dispatch_uid="pagecache-source-saved")
@receiver(post_delete, sender=Source, dispatch_uid="pagecache-source-deleted")
@receiver(post_save, sender=Site, dispatch_uid="pagecache-site-saved")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="pagecache-restriction-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="pagecache-restriction-deleted")
@receiver(page_published, dispatch_uid="pagecache-page-published")
@receiver(page_unpublished, dispatch_uid="pagecache-page-unpublished")
@receiver(post_page_move, dispatch_uid="pagecache-page-moved")
def on_site_changed(sender, raw=False, **kwargs):
    if not raw:
        store.purge_all()


@receiver(post_save, sender=PublishedTribute, dispatch_uid="pagecache-tribute-saved")
@receiver(post_delete, sender=PublishedTribute, dispatch_uid="pagecache-tribute-deleted")
def on_tribute_changed(sender, instance, raw=False, **kwargs):
    # A tribute shows on its record's page only.
    if not raw:
        purge_victims([instance.victim_id], listings=False)


@receiver(pre_delete, sender=PublicPhotoVersion, dispatch_uid="pagecache-photo-version-deleted")
def on_photo_version_deleted(sender, instance, **kwargs):
    # Before the delete, while the records still name the photo (a deleted image clears their field). A version no
    # record shows is an editorial page's image, which any Wagtail page may show: the site.
    pks = list(Victim.objects.filter(photo_id=instance.image_id).values_list("pk", flat=True))
    if pks:
        purge_victims(pks)
    else:
        store.purge_all()


def connect_models():
    """Every Wagtail page type's deletion and every site setting's save purge the site."""
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(on_site_changed, sender=model, dispatch_uid=f"pagecache-deleted-{model._meta.label}")
        if issubclass(model, BaseSiteSetting):
            post_save.connect(on_site_changed, sender=model, dispatch_uid=f"pagecache-setting-{model._meta.label}")


connect_models()
