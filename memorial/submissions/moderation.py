"""Moderators' decisions on submissions (M1–M3).

Each decision is one conditional update of the submission's status (`services.transition`) inside the
transaction that does the rest of the decision: of two moderators deciding at once, the second update finds
the status changed and the whole decision is refused with a clear message, so nothing is created twice.
Each decision is written to Wagtail's audit log with who, when, what and why (M2)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from memorial.archive.models import Victim
from memorial.privacy.policy import tighten
from memorial.privacy.services import change_policy, policy_of, withdraw_victim
from memorial.submissions.models import PublishedTribute, Submission
from memorial.submissions.records import (
    EDITABLE_FIELDS,
    NAME_FIELDS,
    asked_policy,
    create_record,
    edited_content,
    edited_names,
    record_policy,
)
from memorial.submissions.services import TransitionRefused, named_attack, transition
from memorial.submissions.tributes import publish_tribute, set_hidden, unpublish_tribute

APPROVED = "memorial.submission.approve"
MERGED = "memorial.submission.merge"
REJECTED = "memorial.submission.reject"
NEEDS_INFORMATION = "memorial.submission.needs_information"
HIDDEN = "memorial.submission.takedown_hide"
TAKEDOWN_CONFIRMED = "memorial.submission.takedown_confirm"
RESTORED = "memorial.submission.takedown_restore"
# The same steps for a request about one tribute, so the history says what was hidden.
TRIBUTE_HIDDEN = "memorial.submission.tribute_takedown_hide"
TRIBUTE_TAKEDOWN_CONFIRMED = "memorial.submission.tribute_takedown_confirm"
TRIBUTE_RESTORED = "memorial.submission.tribute_takedown_restore"
CREATED_FROM = "memorial.record.from_submission"
WITHDRAWAL_CONFIRMED = "memorial.submission.withdrawal_confirm"
EDITED = "memorial.submission.edit"

Kind = Submission.Kind
Status = Submission.Status
AuthorDisplay = Submission.AuthorDisplay
# From the most to the least visible: a moderator may only move the author's display to the right.
AUTHOR_VISIBILITY = [AuthorDisplay.NAME, AuthorDisplay.RELATIONSHIP, AuthorDisplay.ANONYMOUS]


class DecisionRefused(Exception):
    """The decision cannot be made; `message` says why, in the moderator's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def already_decided():
    return DecisionRefused(
        _("Another moderator has already decided on this submission. Nothing was changed; its current state is shown.")
    )


def _decide(submission, to, **fields):
    try:
        return transition(submission, to=to, decided_at=timezone.now(), **fields)
    except TransitionRefused:
        raise already_decided() from None


def _require(text, message):
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


def _expect(submission, kind):
    if submission.kind != kind:
        raise DecisionRefused(_("This decision does not apply to this kind of submission."))


def stricter_author_display(chosen, proposed):
    """The moderator's choice, unless it would show the author more than the family chose."""
    if proposed not in AUTHOR_VISIBILITY:
        return chosen
    return max(chosen, proposed, key=AUTHOR_VISIBILITY.index)


@transaction.atomic
def approve_tribute(*, submission, user, text, author_display, author_name, author_relationship, photo_ids, note=""):
    """Publish a tribute on its record's page as the moderator edited it: redacted text, the author shown no more
    than the family chose, only the photos the moderator kept."""
    _expect(submission, Kind.TRIBUTE)
    text = _require(text, _("A tribute cannot be published without text."))
    victim = submission.victim
    if victim is None or not victim.live or victim.withdrawn_at is not None:
        raise DecisionRefused(_("The record this tribute is about is not public; the tribute cannot be published."))
    submission = _decide(submission, Status.APPROVED)
    display = stricter_author_display(submission.author_display, author_display)
    photos = list(submission.photos.filter(pk__in=photo_ids, state="ready"))
    publish_tribute(
        submission=submission,
        text=text,
        author_display=display,
        author_name=author_name,
        author_relationship=author_relationship,
        photos=photos,
    )
    log(
        instance=submission,
        action=APPROVED,
        user=user,
        data={
            "reason": note,
            "redacted": text != submission.content.get("text", ""),
            "author_display": display,
            "photos": len(photos),
        },
    )
    return submission


@transaction.atomic
def edit_new_record(*, submission, user, values):
    """Keep a moderator's changes to a new record before approval (what was sent stays as sent). A policy field
    can only be made stricter than the family asked (`records.edited_content` holds to it whatever is stored).
    The names, when `values` has them (only a moderator who may reveal them edits them), are kept sealed in the
    edits; without them the names stay as they were. The queue's attack column follows the edited attack."""
    _expect(submission, Kind.NEW_RECORD)
    edits = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    edits["policy"] = dict(values.get("policy") or {})
    if values.get("names") is not None:
        edits["names"] = {name: values["names"].get(name) or "" for name in NAME_FIELDS}
    elif "names" in (submission.edits or {}):
        edits["names"] = submission.edits["names"]
    before, before_names = edited_content(submission), edited_names(submission)
    changed = Submission.objects.filter(pk=submission.pk, status__in=(Status.RECEIVED, Status.NEEDS_INFORMATION))
    attack = named_attack(Kind.NEW_RECORD, {**before, **edits})
    if not changed.update(edits=edits, attack=attack, updated_at=timezone.now()):
        raise already_decided()
    submission.refresh_from_db()
    after, after_names = edited_content(submission), edited_names(submission)
    # Which fields changed, never their values: a name, a biography or a pseudonym is the family's words.
    fields = sorted(
        [name for name in EDITABLE_FIELDS if before.get(name) != after.get(name)]
        + [name for name in NAME_FIELDS if before_names[name] != after_names[name]]
    )
    if record_policy(before) != record_policy(after):
        fields.append("policy")
    log(instance=submission, action=EDITED, user=user, data={"fields": fields})
    return submission


