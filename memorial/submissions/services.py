"""Writes of submissions: storing what a family sends, its status machine, and what a family may do with its
receipt code (add information, withdraw). Business rules live here, not in the views."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from memorial.archive.models import Attack
from memorial.privacy.services import withdraw_victim
from memorial.submissions.intake import attach_staged_photos, prepare_photos
from memorial.submissions.models import (
    PENDING,
    TRANSITIONS,
    Submission,
    SubmissionAddition,
    SubmittedIdentity,
)
from memorial.submissions.notifications import submission_received
from memorial.submissions.receipts import idempotency_key, receipt_code, receipt_hash, staging_key
from memorial.submissions.selectors import shown_tributes
from memorial.submissions.tributes import unpublish_tribute

# A double submit within this time is answered with the same receipt page, code included: the browser shows
# only the last answer, and the family must not lose their code to an impatient second click.
REPLAY_WINDOW = timedelta(minutes=30)
# The audit-log action of a family's own withdrawal; a moderator then confirms it (P6).
FAMILY_WITHDREW = "memorial.submission.family_withdraw"
MAX_ADDITION_LENGTH = 5000


class TransitionRefused(Exception):
    """The submission is no longer in a status this change can start from: someone else acted first."""


@dataclass(frozen=True)
class Receipt:
    submission: Submission
    # Empty when a double submit arrives after the replay window: the code was shown, and is not shown again.
    code: str
    created: bool
    photos_ready: bool


def submission_create(
    *,
    kind,
    token_value,
    language,
    consent,
    content,
    victim=None,
    author_display=Submission.AuthorDisplay.ANONYMOUS,
    author_name="",
    author_relationship="",
    contact="",
    identity=None,
):
    """Store a submission completely, in one transaction, with its staged photos; only then prepare the photos
    (M4). The form token makes it idempotent: a second call with the same token returns the first submission."""
    already = receipt_for_token(token_value)
    if already is not None:
        return already
    code = receipt_code(token_value)
    key = idempotency_key(token_value)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                kind=kind,
                victim=victim,
                attack=named_attack(kind, content),
                tribute=named_tribute(kind, content, victim),
                content=content,
                language=language,
                consent=consent,
                author_display=author_display,
                author_name=author_name if author_display == Submission.AuthorDisplay.NAME else "",
                author_relationship=author_relationship,
                contact=contact,
                receipt_hash=receipt_hash(code),
                idempotency_key=key,
            )
            if identity:
                # A new record's names, sealed like the contact (P4), stored in the same transaction (M4).
                SubmittedIdentity.objects.create(submission=submission, **identity)
            attach_staged_photos(submission=submission, staging_key=staging_key(token_value))
    except IntegrityError:
        # The same form arrived twice at the same moment; the other request stored it.
        return replayed(Submission.objects.get(idempotency_key=key), code)
    ready = prepare_photos(submission)
    return Receipt(submission=submission, code=code, created=True, photos_ready=ready)


def named_attack(kind, content):
    """The attack a new record's family named (by its key, as the form stores it), or None: kept in its own
    indexed column so the queue can filter on it without reading the content."""
    key = content.get("attack") if kind == Submission.Kind.NEW_RECORD else ""
    return Attack.objects.filter(key=key).first() if key else None


def named_tribute(kind, content, victim):
    """The published tribute a takedown request is about (its public token, as the form stores it), or None for a
    request about the whole record: only a tribute shown on that record's page can be named."""
    token = content.get("tribute") if kind == Submission.Kind.TAKEDOWN and victim is not None else None
    if not token or not isinstance(token, str):
        return None
    return shown_tributes(victim).filter(public_token=token).first()


def receipt_for_token(token_value):
    """The receipt of a submission already made from this form token (a double submit), or None."""
    existing = Submission.objects.filter(idempotency_key=idempotency_key(token_value)).first()
    return None if existing is None else replayed(existing, receipt_code(token_value))


def replayed(submission, code):
    recent = timezone.now() - submission.created_at < REPLAY_WINDOW
    return Receipt(
        submission=submission,
        code=code if recent else "",
        created=False,
        photos_ready=not submission.processing_failed,
    )


def transition(submission, *, to, **fields):
    """Move `submission` to status `to` with one conditional update: it happens only if the submission is
    still in a status `to` may follow (TRANSITIONS). Raises TransitionRefused when someone else acted first."""
    now = timezone.now()
    changed = Submission.objects.filter(pk=submission.pk, status__in=TRANSITIONS[to]).update(
        status=to, updated_at=now, **fields
    )
    if not changed:
        raise TransitionRefused(submission.pk)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def add_information(*, submission, text):
    """The family adds information from the status page. A submission that needed it goes back to review."""
    if submission.status not in PENDING:
        raise TransitionRefused(submission.pk)
    SubmissionAddition.objects.create(submission=submission, text=text)
    if submission.status == Submission.Status.NEEDS_INFORMATION:
        try:
            transition(submission, to=Submission.Status.RECEIVED)
        except TransitionRefused:
            # A moderator decided in the meantime; the information is kept with the submission all the same.
            submission.refresh_from_db()
    return submission


@transaction.atomic
def withdraw_submission(*, submission):
    """The family withdraws with their receipt code (P6). A pending submission is only marked withdrawn. What
    is already public leaves public view within this request: a record made from the submission goes through
    the moderators' own withdrawal (`withdraw_victim`); an approved tribute is shown only while its submission
    is approved, so the status change itself takes it down. A correction or takedown withdrawn after approval
    changes nothing public: what was corrected or hidden stays so until a moderator decides otherwise. The
    withdrawal then waits in the moderators' queue until one of them confirms it."""
    was = submission.status
    submission = transition(submission, to=Submission.Status.WITHDRAWN, withdrawn_at=timezone.now())
    # No user: the family acted with their receipt code. The entry holds no content and no contact.
    log(instance=submission, action=FAMILY_WITHDREW, user=None, data={"was": was})
    # It waits for a moderator's confirmation: they hear of it as of a new submission, once it is committed.
    transaction.on_commit(submission_received, robust=True)
    if was == Submission.Status.APPROVED and submission.kind == Submission.Kind.TRIBUTE:
        # The status change already hides it; its public photo files go too.
        unpublish_tribute(submission)
    if (
        was == Submission.Status.APPROVED
        and submission.kind == Submission.Kind.NEW_RECORD
        and submission.victim is not None
        and submission.victim.withdrawn_at is None
    ):
        withdraw_victim(
            victim=submission.victim,
            reason=_("Withdrawn by the family with their receipt code (submission %(id)s).") % {"id": submission.pk},
            user=None,
        )
    return submission
