"""Moderators hear that something waits once the submission is stored for good (after its transaction commits):
an e-mail about a submission that was rolled back would send them to an empty queue. A tribute photo's sizes go
with their rows, however the rows go (a takedown, a withdrawal, the retention purge all cascade to them)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from memorial.privacy.photos import delete_files_on_commit
from memorial.submissions.models import Submission, TributePhotoSize
from memorial.submissions.notifications import submission_received


@receiver(post_save, sender=Submission)
def on_submission_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(submission_received, robust=True)


@receiver(post_delete, sender=TributePhotoSize)
def on_tribute_photo_size_deleted(sender, instance, **kwargs):
    delete_files_on_commit([instance.file])
