"""Changing what the public may see of a person. Tightening takes effect at once; loosening waits for a
second moderator (P5, P11). Every step is written to Wagtail's audit log with its reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from memorial.archive.models import Victim
from memorial.archive.services import refresh_public_surfaces, victims_published
from memorial.privacy.models import MemorialImage, PolicyChange
from memorial.privacy.photos import delete_photo
from memorial.privacy.policy import POLICY_FIELDS, STRICTEST, loosened_fields, tighten

TIGHTENED = "memorial.policy.tighten"
REQUESTED = "memorial.policy.request"
APPROVED = "memorial.policy.approve"
REJECTED = "memorial.policy.reject"
WITHDRAWN = "memorial.withdraw"


def policy_of(victim):
    return {field: getattr(victim, field) for field in POLICY_FIELDS}


def validate_policy(policy):
    errors = {}
    for field, choices in POLICY_FIELDS.items():
        if policy.get(field) not in choices.values:
            errors[field] = _("Choose one of the listed values.")
    if errors:
        raise ValidationError(errors)


def _apply(victim, policy):
    Victim.objects.filter(pk=victim.pk).update(**policy, updated_at=timezone.now())
    for field, value in policy.items():
        setattr(victim, field, value)
    if victim.live:
        # Index rows, name keys, the guard and cached statistics follow on the same request.
        victims_published([victim])
    else:
        # A draft has no public surface, but its admin history carries its label.
        refresh_public_surfaces([victim])


@transaction.atomic
def change_policy(*, victim, proposed, reason, user):
    """Apply what tightens now; hold what loosens for approval. Returns the PolicyChange records made."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the policy changes: the reason is kept in the record's history.")})
    proposed = {**policy_of(victim), **proposed}
    validate_policy(proposed)
    victim = Victim.objects.select_for_update().get(pk=victim.pk)
    current = policy_of(victim)
    changes = []

    tightened = tighten(current, proposed)
    if tightened != current:
        _apply(victim, tightened)
        changes.append(
            PolicyChange.objects.create(
                victim=victim,
                status=PolicyChange.Status.APPLIED,
                before=current,
                after=tightened,
                reason=reason,
                requested_by=user,
                decided_by=user,
                decided_at=timezone.now(),
            )
        )
        log(instance=victim, action=TIGHTENED, user=user, data={"reason": reason, "from": current, "to": tightened})

    if loosened_fields(tightened, proposed):
        change = PolicyChange.objects.create(
            victim=victim,
            status=PolicyChange.Status.PENDING,
            before=tightened,
            after=proposed,
            reason=reason,
            requested_by=user,
        )
        changes.append(change)
        log(instance=victim, action=REQUESTED, user=user, data={"reason": reason, "from": tightened, "to": proposed})
    return changes


def _decide(change_id, user, status):
    """One conditional update: of two moderators deciding at once, exactly one wins."""
    decided = PolicyChange.objects.filter(pk=change_id, status=PolicyChange.Status.PENDING).update(
        status=status, decided_by=user, decided_at=timezone.now()
    )
    if not decided:
        raise ValidationError(_("This change has already been decided."))
    return PolicyChange.objects.select_related("victim").get(pk=change_id)


@transaction.atomic
def approve_policy_change(*, change, user, note=""):
    if change.requested_by_id == user.pk:
        raise PermissionDenied(_("A second moderator must approve a change that publishes more openly."))
    change = _decide(change.pk, user, PolicyChange.Status.APPROVED)
    victim = Victim.objects.select_for_update().get(pk=change.victim_id)
    current = policy_of(victim)
    # Anything tightened since the request stays tightened: only the requested loosening is approved.
    policy = {
        field: change.after[field] if current[field] == change.before[field] else current[field]
        for field in POLICY_FIELDS
    }
    _apply(victim, policy)
    if note:
        PolicyChange.objects.filter(pk=change.pk).update(decision_note=note)
    log(
        instance=victim,
        action=APPROVED,
        user=user,
        data={"reason": change.reason, "note": note, "from": current, "to": policy},
    )
    return change


@transaction.atomic
def reject_policy_change(*, change, user, note=""):
    change = _decide(change.pk, user, PolicyChange.Status.REJECTED)
    if note:
        PolicyChange.objects.filter(pk=change.pk).update(decision_note=note)
    log(instance=change.victim, action=REJECTED, user=user, data={"reason": change.reason, "note": note})
    return change


@transaction.atomic
def withdraw_victim(*, victim, reason, user):
    """A family withdraws: the record leaves every public surface, its photo is destroyed (original, renditions,
    public versions), its policy becomes the strictest, and requests to loosen it are rejected. The record and
    its sealed identity stay for the documentation, and no import can publish it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is withdrawn: the reason is kept in its history.")})
    victim = Victim.objects.select_for_update().get(pk=victim.pk)
    current = policy_of(victim)
    if current != STRICTEST:
        _apply(victim, STRICTEST)
        PolicyChange.objects.create(
            victim=victim,
            status=PolicyChange.Status.APPLIED,
            before=current,
            after=STRICTEST,
            reason=reason,
            requested_by=user,
            decided_by=user,
            decided_at=timezone.now(),
        )
    for change in victim.policy_changes.filter(status=PolicyChange.Status.PENDING):
        reject_policy_change(change=change, user=user, note=reason)
    for photo in photos_of(victim):
        delete_photo(photo)
    victim.refresh_from_db()
    if victim.live:
        # Wagtail's unpublish sends the signal that takes the record off the index, search and statistics.
        victim.unpublish(user=user)
    log(instance=victim, action=WITHDRAWN, user=user, data={"reason": reason, "from": current, "to": STRICTEST})
    return victim


def photos_of(victim):
    """Every photo the record has had, in any revision, that no other record uses."""
    ids = {victim.photo_id, *(revision.content.get("photo") for revision in victim.revisions.all())}
    used_elsewhere = Victim.objects.filter(photo__in=ids).exclude(pk=victim.pk).values("photo")
    return MemorialImage.objects.filter(pk__in=ids - {None}).exclude(pk__in=used_elsewhere)
