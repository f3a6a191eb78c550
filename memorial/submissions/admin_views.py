"""The moderators' screens: the queue and one submission's detail, with the decisions.

What a family sent is shown redacted by default: the sealed contact and the private fields of a new record
appear only after a moderator with the reveal permission gives a reason, and each reveal is in the audit log
(P4). Beside what was sent, the detail shows what the public would see, through the public representation."""

import base64
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from PIL import Image

from memorial.archive.display import in_language, names_for, victim_facts
from memorial.archive.models import Attack, Place, Victim
from memorial.archive.selectors import live_attacks
from memorial.privacy.photos import sharp_version, size_of
from memorial.privacy.policy import POLICY_FIELDS, POLICY_LABELS, rank
from memorial.privacy.representation import PublicPhoto, public_tribute, public_victim, tribute_photo_alt
from memorial.submissions import moderation
from memorial.submissions.duplicates import possible_duplicates
from memorial.submissions.flags import flags_for
from memorial.submissions.forms import (
    AttackField,
    CorrectionForm,
    DeathDateFields,
    NewRecordForm,
    TakedownForm,
    TributeForm,
    name_part,
)
from memorial.submissions.models import PENDING, RejectionReason, Submission, SubmittedIdentity
from memorial.submissions.records import (
    NAME_FIELDS,
    edited_content,
    edited_identity,
    edited_names,
    record_policy,
    submitted_identity,
    unsaved_record,
)
from memorial.submissions.selectors import WAITING_FOR_MODERATOR, WITHDRAWAL_TO_CONFIRM

MODERATE = "submissions.moderate_submission"
REVEAL = "submissions.reveal_submission"
REVEALED = "memorial.submission.reveal"
PER_PAGE = 50
# A new record's content holds nothing sealed: its names are in its SubmittedIdentity, redacted until revealed
# like the contact. The rest (the place as typed, the sources) is private to moderators and shown as submitted.
AGES = {"3": 3, "7": 7, "14": 14, "30": 30}
TO_CONFIRM = "withdrawal_to_confirm"