@transaction.atomic
def approve_new_record(*, submission, user, note=""):
    """A new record, as a draft with its sealed identity, under a policy never looser than the family asked."""
    _expect(submission, Kind.NEW_RECORD)
    submission = _decide(submission, Status.APPROVED)
    victim = create_record(submission)
    Submission.objects.filter(pk=submission.pk).update(victim=victim)
    submission.victim = victim
    log(instance=submission, action=APPROVED, user=user, data={"reason": note, "record": victim.pk})
    log(instance=victim, action=CREATED_FROM, user=user, data={"reason": note, "submission": submission.pk})
    return submission


@transaction.atomic
def merge_new_record(*, submission, user, victim, note=""):
    """The person is already in the archive: the submission is attached to that record, keeping its
    provenance (this submission, and the import row the record came from). The record's policy becomes at
    least as strict as the family asked, at once; the moderator adds the family's details in the record
    editor."""
    _expect(submission, Kind.NEW_RECORD)
    submission = _decide(submission, Status.APPROVED, victim=victim)
    provenance = {
        "reason": note,
        "submission": submission.pk,
        "import": f"{victim.external_source}:{victim.external_id}" if victim.external_source else "",
    }
    asked = asked_policy(edited_content(submission))
    current = policy_of(victim)
    if asked and tighten(current, asked) != current:
        change_policy(
            victim=victim,
            proposed=tighten(current, asked),
            reason=_("Policy the family asked for in submission %(id)s") % {"id": submission.pk},
            user=user,
        )
    log(instance=submission, action=MERGED, user=user, data={**provenance, "record": victim.pk})
    log(instance=victim, action=MERGED, user=user, data=provenance)
    return submission


@transaction.atomic
def approve_correction(*, submission, user, note=""):
    """A correction is marked handled; the moderator applies the change in the record editor, where it has its
    own revision and history."""
    _expect(submission, Kind.CORRECTION)
    submission = _decide(submission, Status.APPROVED)
    log(instance=submission, action=APPROVED, user=user, data={"reason": note})
    return submission


@transaction.atomic
def reject(*, submission, user, reason=None, message=""):
    """Not accepted, with a reason from the editable templates; the family reads the message on their status
    page. Nothing of a rejected submission is published."""
    message = (message or "").strip() or (reason.message if reason else "")
    message = _require(message, _("Choose a reason or write a message to the family."))
    submission = _decide(submission, Status.REJECTED, message_to_family=message)
    log(
        instance=submission,
        action=REJECTED,
        user=user,
        data={"reason": reason.title if reason else _("Written by the moderator")},
    )
    return submission


@transaction.atomic
def ask_for_information(*, submission, user, message):
    """Ask the family for more: the message is shown on their status page; what they add brings the
    submission back to the queue."""
    message = _require(message, _("Write what the family should add."))
    submission = _decide(submission, Status.NEEDS_INFORMATION, message_to_family=message)
    log(instance=submission, action=NEEDS_INFORMATION, user=user, data={"reason": message})
    return submission


@transaction.atomic
def confirm_withdrawal(*, submission, user, note=""):
    """A moderator confirms a family's own withdrawal (P6): what was public left at once when the family withdrew;
    the moderator checks it and closes it, with one conditional update so it is confirmed once."""
    confirmed = Submission.objects.filter(
        pk=submission.pk, status=Status.WITHDRAWN, withdrawal_confirmed_at__isnull=True
    ).update(withdrawal_confirmed_at=timezone.now(), updated_at=timezone.now())
    if not confirmed:
        raise already_decided()
    submission.refresh_from_db()
    log(instance=submission, action=WITHDRAWAL_CONFIRMED, user=user, data={"reason": note})
    return submission


def _takedown_record(submission):
    _expect(submission, Kind.TAKEDOWN)
    if submission.victim_id is None:
        raise DecisionRefused(_("This takedown request names no record."))
    return Victim.objects.select_for_update().get(pk=submission.victim_id)


def _takedown_tribute(submission):
    """The published tribute a request is about, locked, or None when the request is about the whole record."""
    if submission.tribute_id is None:
        return None
    return PublishedTribute.objects.select_for_update().select_related("submission").get(pk=submission.tribute_id)


