"""Approved tributes: made public from a submission, taken down again, and read for the victim's page.

A published tribute's photos are public copies re-encoded from the scrubbed intake files (privacy.photos), so
what the public fetches holds no metadata, under random names unrelated to the family or the upload."""

from django.core.files.base import ContentFile
from django.utils import timezone

from PIL import Image

from memorial.pagecache import store as pagecache
from memorial.privacy.photos import delete_files_on_commit, make_tribute_photo_sizes, sharp_version, size_of
from memorial.privacy.representation import public_tribute
from memorial.submissions.models import PublishedTribute, Submission, TributePhoto


def publish_tribute(*, submission, text, author_display, author_name, author_relationship, photos):
    """Within the transaction of the approval: the tribute as the moderator left it, with the chosen photos."""
    tribute = PublishedTribute.objects.create(
        submission=submission,
        victim=submission.victim,
        text=text,
        author_display=author_display,
        author_name=author_name if author_display == Submission.AuthorDisplay.NAME else "",
        author_relationship=author_relationship if author_display != Submission.AuthorDisplay.ANONYMOUS else "",
    )
    for position, photo in enumerate(photos):
        with photo.file.open("rb") as stored, Image.open(stored) as picture:
            data = sharp_version(picture)
        width, height = size_of(data)
        public = TributePhoto(tribute=tribute, width=width, height=height, position=position)
        public.file.save("photo.jpg", ContentFile(data), save=False)
        public.save()
        make_tribute_photo_sizes(public)
    return tribute


def set_hidden(tribute, hidden):
    """Hide a tribute from its record's page while a takedown request is considered, or show it again: the page
    leaves the page cache with it."""
    PublishedTribute.objects.filter(pk=tribute.pk).update(hidden_at=timezone.now() if hidden else None)
    pagecache.purge({pagecache.victim(tribute.victim.public_id)})


def unpublish_tribute(submission):
    """Take a tribute off the victim's page and delete its public photo files (withdrawal, takedown); their sizes'
    files go with the sizes' rows (signal_handlers)."""
    tribute = PublishedTribute.objects.filter(submission=submission).first()
    if tribute is None:
        return
    delete_files_on_commit([photo.file for photo in tribute.photos.all()])
    tribute.delete()


def tributes_for(public_id):
    """The published tributes of a public record, oldest first, through the public representation. Only those
    whose submission is still approved (a withdrawal takes a tribute down with its status change alone) and that
    no takedown request has hidden."""
    tributes = (
        PublishedTribute.objects.filter(
            victim__public_id=public_id,
            victim__live=True,
            victim__withdrawn_at__isnull=True,
            submission__status=Submission.Status.APPROVED,
            hidden_at__isnull=True,
        )
        .prefetch_related("photos__sizes")
        .order_by("published_at", "pk")
    )
    return [public_tribute(tribute) for tribute in tributes]