class QueueFilters(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    older_than = forms.ChoiceField(label=gettext_lazy("Waiting for"), required=False)
    attack = forms.ModelChoiceField(
        label=gettext_lazy("Attack"),
        queryset=Attack.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any attack"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Submission.Kind.choices]
        self.fields["status"].choices = [
            ("", _("Waiting for a decision")),
            ("all", _("All")),
            (TO_CONFIRM, _("Withdrawn by the family, to confirm")),
            *Submission.Status.choices,
        ]
        self.fields["older_than"].choices = [
            ("", _("Any time")),
            *((key, _("more than %(days)s days") % {"days": days}) for key, days in AGES.items()),
        ]
        self.fields["attack"].queryset = Attack.objects.order_by("date")

    def apply(self, submissions):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        if status == "":
            submissions = submissions.filter(WAITING_FOR_MODERATOR)
        elif status == TO_CONFIRM:
            submissions = submissions.filter(WITHDRAWAL_TO_CONFIRM)
        elif status != "all":
            submissions = submissions.filter(status=status)
        if data.get("kind"):
            submissions = submissions.filter(kind=data["kind"])
        if data.get("older_than"):
            submissions = submissions.filter(created_at__lt=timezone.now() - timedelta(days=AGES[data["older_than"]]))
        if data.get("attack"):
            # A tribute or correction is about a record of the attack; a new record names the attack itself.
            submissions = submissions.filter(Q(victim__attack=data["attack"]) | Q(attack=data["attack"]))
        return submissions


class ApproveTributeForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text as it will be published"), widget=forms.Textarea(attrs={"rows": 8}))
    author_display = forms.ChoiceField(label=gettext_lazy("Author shown"), choices=Submission.AuthorDisplay.choices)
    author_name = forms.CharField(label=gettext_lazy("Author's name as shown"), required=False, max_length=200)
    author_relationship = forms.CharField(label=gettext_lazy("Relationship as shown"), required=False, max_length=100)
    photos = forms.MultipleChoiceField(
        label=gettext_lazy("Photos to publish"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=gettext_lazy("Note for the history (optional)"), required=False, max_length=500)

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = moderation.AUTHOR_VISIBILITY[moderation.AUTHOR_VISIBILITY.index(submission.author_display) :]
        self.fields["author_display"].choices = [
            (value, label) for value, label in Submission.AuthorDisplay.choices if value in allowed
        ]
        choices = [
            (str(photo.pk), _("Photo %(number)s") % {"number": number})
            for number, photo in enumerate(submission.photos.filter(state="ready"), start=1)
        ]
        if choices:
            self.fields["photos"].choices = choices
        else:
            # Nothing to choose from: no empty "Photos to publish" on the screen.
            del self.fields["photos"]


DATE_FIELDS = ("death_day", "death_month", "death_year")


class PlaceField(forms.ModelChoiceField):
    def label_from_instance(self, place):
        return f"{place} ({place.get_level_display()})"


class EditRecordForm(DeathDateFields):
    """A new record's fields a moderator may change before approving: the policy offers only values at least as
    private as the family asked and the site's defaults (P11). The names are sealed: the form has them only for a
    moderator who may reveal them, on a screen where they were revealed (`with_names`); without them the names
    are kept as they are."""

    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=Victim.Sex.choices)
    age = forms.IntegerField(label=gettext_lazy("Age"), required=False, min_value=0, max_value=130)
    attack = AttackField(
        label=gettext_lazy("Attack"),
        queryset=Attack.objects.none(),
        to_field_name="key",
        required=False,
        empty_label=gettext_lazy("No attack"),
        error_messages={
            "invalid_choice": gettext_lazy("This attack is not in the archive. Choose one from the list, or none.")
        },
    )
    place = PlaceField(
        label=gettext_lazy("Place of death"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=gettext_lazy("The attack's place, or else the governorate the family chose"),
        help_text=gettext_lazy("A place of the archive's list; what the family typed is shown above as they sent it."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "This place is not in the archive's list of places. Choose one from the list."
            )
        },
    )
    biography = forms.CharField(
        label=gettext_lazy("Biography"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    pseudonym = forms.CharField(label=gettext_lazy("Pseudonym"), required=False, max_length=100)

    def __init__(self, *args, submission, with_names=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_names = with_names
        self.fields["death_day"].label = _("Day of death")
        self.fields["death_month"].label = _("Month of death")
        self.fields["death_year"].label = _("Year of death")
        self.fields["death_year"].help_text = _("Leave the date empty for the attack's date.")
        self.fields["attack"].queryset = live_attacks().order_by("date", "key")
        self.fields["place"].queryset = Place.objects.select_related("parent__parent").order_by(
            "name_ar" if get_language() == "ar" else "name_en", "pk"
        )
        floor = record_policy(submission.content)
        for field, choices in POLICY_FIELDS.items():
            self.fields[field] = forms.ChoiceField(
                label=POLICY_LABELS[field],
                choices=[
                    (value, label)
                    for value, label in choices.choices
                    if rank(field, value) >= rank(field, floor[field])
                ],
            )
        if with_names:
            # Arabic first, as the record has them: given, father's and family name in each script.
            names = {
                name: name_part(SubmittedIdentity._meta.get_field(name).verbose_name, "ltr") for name in NAME_FIELDS
            }
            for name in NAME_FIELDS:
                if name.endswith("_ar"):
                    names[name].widget.attrs["dir"] = "rtl"
            self.fields.update(names)
        self.order_fields([*NAME_FIELDS, "sex", "age", *DATE_FIELDS, "attack", "place", "biography", "pseudonym"])

    @classmethod
    def for_submission(cls, submission, data=None, *, with_names=False):
        content = edited_content(submission)
        initial = (
            {name: content.get(name) for name in ("sex", "age", "biography", "pseudonym", "place")}
            | {"attack": content.get("attack") or None}
            | cls.date_initial(content.get("date_of_death"), content.get("date_precision"))
            | record_policy(content)
        )
        if with_names and data is None:
            initial |= edited_names(submission)
        return cls(data, submission=submission, with_names=with_names, initial=initial)

    def clean(self):
        cleaned = super().clean()
        self.clean_date(cleaned)
        return cleaned

    def values(self):
        data = self.cleaned_data
        values = {
            **{name: data[name] for name in ("sex", "age", "biography", "pseudonym")},
            "date_of_death": data["date_of_death"].isoformat() if data["date_of_death"] else "",
            "date_precision": data["date_precision"],
            "attack": data["attack"].key if data["attack"] else "",
            "place": data["place"].pk if data["place"] else None,
            "policy": {field: data[field] for field in POLICY_FIELDS},
        }
        if self.with_names:
            values["names"] = {name: data[name] for name in NAME_FIELDS}
        return values


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Reason"),
        queryset=RejectionReason.objects.all(),
        required=False,
        empty_label=gettext_lazy("No template: write the message below"),
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the family (replaces the reason's message)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    message = forms.CharField(label=gettext_lazy("Message to the family"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Reason, kept in the history"), required=False, max_length=500)


class RevealForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why do you need to see the sealed values?"), max_length=500)


class ModerationScreen(WagtailAdminTemplateMixin, View):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


def to_confirm(submission):
    return submission.status == Submission.Status.WITHDRAWN and submission.withdrawal_confirmed_at is None


def queue_row(submission):
    """What the queue shows of a submission: no content, no author, no contact."""
    return {
        "pk": submission.pk,
        "kind": submission.get_kind_display(),
        "status": _("Withdrawn by the family, to confirm")
        if to_confirm(submission)
        else submission.get_status_display(),
        "status_code": submission.status,
        "received": submission.created_at,
        "days": (timezone.now() - submission.created_at).days,
        "record": str(submission.victim) if submission.victim_id else "",
        "photos": submission.photo_count,
        "processing_failed": submission.processing_failed,
    }


@method_decorator(never_cache, name="dispatch")
class QueueView(ModerationScreen):
    template_name = "submissions/admin/queue.html"

    def get_page_title(self):
        return _("Submissions")

    def get(self, request):
        filters = QueueFilters(request.GET or None)
        submissions = filters.apply(Submission.objects.select_related("victim").annotate(photo_count=Count("photos")))
        page = Paginator(submissions.order_by("created_at", "pk"), PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            filters=filters,
            rows=[queue_row(submission) for submission in page.object_list],
            page_obj=page,
            query_string=query.urlencode(),
        )


def photo_preview(photo):
    """A photo as it would be published (the same re-encoding as the public copy), inline, stored nowhere."""
    with photo.file.open("rb") as stored, Image.open(stored) as picture:
        data = sharp_version(picture)
    width, height = size_of(data)
    return {"url": "data:image/jpeg;base64," + base64.b64encode(data).decode(), "width": width, "height": height}


def name_rows(identity, revealed):
    """A new record's sealed names, one row per part given: each redacted until revealed."""
    rows = []
    for name in NAME_FIELDS:
        value = getattr(identity, name)
        if value:
            label = SubmittedIdentity._meta.get_field(name).verbose_name
            rows.append({"key": label, "value": value if revealed else "", "redacted": not revealed})
    return rows


FAMILY_FORMS = {
    Submission.Kind.TRIBUTE: TributeForm,
    Submission.Kind.NEW_RECORD: NewRecordForm,
    Submission.Kind.CORRECTION: CorrectionForm,
    Submission.Kind.TAKEDOWN: TakedownForm,
}
# What a kind keeps besides its form's fields (the date its three fields make) or under a field the family never
# sees (a takedown's tribute), described as fields too.
DERIVED_FIELDS = {
    "date_of_death": forms.DateField(label=gettext_lazy("Date of death")),
    "date_precision": forms.ChoiceField(
        label=gettext_lazy("Precision of the date"), choices=Victim.DatePrecision.choices
    ),
    "tribute": forms.CharField(label=gettext_lazy("The tribute, by its public reference")),
}


def submitted_value(field, value):
    """What a family chose, as the form showed it to them: a choice's label, a place's or an attack's name."""
    if value in ("", None):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        model = field.queryset.model
        found = model.objects.filter(**{field.to_field_name or "pk": value}).first()
        return str(found) if found else value
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    return value


def content_rows(submission, revealed):
    """What the family sent, field by field under the questions they answered, in the moderator's language."""
    identity = submitted_identity(submission) if submission.kind == Submission.Kind.NEW_RECORD else None
    rows = name_rows(identity, revealed) if identity is not None else []
    fields = FAMILY_FORMS[submission.kind].base_fields | DERIVED_FIELDS
    for key, value in submission.content.items():
        if key == "text" and submission.kind == Submission.Kind.TRIBUTE:
            continue
        if key == "policy":
            rows += [
                {"key": POLICY_LABELS[name], "value": dict(POLICY_FIELDS[name].choices).get(chosen, chosen)}
                for name, chosen in value.items()
                if name in POLICY_FIELDS
            ]
        elif key in fields:
            rows.append({"key": fields[key].label, "value": submitted_value(fields[key], value)})
        else:
            rows.append({"key": key, "value": value})
    for row in rows:
        row["missing"] = row["value"] in ("", None) and not row.get("redacted")
    return rows


def public_record(submission):
    """A new record as the public would see it once published, through the public representation: the policy
    the approval would give it (never looser than the family asked) applied to what the family sent. The
    small-group guard counts the archive when the record is published, and can only show less. It is the record
    as edited (`records.edited_content`), with the edited names."""
    shown = public_victim(unsaved_record(submission), identity=edited_identity(submission))
    language = get_language()
    return {
        "names": names_for(shown, language),
        "withheld": not (shown.name_ar or shown.name_latin),
        "pseudonym": shown.name_is_pseudonym,
        "facts": victim_facts(shown),
        "sex": shown.sex,
        "attack": shown.attack.title if shown.attack else "",
        "biography": in_language(shown.biography_ar, shown.biography_en, language),
    }


def submission_flags(submission, text, additions):
    """Flags on what the family wrote: a tribute's or correction's text, a new record's own words (about the
    person, not flagged for the person's own names)."""
    if submission.kind in (Submission.Kind.TRIBUTE, Submission.Kind.CORRECTION):
        return flags_for("\n".join([text, *additions]), victim_id=submission.victim_id)
    if submission.kind == Submission.Kind.NEW_RECORD:
        content = submission.content
        written = [str(content.get(key) or "") for key in ("biography", "sources", "place_name")]
        return flags_for("\n".join([*written, *additions]), identity=edited_identity(submission))
    return []


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class DetailView(ModerationScreen):
    template_name = "submissions/admin/detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(
            Submission.objects.select_related("victim", "consent", "tribute"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.submission)

    def get(self, request, pk):
        return self.render(**self.screen())

    def screen(self, *, revealed=False, forms_with_errors=None):
        submission = self.submission
        pending = submission.status in PENDING
        photos = list(submission.photos.filter(state="ready"))
        previews = {photo.pk: photo_preview(photo) for photo in photos}
        chosen = {str(photo.pk) for photo in photos}
        forms_with_errors = forms_with_errors or {}
        approve_form = forms_with_errors.get("approve") or ApproveTributeForm(
            submission=submission,
            initial={
                "text": submission.content.get("text", ""),
                "author_display": submission.author_display,
                "author_name": submission.author_name,
                "author_relationship": submission.author_relationship,
                "photos": sorted(chosen),
            },
        )
        public = None
        if submission.kind == Submission.Kind.TRIBUTE:
            initial = approve_form.data if approve_form.is_bound else approve_form.initial
            kept = set(initial.getlist("photos") if hasattr(initial, "getlist") else initial.get("photos", []))
            public = public_tribute(
                _PreviewTribute(
                    text=initial.get("text", ""),
                    author_display=moderation.stricter_author_display(
                        submission.author_display, initial.get("author_display", submission.author_display)
                    ),
                    author_name=initial.get("author_name", ""),
                    author_relationship=initial.get("author_relationship", ""),
                ),
                photos=[
                    PublicPhoto(**previews[photo.pk], alt=tribute_photo_alt())
                    for photo in photos
                    if str(photo.pk) in kept
                ],
            )
        if submission.kind == Submission.Kind.NEW_RECORD:
            public = public_record(submission)
        text = submission.content.get("text", "")
        additions = [addition.text for addition in submission.additions.all()]
        history = ModelLogEntry.objects.filter(
            content_type__app_label="submissions", content_type__model="submission", object_id=str(submission.pk)
        ).select_related("user")
        return {
            "submission": {
                "pk": submission.pk,
                "kind": submission.kind,
                "kind_label": submission.get_kind_display(),
                "status": submission.status,
                "status_label": submission.get_status_display(),
                "received": submission.created_at,
                "language": submission.language,
                "author_display": submission.get_author_display_display(),
                "author_name": submission.author_name,
                "author_relationship": submission.author_relationship,
                "message_to_family": submission.message_to_family,
                "processing_failed": submission.processing_failed,
                "consent_version": submission.consent.version,
                "has_contact": bool(submission.contact),
                "contact": submission.contact if revealed else "",
            },
            "record": self.record_links(),
            "takedown_tribute": self.takedown_tribute(),
            "text": text,
            "content_rows": content_rows(submission, revealed),
            "additions": additions,
            "flags": submission_flags(submission, text, additions),
            "photos": [{"pk": photo.pk, **previews[photo.pk]} for photo in photos],
            "failed_photos": submission.photos.filter(state="failed").count(),
            "public": public,
            "duplicates": [
                {"pk": found.victim.pk, "label": str(found.victim), "reasons": found.reasons}
                for found in possible_duplicates(submission)
            ]
            if submission.kind == Submission.Kind.NEW_RECORD and pending
            else [],
            "pending": pending,
            "withdrawal_to_confirm": to_confirm(submission),
            "revealed": revealed,
            "can_reveal": self.can_reveal(),
            "approve_form": approve_form,
            "edit_form": (
                forms_with_errors.get("edit")
                or EditRecordForm.for_submission(submission, with_names=revealed and self.can_reveal())
            )
            if submission.kind == Submission.Kind.NEW_RECORD and pending
            else None,
            "reject_form": forms_with_errors.get("reject") or RejectForm(),
            "information_form": forms_with_errors.get("information") or MessageForm(),
            "note_form": NoteForm(),
            "reveal_form": forms_with_errors.get("reveal") or RevealForm(),
            "history": [
                {
                    "action": entry.message,
                    "user": entry.user_display_name,
                    "at": entry.timestamp,
                    "reason": entry.comment,
                }
                for entry in history.order_by("-timestamp")[:20]
            ],
        }

    def can_reveal(self):
        return self.request.user.has_perm(REVEAL)

    def takedown_tribute(self):
        """The one published tribute a takedown request is about, as the public sees it, with a link to the
        submission it came from."""
        tribute = self.submission.tribute
        if tribute is None:
            return None
        return {
            "public": public_tribute(tribute),
            "hidden": tribute.hidden_at is not None,
            "url": reverse("submissions_admin:detail", args=[tribute.submission_id]),
        }

    def record_links(self):
        victim = self.submission.victim
        if victim is None:
            return None
        return {
            "label": str(victim),
            "edit_url": reverse("wagtailsnippets_archive_victim:edit", args=[victim.pk]),
            "public_url": reverse("archive:victim", args=[victim.public_id])
            if victim.live and victim.public_id and victim.withdrawn_at is None
            else "",
            "live": victim.live,
        }

    def post(self, request, pk):
        action = request.POST.get("action", "")
        if action == "reveal":
            return self.reveal(request)
        handler = getattr(self, f"decide_{action}", None)
        if handler is None:
            raise PermissionDenied
        try:
            result = handler(request)
        except moderation.DecisionRefused as refused:
            messages.error(request, refused.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if isinstance(result, TemplateResponse):
                return result
            messages.success(request, result)
        return redirect("submissions_admin:detail", self.submission.pk)

    def reveal(self, request):
        if not request.user.has_perm(REVEAL):
            raise PermissionDenied
        form = RevealForm(request.POST)
        if not form.is_valid():
            return self.render(**self.screen(forms_with_errors={"reveal": form}))
        log(instance=self.submission, action=REVEALED, user=request.user, data={"reason": form.cleaned_data["reason"]})
        return self.render(**self.screen(revealed=True))

    def invalid(self, name, form):
        return self.render(**self.screen(forms_with_errors={name: form}))

    def decide_approve(self, request):
        submission = self.submission
        if submission.kind == Submission.Kind.TRIBUTE:
            form = ApproveTributeForm(request.POST, submission=submission)
            if not form.is_valid():
                return self.invalid("approve", form)
            data = form.cleaned_data
            moderation.approve_tribute(
                submission=submission,
                user=request.user,
                text=data["text"],
                author_display=data["author_display"],
                author_name=data["author_name"],
                author_relationship=data["author_relationship"],
                photo_ids=[int(value) for value in data.get("photos", [])],
                note=data["note"],
            )
            return _("The tribute is published on the record's page.")
        note = request.POST.get("note", "")
        if submission.kind == Submission.Kind.NEW_RECORD:
            moderation.approve_new_record(submission=submission, user=request.user, note=note)
            return _("A draft record was made with its sealed identity. Review and publish it in the record editor.")
        if submission.kind == Submission.Kind.CORRECTION:
            moderation.approve_correction(submission=submission, user=request.user, note=note)
            return _("The correction is marked as handled. Apply it in the record editor.")
        raise moderation.DecisionRefused(_("This decision does not apply to this kind of submission."))

    def decide_confirm_withdrawal(self, request):
        moderation.confirm_withdrawal(submission=self.submission, user=request.user, note=request.POST.get("note", ""))
        return _("The family's withdrawal is confirmed.")

    def decide_edit(self, request):
        # The names only from a form that showed them (revealed), and only from a moderator who may reveal them;
        # otherwise they are kept as they are.
        with_names = self.can_reveal() and request.POST.get("edit_names") == "1"
        form = EditRecordForm.for_submission(self.submission, request.POST, with_names=with_names)
        if not form.is_valid():
            messages.error(request, _("Nothing was kept yet: correct what is marked in the edit form below."))
            return self.invalid("edit", form)
        moderation.edit_new_record(submission=self.submission, user=request.user, values=form.values())
        return _("Your changes are kept; the record will be made with them when it is approved.")

    def decide_merge(self, request):
        victim = get_object_or_404(Victim, pk=request.POST.get("record", "0") or 0)
        moderation.merge_new_record(
            submission=self.submission, user=request.user, victim=victim, note=request.POST.get("note", "")
        )
        return _("The submission is attached to the existing record. Add what is new in the record editor.")

    def decide_reject(self, request):
        form = RejectForm(request.POST)
        if not form.is_valid():
            return self.invalid("reject", form)
        moderation.reject(
            submission=self.submission,
            user=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
        return _("The submission was not accepted; the family can read the message on their status page.")

    def decide_information(self, request):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.invalid("information", form)
        moderation.ask_for_information(
            submission=self.submission, user=request.user, message=form.cleaned_data["message"]
        )
        return _("The family will see your message on their status page.")

    def decide_hide(self, request):
        moderation.hide_for_takedown(submission=self.submission, user=request.user, note=request.POST.get("note", ""))
        if self.submission.tribute_id:
            return _("The tribute is hidden from the public while the request is considered.")
        return _("The record is hidden from the public while the request is considered.")

    def decide_confirm(self, request):
        about_tribute = self.submission.tribute_id is not None
        moderation.confirm_takedown(submission=self.submission, user=request.user, note=request.POST.get("note", ""))
        if about_tribute:
            return _("The takedown is confirmed: the tribute and its photos are removed for good.")
        return _("The takedown is confirmed: the record is withdrawn for good.")

    def decide_restore(self, request):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.invalid("information", form)
        moderation.restore_after_takedown(
            submission=self.submission, user=request.user, message=form.cleaned_data["message"]
        )
        if self.submission.tribute_id:
            return _("The request was declined; the tribute is shown again.")
        return _("The request was declined; a hidden record is public again.")


class _PreviewTribute:
    """The values a tribute would be published with, for the public representation's preview."""

    published_at = None

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)
