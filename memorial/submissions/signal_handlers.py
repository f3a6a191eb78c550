"""Moderators hear that something waits once the submission is stored for good (after its transaction commits):
an e-mail about a submission that was rolled back would send them to an empty queue."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from memorial.submissions.models import Submission
from memorial.submissions.notifications import submission_received


@receiver(post_save, sender=Submission)
def on_submission_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(submission_received, robust=True)
