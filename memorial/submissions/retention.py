"""Retention (P8): rejected and withdrawn submissions lose their personal data and photos after a configurable
period. What is left is a tombstone that says only that something of this kind was sent in a given month and
how it ended; the audit log keeps who decided and when, without the reasons and messages, which may quote the
family."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.models import ModelLogEntry

from memorial.privacy.photos import delete_files_on_commit
from memorial.submissions.models import Submission, SubmissionPhoto, SubmissionTombstone, TributePhoto
from memorial.submissions.selectors import WITHDRAWAL_TO_CONFIRM

ENDED = (Submission.Status.REJECTED, Submission.Status.WITHDRAWN)


def purgeable(now=None, days=None):
    """Rejected or withdrawn submissions whose decision (or withdrawal) is older than the retention period. A
    family's withdrawal waits until a moderator has confirmed it (P6), however old: what it took off the site is
    checked before what it was goes."""
    days = settings.MEMORIAL_SUBMISSION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        Submission.objects.filter(status__in=ENDED)
        .exclude(WITHDRAWAL_TO_CONFIRM)
        .annotate(ended_at=Coalesce(F("withdrawn_at"), F("decided_at"), F("updated_at")))
        .filter(ended_at__lt=cutoff)
    )


def files_of(submissions):
    """The originals and previews a family sent, and the public copies of a tribute approved before it was
    withdrawn (normally gone with the withdrawal already)."""
    sent = SubmissionPhoto.objects.filter(submission__in=submissions)
    photos = [file for photo in sent for file in (photo.file, photo.preview) if file]
    public = [photo.file for photo in TributePhoto.objects.filter(tribute__submission__in=submissions)]
    return [*photos, *public]


@transaction.atomic
def purge_submissions(*, now=None, days=None):
    """Purge every submission past its retention period. Returns how many were purged."""
    ids = list(purgeable(now, days).select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    submissions = Submission.objects.filter(pk__in=ids)
    SubmissionTombstone.objects.bulk_create(
        SubmissionTombstone(
            kind=submission.kind,
            final_status=submission.status,
            received_month=submission.created_at.date().replace(day=1),
        )
        for submission in submissions.only("kind", "status", "created_at")
    )
    delete_files_on_commit(files_of(submissions))
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Submission), object_id__in=[str(pk) for pk in ids]
    ).update(data={})
    # Additions, photos and a published tribute's rows go with the submission (CASCADE).
    submissions.delete()
    return len(ids)