def _hidden_here(submission, action=HIDDEN):
    return ModelLogEntry.objects.for_instance(submission).filter(action=action).exists()


@transaction.atomic
def hide_for_takedown(*, submission, user, note=""):
    """Take what the request is about off every public surface at once while it is considered, without destroying
    anything, so it can still be restored: one tribute leaves the record's page; a whole record is unpublished
    the way the withdrawal does it."""
    victim = _takedown_record(submission)
    if submission.status not in (Status.RECEIVED, Status.NEEDS_INFORMATION):
        raise already_decided()
    tribute = _takedown_tribute(submission)
    if tribute is not None:
        if tribute.hidden_at is None:
            set_hidden(tribute, hidden=True)
        data = {"reason": note, "record": victim.pk, "tribute": tribute.pk}
        log(instance=submission, action=TRIBUTE_HIDDEN, user=user, data=data)
        log(instance=tribute.submission, action=TRIBUTE_HIDDEN, user=user, data={**data, "takedown": submission.pk})
        return submission
    shown = None
    if victim.live:
        # What the public sees now, kept by id so a restore brings back exactly this and never a draft written
        # while the record was hidden. A record published without a revision (an import) is kept as it stands.
        shown = victim.live_revision or victim.save_revision(user=user, clean=False, log_action=False)
        # The view has checked the moderate permission; hiding is part of it, publishing records is not.
        UnpublishAction(victim, user=user).execute(skip_permission_checks=True)
    data = {"reason": note, "record": victim.pk, "revision": shown.pk if shown else None}
    log(instance=submission, action=HIDDEN, user=user, data=data)
    return submission


def revision_shown_at_hide(submission, victim):
    """The revision of `victim` the public saw when this request hid it, or None if the request hid nothing (the
    record was already off the public site). A hide logged before its revision was kept falls back to the
    record's last publication before that hide."""
    hidden = ModelLogEntry.objects.for_instance(submission).filter(action=HIDDEN).order_by("-timestamp").first()
    if hidden is None:
        return None
    if "revision" in hidden.data:
        revision_id = hidden.data["revision"]
    else:
        published = (
            ModelLogEntry.objects.for_instance(victim)
            .filter(action="wagtail.publish", timestamp__lte=hidden.timestamp, revision__isnull=False)
            .order_by("-timestamp")
            .first()
        )
        revision_id = published.revision_id if published else None
    if revision_id is None:
        return None
    return victim.revisions.filter(pk=revision_id).first()


@transaction.atomic
def confirm_takedown(*, submission, user, note):
    """The request is granted: a tribute is taken down for good, its public photo files deleted; a whole record is
    withdrawn for good (`privacy.services.withdraw_victim`)."""
    note = _require(note, _("Say why the takedown is confirmed: the reason is kept in the record's history."))
    victim = _takedown_record(submission)
    tribute = _takedown_tribute(submission)
    submission = _decide(submission, Status.APPROVED)
    if tribute is not None:
        data = {"reason": note, "record": victim.pk, "tribute": tribute.pk}
        log(
            instance=tribute.submission,
            action=TRIBUTE_TAKEDOWN_CONFIRMED,
            user=user,
            data={**data, "takedown": submission.pk},
        )
        unpublish_tribute(tribute.submission)
        log(instance=submission, action=TRIBUTE_TAKEDOWN_CONFIRMED, user=user, data=data)
        return submission
    if victim.withdrawn_at is None:
        withdraw_victim(victim=victim, reason=note, user=user)
    log(instance=submission, action=TAKEDOWN_CONFIRMED, user=user, data={"reason": note, "record": victim.pk})
    return submission


@transaction.atomic
def restore_after_takedown(*, submission, user, message):
    """The request is declined: what was hidden for it is public again exactly as it was (a tribute shown on the
    page again; a record republished, its policy untouched by the hiding), and the family is told why."""
    message = _require(message, _("Write why the record stays public: the family reads it."))
    victim = _takedown_record(submission)
    tribute = _takedown_tribute(submission)
    submission = _decide(submission, Status.REJECTED, message_to_family=message)
    # Only what this request hid comes back; anything hidden for another reason stays so.
    if tribute is not None:
        if _hidden_here(submission, TRIBUTE_HIDDEN) and tribute.hidden_at is not None:
            set_hidden(tribute, hidden=False)
        data = {"reason": message, "record": victim.pk, "tribute": tribute.pk}
        log(instance=tribute.submission, action=TRIBUTE_RESTORED, user=user, data={**data, "takedown": submission.pk})
        log(instance=submission, action=TRIBUTE_RESTORED, user=user, data=data)
        return submission
    revision = revision_shown_at_hide(submission, victim)
    if revision is not None and not victim.live and victim.withdrawn_at is None:
        # The revision the public saw, not the latest: a draft made while the record was hidden stays a draft,
        # for an editor to review and publish. Publishing sends Wagtail's signal, which refreshes the public
        # surfaces and purges the cached statistics, as hiding did.
        revision.publish(user=user, skip_permission_checks=True)
    log(instance=submission, action=RESTORED, user=user, data={"reason": message, "record": victim.pk})
    return submission
