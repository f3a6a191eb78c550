"""Admin screens for what is private: the sealed identity (reveal, audited) and the publication policy
(changed with a reason; loosening approved by a second moderator)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from memorial.archive.models import Victim
from memorial.privacy.forms import DecisionForm, IdentityForm, PolicyForm, ReasonForm
from memorial.privacy.guard import LEVEL_DESCRIPTIONS
from memorial.privacy.models import PolicyChange, VictimIdentity
from memorial.privacy.sealing import SealingUnavailable, is_unreadable, sealed_fields, sealer
from memorial.privacy.services import (
    approve_policy_change,
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
        field = Victim._meta.get_field(name)
        labels = dict(field.flatchoices)
        described.append((field.verbose_name, labels.get(before, before), labels.get(after, after)))
    return described


class VictimScreen(WagtailAdminTemplateMixin, View):
    permission = ""
    header_icon = "lock"

    def dispatch(self, request, pk):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.victim = get_object_or_404(Victim, pk=pk)
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        edit_url = reverse("wagtailsnippets_archive_victim:edit", args=[self.victim.pk])
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailsnippets_archive_victim:list"), "label": _("Victims")},
            {"url": edit_url, "label": str(self.victim)},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


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


@method_decorator(never_cache, name="dispatch")
class PolicyView(VictimScreen):
    """Change what the public may see: tightening now, loosening after a second moderator approves."""

    permission = "archive.change_victim"
    template_name = "privacy/admin/policy.html"

    def get_page_title(self):
        return _("Publication policy")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            victim=self.victim,
            guard_description=LEVEL_DESCRIPTIONS[self.victim.guard_level],
            pending=[
                (change, described_differences(change))
                for change in PolicyChange.objects.filter(
                    victim=self.victim, status=PolicyChange.Status.PENDING
                ).select_related("requested_by")
            ],
            history=PolicyChange.objects.filter(victim=self.victim).exclude(status=PolicyChange.Status.PENDING)[:20],
            can_approve=self.request.user.has_perm("privacy.approve_policychange"),
            decision_form=DecisionForm(),
            **kwargs,
        )

    def get(self, request, pk):
        return self.render(form=PolicyForm(current=policy_of(self.victim)))

    def post(self, request, pk):
        form = PolicyForm(request.POST, current=policy_of(self.victim))
        if form.is_valid():
            try:
                changes = change_policy(
                    victim=self.victim, proposed=form.proposed(), reason=form.cleaned_data["reason"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not changes:
                    messages.info(request, _("Nothing changed."))
                for change in changes:
                    if change.status == PolicyChange.Status.APPLIED:
                        messages.success(request, _("The record is more private now, on every public page."))
                    else:
                        messages.warning(
                            request, _("Publishing more openly needs a second moderator's approval; it waits below.")
                        )
                return redirect("privacy:policy", self.victim.pk)
        return self.render(form=form)


@method_decorator(never_cache, name="dispatch")
class DecisionView(View):
    def post(self, request, change_id, decision):
        if not request.user.has_perm("privacy.approve_policychange"):
            raise PermissionDenied
        change = get_object_or_404(PolicyChange, pk=change_id)
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            if decision == "approve":
                approve_policy_change(change=change, user=request.user, note=note)
                messages.success(request, _("Approved: the record is published as requested."))
            else:
                reject_policy_change(change=change, user=request.user, note=note)
                messages.success(request, _("Rejected: the record stays as it was."))
        except PermissionDenied:
            messages.error(request, _("A second moderator must approve a change that publishes more openly."))
        except ValidationError:
            messages.error(request, _("This change has already been decided."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("privacy:policy", args=[change.victim_id])
        return redirect(target)


class PendingPolicyChangesView(WagtailAdminTemplateMixin, View):
    template_name = "privacy/admin/pending.html"
    header_icon = "lock"

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
        return TemplateResponse(request, self.template_name, self.get_context_data(pending=pending))


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
