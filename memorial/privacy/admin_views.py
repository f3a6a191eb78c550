"""Admin screens for what is private: the sealed identity (reveal, audited) and the publication policy
(changed with a reason; loosening approved by a second moderator)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from memorial.archive.models import Victim
from memorial.privacy.forms import DecisionForm, DefaultsForm, IdentityForm, PolicyForm, ReasonForm
from memorial.privacy.guard import LEVEL_DESCRIPTIONS
from memorial.privacy.models import PolicyChange, PublicationDefaults, publication_defaults
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.representation import live_attack, said_by_attack
from memorial.privacy.sealing import SealingUnavailable, is_unreadable, sealed_fields, sealer
from memorial.privacy.services import (
    approve_policy_change,
    change_defaults,
    change_policy,
    policy_of,
    reject_policy_change,
    withdraw_victim,
)

REVEALED = "memorial.identity.reveal"
EDITED = "memorial.identity.edit"
SEALED_FIELDS = [field.name for field in sealed_fields(VictimIdentity)]


def described_differences(change):
    """(field label, old choice label, new choice label) for each value a policy change alters: what a
    moderator reads, in the admin's language, instead of the stored codes."""
    described = []
    for name, before, after in change.differences:
        # The defaults hold every policy field and the guard's k, with the same labels and choices as a record.
        field = PublicationDefaults._meta.get_field(name)
        labels = dict(field.flatchoices)
        described.append((field.verbose_name, labels.get(before, before), labels.get(after, after)))
    return described


