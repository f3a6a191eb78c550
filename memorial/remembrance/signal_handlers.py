"""Purges of what shows remembrance pages, from the model signals: whatever publishes a page (the admin, a
shell, `publish_scheduled` run by cron in another process) sends Wagtail's `page_published`, and the shared
cache makes the purge reach every process."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from memorial.archive.models import Attack
from memorial.remembrance.campaigns import purge_campaigns
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage, RemembranceIndexPage

PAGE_MODELS = (RemembranceIndexPage, RemembranceDayPage, AttackAnniversaryPage)


def on_page_changed(sender, instance, **kwargs):
    purge_campaigns()


for model in PAGE_MODELS:
    page_published.connect(on_page_changed, sender=model, dispatch_uid=f"remembrance-published-{model.__name__}")
    page_unpublished.connect(on_page_changed, sender=model, dispatch_uid=f"remembrance-unpublished-{model.__name__}")
    post_delete.connect(on_page_changed, sender=model, dispatch_uid=f"remembrance-deleted-{model.__name__}")
    # A page added live, with no publish signal.
    post_save.connect(on_page_changed, sender=model, dispatch_uid=f"remembrance-saved-{model.__name__}")
# A page moved changes the address of the pages below it, the index's perhaps.
post_page_move.connect(on_page_changed, dispatch_uid="remembrance-page-moved")
# A restriction on a remembrance page or on any page above it hides it from the public (`public()`).
post_save.connect(on_page_changed, sender=PageViewRestriction, dispatch_uid="remembrance-restriction-saved")
post_delete.connect(on_page_changed, sender=PageViewRestriction, dispatch_uid="remembrance-restriction-deleted")


@receiver(published, sender=Attack, dispatch_uid="remembrance-attack-published")
@receiver(unpublished, sender=Attack, dispatch_uid="remembrance-attack-unpublished")
def on_attack_changed(sender, instance, **kwargs):
    # The on-this-day list and the anniversary campaign name live attacks only.
    purge_campaigns()
