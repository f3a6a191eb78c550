"""Changing what the public may see of a person. Tightening takes effect at once; loosening waits for a
second moderator (P5, P11). Every step is written to Wagtail's audit log with its reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from memorial.archive.models import Victim
from memorial.privacy.models import MemorialImage, PolicyChange, publication_defaults
from memorial.privacy.photos import delete_photo
from memorial.privacy.policy import K_ANONYMITY, MINIMUM_K, POLICY_FIELDS, STRICTEST, loosened_fields, tighten
from memorial.privacy.publication import protection_changed, refresh_public_surfaces, victims_published

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


def _apply_defaults(defaults, values):
    for field, value in values.items():
        setattr(defaults, field, value)
    defaults.save()
    # A stronger guard coarsens records and hides statistics cells on the next request.
    protection_changed()


def _require_reason(reason, message=None):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": message or _("Say why the policy changes: the reason is kept in the record's history.")}
        )
    return reason


def _tighten_now_request_the_rest(*, instance, victim, current, proposed, reason, user, apply):
    """Apply what tightens now; hold what loosens for a second moderator (P11). Returns the changes made."""
    changes = []
    tightened = tighten(current, proposed)
    if tightened != current:
        apply(tightened)
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
        log(instance=instance, action=TIGHTENED, user=user, data={"reason": reason, "from": current, "to": tightened})

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
        log(instance=instance, action=REQUESTED, user=user, data={"reason": reason, "from": tightened, "to": proposed})
    return changes


@transaction.atomic
def change_policy(*, victim, proposed, reason, user):
    """A record's publication policy: tightening at once, loosening after a second moderator approves."""
    reason = _require_reason(reason)
    proposed = {**policy_of(victim), **proposed}
    validate_policy(proposed)
    victim = Victim.objects.select_for_update().get(pk=victim.pk)
    return _tighten_now_request_the_rest(
        instance=victim,
        victim=victim,
        current=policy_of(victim),
        proposed=proposed,
        reason=reason,
        user=user,
        apply=lambda policy: _apply(victim, policy),
    )


def _locked_defaults():
    defaults = publication_defaults()
    return type(defaults).objects.select_for_update().get(pk=defaults.pk)


@transaction.atomic
def change_defaults(*, proposed, reason, user):
    """The site-wide default policy and the guard's k, under the same rule as a record's policy."""
    reason = _require_reason(reason)
    defaults = _locked_defaults()
    proposed = {**defaults.as_protection(), **proposed}
    validate_policy(proposed)
    if not isinstance(proposed[K_ANONYMITY], int) or proposed[K_ANONYMITY] < MINIMUM_K:
        raise ValidationError({K_ANONYMITY: _("The smallest group must be at least %(k)d.") % {"k": MINIMUM_K}})
    return _tighten_now_request_the_rest(
        instance=defaults,
        victim=None,
        current=defaults.as_protection(),
        proposed=proposed,
        reason=reason,
        user=user,
        apply=lambda values: _apply_defaults(defaults, values),
    )


def _decide(change_id, user, status, note=""):
    """One conditional update: of two moderators deciding at once, exactly one wins."""
    decided = PolicyChange.objects.filter(pk=change_id, status=PolicyChange.Status.PENDING).update(
        status=status, decided_by=user, decided_at=timezone.now(), decision_note=note
    )
    if not decided:
        raise ValidationError(_("This change has already been decided."))
    return PolicyChange.objects.select_related("victim").get(pk=change_id)


def _locked_subject(change):
    """The record, or the defaults, a change is about, locked before the change itself: every path that
    writes both takes the locks in this order, so two moderators cannot deadlock."""
    if change.victim_id is None:
        return _locked_defaults()
    return Victim.objects.select_for_update().get(pk=change.victim_id)


@transaction.atomic
def approve_policy_change(*, change, user, note=""):
    if change.requested_by_id == user.pk:
        raise PermissionDenied(_("A second moderator must approve a change that publishes more openly."))
    instance = _locked_subject(change)
    change = _decide(change.pk, user, PolicyChange.Status.APPROVED, note)
    if change.victim_id is None:
        current = instance.as_protection()
        apply = lambda values: _apply_defaults(instance, values)  # noqa: E731
    else:
        current = policy_of(instance)
        apply = lambda values: _apply(instance, values)  # noqa: E731
    # Anything tightened since the request stays tightened: only the requested loosening is approved.
    values = {
        field: change.after[field] if current[field] == change.before[field] else current[field] for field in current
    }
    apply(values)
    log(
        instance=instance,
        action=APPROVED,
        user=user,
        data={"reason": change.reason, "note": note, "from": current, "to": values},
    )
    return change


@transaction.atomic
def reject_policy_change(*, change, user, note=""):
    instance = _locked_subject(change)
    change = _decide(change.pk, user, PolicyChange.Status.REJECTED, note)
    log(instance=instance, action=REJECTED, user=user, data={"reason": change.reason, "note": note})
    return change


@transaction.atomic
def withdraw_victim(*, victim, reason, user):
    """A family withdraws: the record leaves every public surface for good, its photos are destroyed (original,
    renditions, public versions), its policy becomes the strictest, and requests to loosen it are rejected. The
    record and its sealed identity stay for the documentation; neither the admin nor an import publishes it again."""
    reason = _require_reason(reason, _("Say why the record is withdrawn: the reason is kept in its history."))
    victim = Victim.objects.select_for_update().get(pk=victim.pk)
    current = policy_of(victim)
    now = timezone.now()
    Victim.objects.filter(pk=victim.pk).update(withdrawn_at=now, updated_at=now)
    # The public surfaces follow once, from the unpublish below, not from each step.
    _tighten_now_request_the_rest(
        instance=victim,
        victim=victim,
        current=current,
        proposed=STRICTEST,
        reason=reason,
        user=user,
        apply=lambda policy: Victim.objects.filter(pk=victim.pk).update(**policy),
    )
    pending = victim.policy_changes.filter(status=PolicyChange.Status.PENDING)
    for change in pending:
        log(instance=victim, action=REJECTED, user=user, data={"reason": change.reason, "note": reason})
    pending.update(status=PolicyChange.Status.REJECTED, decided_by=user, decided_at=now, decision_note=reason)
    for photo in photos_of(victim):
        delete_photo(photo)
    victim.refresh_from_db()
    if victim.live:
        # Wagtail's unpublish sends the signal that takes the record off the index, search and statistics.
        victim.unpublish(user=user)
    else:
        refresh_public_surfaces([victim])
    log(instance=victim, action=WITHDRAWN, user=user, data={"reason": reason, "from": current, "to": STRICTEST})
    return victim


def photos_of(victim):
    """Every photo the record has had, in any revision, that no other record uses."""
    ids = {victim.photo_id, *(revision.content.get("photo") for revision in victim.revisions.all())}
    used_elsewhere = Victim.objects.filter(photo__in=ids).exclude(pk=victim.pk).values("photo")
    return MemorialImage.objects.filter(pk__in=ids - {None}).exclude(pk__in=used_elsewhere)


def photo_is_public(image):
    """Whether the public can see something made from `image`: it is on a live record, as the record stands or
    in its live revision. Such a photo's file is changed only by someone who may publish (see image_forms)."""
    return Victim.objects.filter(live=True).filter(Q(photo=image) | Q(live_revision__content__photo=image.pk)).exists()