class AdminScreen(WagtailAdminTemplateMixin, View):
    header_icon = "lock"

    def parent_breadcrumbs(self):
        return []

    def get_breadcrumbs_items(self):
        # The header shows the last breadcrumb: without this one it would read "Home".
        return [
            *super().get_breadcrumbs_items(),
            *self.parent_breadcrumbs(),
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


class VictimScreen(AdminScreen):
    permission = ""

    def dispatch(self, request, pk):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.victim = get_object_or_404(Victim, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        # The record's label as the screen's heading: the breadcrumb that names it is collapsed.
        return str(self.victim)

    def parent_breadcrumbs(self):
        return [
            {"url": reverse("wagtailsnippets_archive_victim:list"), "label": _("Victims")},
            {"url": reverse("wagtailsnippets_archive_victim:edit", args=[self.victim.pk]), "label": str(self.victim)},
        ]


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class IdentityView(VictimScreen):
    """Shows sealed values only after a reason is given; every reveal and edit is in the audit log."""

    permission = "privacy.reveal_identity"
    template_name = "privacy/admin/identity.html"

    def get_page_title(self):
        return _("Sealed identity")

    def get(self, request, pk):
        return self.render(reason_form=ReasonForm())

    def post(self, request, pk):
        reason_form = ReasonForm(request.POST)
        if not reason_form.is_valid():
            return self.render(reason_form=reason_form)
        reason = reason_form.cleaned_data["reason"]
        identity = VictimIdentity.objects.filter(victim=self.victim).first() or VictimIdentity(victim=self.victim)
        try:
            sealer()
        except SealingUnavailable:
            return self.render(reason_form=reason_form, unavailable=True)
        if any(is_unreadable(getattr(identity, name)) for name in SEALED_FIELDS):
            return self.render(reason_form=reason_form, unavailable=True)

        if "save" in request.POST:
            form = IdentityForm(request.POST, instance=identity)
            if form.is_valid():
                form.save()
                # Which fields changed, never their values.
                log(
                    instance=self.victim,
                    action=EDITED,
                    user=request.user,
                    data={"reason": reason, "fields": form.changed_data},
                )
                messages.success(request, _("The sealed identity was saved."))
                return redirect("wagtailsnippets_archive_victim:edit", self.victim.pk)
            return self.render(reason_form=reason_form, form=form, revealed=True)

        log(instance=self.victim, action=REVEALED, user=request.user, data={"reason": reason})
        return self.render(reason_form=reason_form, form=IdentityForm(instance=identity), revealed=True)


class PolicyChangeScreen:
    """What a record's policy screen and the publication-defaults screen share: the form with a reason, the
    changes waiting for a second moderator, and the earlier ones. A screen says what it edits with
    `subject_changes()` (its PolicyChange records), `current()` (its values) and `change()` (the service)."""

    template_name = "privacy/admin/policy.html"
    form_class = PolicyForm
    tightened_message = ""

    def get_context_data(self, **kwargs):
        changes = self.subject_changes()
        return super().get_context_data(
            pending=[
                (change, described_differences(change))
                for change in changes.filter(status=PolicyChange.Status.PENDING).select_related("requested_by")
            ],
            history=changes.exclude(status=PolicyChange.Status.PENDING)[:20],
            can_approve=self.request.user.has_perm("privacy.approve_policychange"),
            decision_form=DecisionForm(),
            **kwargs,
        )

    def form_notes(self):
        return {}

    def get(self, request, *args, **kwargs):
        return self.render(form=self.form_class(current=self.current(), notes=self.form_notes()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, current=self.current(), notes=self.form_notes())
        if form.is_valid():
            try:
                changes = self.change(form.proposed(), form.cleaned_data["reason"], request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not changes:
                    messages.info(request, _("Nothing changed."))
                for change in changes:
                    if change.status == PolicyChange.Status.APPLIED:
                        messages.success(request, self.tightened_message)
                    else:
                        messages.warning(
                            request, _("Publishing more openly needs a second moderator's approval; it waits below.")
                        )
                return redirect(request.path)
        return self.render(form=form)


@method_decorator(never_cache, name="dispatch")
class PolicyView(PolicyChangeScreen, VictimScreen):
    """Change what the public may see of one record: tightening now, loosening after a second moderator approves."""

    permission = "archive.change_victim"

    def get_page_title(self):
        return _("Publication policy")

    @property
    def tightened_message(self):
        return _("The record is more private now, on every public page.")

    def subject_changes(self):
        return PolicyChange.objects.filter(victim=self.victim)

    def current(self):
        return policy_of(self.victim)

    def change(self, proposed, reason, user):
        return change_policy(victim=self.victim, proposed=proposed, reason=reason, user=user)

    def form_notes(self):
        """What this record's public attack already says of its date and place, which no policy can hide."""
        attack = live_attack(self.victim)
        if attack is None:
            return {}
        said = said_by_attack(self.victim)
        title = format_html("<bdi>{}</bdi>", attack.title)
        if said.date_level != "none":
            date = format_html(
                _(
                    "The attack {attack} is public and states this record's date of death: the date policy "
                    "applies only to what the attack does not say."
                ),
                attack=title,
            )
        else:
            date = format_html(
                _(
                    "The attack {attack} is public but does not state this record's date of death: the date "
                    "policy applies to it."
                ),
                attack=title,
            )
        if said.place is not None:
            place = format_html(
                _(
                    "The attack {attack} is public and states this record's place as far as {place}: the place "
                    "policy applies only to what the attack does not say."
                ),
                attack=title,
                place=format_html("<bdi>{}</bdi>", said.place),
            )
        else:
            place = format_html(
                _(
                    "The attack {attack} is public but does not name this record's place: the place policy "
                    "applies to it."
                ),
                attack=title,
            )
        return {"date_policy": date, "place_policy": place}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            victim=self.victim, guard_description=LEVEL_DESCRIPTIONS[self.victim.guard_level], **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class DefaultsView(PolicyChangeScreen, AdminScreen):
    """The policy a record starts with and the guard's k, under the same two-moderator rule as a record."""

    template_name = "privacy/admin/defaults.html"
    form_class = DefaultsForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("privacy.change_publicationdefaults"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Publication defaults")

    @property
    def tightened_message(self):
        return _("The defaults are stricter now; records the guard protects were coarsened where needed.")

    def subject_changes(self):
        return PolicyChange.objects.filter(victim=None)

    def current(self):
        return publication_defaults().as_protection()

    def change(self, proposed, reason, user):
        return change_defaults(proposed=proposed, reason=reason, user=user)


@method_decorator(never_cache, name="dispatch")
class DecisionView(View):
    def post(self, request, change_id, decision):
        if not request.user.has_perm("privacy.approve_policychange"):
            raise PermissionDenied
        change = get_object_or_404(PolicyChange, pk=change_id)
        # The site-wide defaults are decided only by those who may change them.
        if change.victim_id is None and not request.user.has_perm("privacy.change_publicationdefaults"):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            if decision == "approve":
                approve_policy_change(change=change, user=request.user, note=note)
                messages.success(
                    request,
                    _("Approved: the record is published as requested.")
                    if change.victim_id
                    else _("Approved: the new defaults apply."),
                )
            else:
                reject_policy_change(change=change, user=request.user, note=note)
                messages.success(
                    request,
                    _("Rejected: the record stays as it was.")
                    if change.victim_id
                    else _("Rejected: the defaults stay as they were."),
                )
        except PermissionDenied:
            messages.error(request, _("A second moderator must approve a change that publishes more openly."))
        except ValidationError:
            messages.error(request, _("This change has already been decided."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = (
                reverse("privacy:policy", args=[change.victim_id]) if change.victim_id else reverse("privacy:defaults")
            )
        return redirect(target)


class PendingPolicyChangesView(AdminScreen):
    template_name = "privacy/admin/pending.html"

    def get_page_title(self):
        return _("Policy changes waiting for approval")

    def get(self, request):
        if not request.user.has_perm("privacy.approve_policychange"):
            raise PermissionDenied
        pending = [
            (change, described_differences(change))
            for change in PolicyChange.objects.filter(status=PolicyChange.Status.PENDING).select_related(
                "victim", "requested_by"
            )
        ]
        return self.render(pending=pending)


@method_decorator(never_cache, name="dispatch")
class WithdrawView(VictimScreen):
    """A family's withdrawal: the record leaves the public archive and its photos are destroyed, with a reason."""

    permission = "archive.publish_victim"
    template_name = "privacy/admin/withdraw.html"

    def get_page_title(self):
        return _("Withdraw at the family's request")

    def get(self, request, pk):
        return self.render(form=ReasonForm(), victim=self.victim)

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid():
            withdraw_victim(victim=self.victim, reason=form.cleaned_data["reason"], user=request.user)
            messages.success(
                request, _("The record is withdrawn: it is on no public page, and its photos are deleted.")
            )
            return redirect("wagtailsnippets_archive_victim:edit", self.victim.pk)
        return self.render(form=form, victim=self.victim)
