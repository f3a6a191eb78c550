"""Reads of submissions for the family's own pages. Nothing here is for a public surface."""

from django.conf import settings
from django.db.models import Count, Q

from memorial.archive.models import Victim
from memorial.submissions.models import PENDING, PublishedTribute, Submission
from memorial.submissions.receipts import normalise_code, receipt_hash


def shown_tributes(victim):
    """The published tributes shown on `victim`'s page: approved and hidden by no takedown request."""
    return PublishedTribute.objects.filter(
        victim=victim, hidden_at__isnull=True, submission__status=Submission.Status.APPROVED
    )


def pending_count():
    return Submission.objects.filter(status__in=PENDING).count()


def queue_is_full():
    """Whether the pending queue has reached its cap: new submissions are refused politely until moderators
    have caught up (a flood cannot bury what families have already sent)."""
    return pending_count() >= settings.MEMORIAL_SUBMISSION_QUEUE_CAP


def submission_for_code(typed):
    """The submission a typed receipt code belongs to, or None: a mistyped, unknown or purged code all look
    the same to the caller, so the answer never says which (P9)."""
    code = normalise_code(typed)
    if not code:
        return None
    return Submission.objects.filter(receipt_hash=receipt_hash(code)).select_related("victim").first()


def published_victim(public_id):
    """The record behind a public id, for a submission to refer to (the view has already answered 404 for any
    id that is not public). Never handed to a template."""
    return Victim.objects.get(public_id=public_id, live=True, withdrawn_at__isnull=True)


# A family's own withdrawal waits for a moderator's confirmation (P6), in the queue with the pending ones.
WITHDRAWAL_TO_CONFIRM = Q(status=Submission.Status.WITHDRAWN, withdrawal_confirmed_at__isnull=True)
WAITING_FOR_MODERATOR = Q(status__in=PENDING) | WITHDRAWAL_TO_CONFIRM


def pending_counts():
    """What waits for a moderator, by kind and in all, withdrawals to confirm included (and counted apart too):
    numbers only, for the dashboard and the e-mails."""
    waiting = Submission.objects.filter(WAITING_FOR_MODERATOR)
    counts = dict(waiting.values_list("kind").annotate(count=Count("pk")).order_by())
    return {
        "total": sum(counts.values()),
        "withdrawals": waiting.filter(WITHDRAWAL_TO_CONFIRM).count(),
        "kinds": [(label, counts.get(kind, 0), kind) for kind, label in Submission.Kind.choices],
    }
