"""The pages families use: the submission forms, the receipt, and the status page. Every one is a `family_page`
(uncached, POST values out of error reports; the status page sends no referrer at all) with a quick-exit
button. Templates get forms, plain values and public representations, never a Submission or a Victim."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views import View

from memorial.archive.display import names_for, victim_list
from memorial.archive.selectors import victim_index_entries, victim_public, victims_for_entries
from memorial.meta import page_meta
from memorial.submissions import selectors
from memorial.submissions.abuse import (
    family_page,
    over_rate_limit,
    queue_full,
    quick_exit_url,
    receipt_code_page,
    too_many_requests,
)
from memorial.submissions.consent import current_consent
from memorial.submissions.forms import (
    AddInformationForm,
    CorrectionForm,
    NameSearchForm,
    NewRecordForm,
    ReceiptCodeForm,
    TakedownForm,
    TributeForm,
)
from memorial.submissions.intake import accepted_photo_rows, stage_photos, unstage
from memorial.submissions.models import PENDING, TRANSITIONS, ArchiveContact, Submission
from memorial.submissions.services import (
    TransitionRefused,
    add_information,
    receipt_for_token,
    submission_create,
    withdraw_submission,
)


def family_context(title, **values):
    return {
        "meta": page_meta(title),
        "quick_exit_url": quick_exit_url(),
        "review_days": settings.MEMORIAL_REVIEW_DAYS,
        **values,
    }


@method_decorator(family_page, name="dispatch")
class SubmissionFormView(View):
    """One kind of submission form: shown, sent back with its errors (typed text and accepted photos kept), or
    stored with a receipt. A subclass names its `kind`, `form_class`, `template_name` and `title` and may
    override `target` (the record it is about) and `context` (what its template shows besides the form)."""

    kind = None
    form_class = None
    template_name = None
    title = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.consent = current_consent(self.kind, get_language())

    def target(self):
        """(record to store, its public representation) or (None, None)."""
        return None, None

    def context(self, shown):
        return {}

    def initial(self):
        return {}

    def get(self, request, *args, **kwargs):
        _, shown = self.target()
        if selectors.queue_is_full():
            return queue_full(request)
        return self.render_form(self.form_class(consent=self.consent, initial=self.initial()), shown)

    def post(self, request, *args, **kwargs):
        if over_rate_limit(request, "submit"):
            return too_many_requests(request)
        record, shown = self.target()
        if selectors.queue_is_full():
            return queue_full(request)
        form = self.form_class(request.POST, consent=self.consent)
        if form.token_value is not None and (already := receipt_for_token(form.token_value)) is not None:
            # A double submit: the same answer as the first, and nothing of it staged again.
            return self.render_receipt(already)
        key = form.staging_key
        photo_errors = []
        if key is not None:
            unstage(staging_key=key, ids=[value for value in request.POST.getlist("remove_photo") if value.isdigit()])
            photo_errors = stage_photos(staging_key=key, uploads=request.FILES.getlist("photos"))
        if not form.is_valid() or photo_errors:
            for error in photo_errors:
                form.add_error("photos", error)
            return self.render_form(form, shown, status=400)
        receipt = submission_create(
            kind=self.kind,
            token_value=form.token_value,
            language=get_language(),
            consent=self.consent,
            content=form.content(),
            victim=record,
            **form.author_fields(),
            **form.sealed_fields(),
        )
        return self.render_receipt(receipt)

    def render_receipt(self, receipt):
        return render(
            self.request,
            "submissions/receipt.html",
            family_context(
                gettext("Thank you. We have received it"), code=receipt.code, photos_ready=receipt.photos_ready
            ),
        )

    def render_form(self, form, shown, status=200):
        key = form.staging_key if form.is_bound else None
        return render(
            self.request,
            self.template_name,
            family_context(
                str(self.title),
                form=form,
                consent_text=self.consent.text,
                accepted_photos=accepted_photo_rows(key) if key else [],
                **self.context(shown),
            ),
            status=status,
        )


class AboutPublishedVictim:
    """For a form reached from a published victim's page (`<public_id>` in its URL): the record is stored with
    the submission, its public representation and names shown on the page; any id that is not public answers
    the same 404 as the victim's page."""

    def target(self):
        shown = victim_public(self.kwargs["public_id"])
        return selectors.published_victim(shown.public_id), shown

    def context(self, shown):
        return {"victim": shown, "names": names_for(shown, get_language())}


class TributeView(AboutPublishedVictim, SubmissionFormView):
    kind = Submission.Kind.TRIBUTE
    form_class = TributeForm
    template_name = "submissions/tribute.html"
    title = gettext_lazy("Leave a tribute")


# What each status means for the family, in plain words (and a class for its colour).
STATUS_WORDS = {
    Submission.Status.RECEIVED: (
        "received",
        gettext_lazy(
            "We have received it and it is waiting for a moderator. Nothing is published before a moderator has "
            "reviewed it."
        ),
    ),
    Submission.Status.NEEDS_INFORMATION: (
        "needs-information",
        gettext_lazy("A moderator needs more information from you before deciding. You can add it below."),
    ),
    Submission.Status.APPROVED: (
        "approved",
        gettext_lazy("A moderator has approved it. It is now part of the archive."),
    ),
    Submission.Status.REJECTED: ("rejected", gettext_lazy("A moderator has decided not to publish it.")),
    Submission.Status.WITHDRAWN: (
        "withdrawn",
        gettext_lazy("You have withdrawn it. Nothing of it is shown on the site."),
    ),
}


def status_summary(submission):
    """What the status page shows of a submission: plain words, no content and no contact."""
    css, words = STATUS_WORDS[submission.status]
    return {
        "kind": submission.get_kind_display(),
        "received": submission.created_at,
        "status": submission.get_status_display(),
        "status_class": css,
        "explanation": words,
        "message": submission.message_to_family,
        "processing_failed": submission.processing_failed,
        "additions": submission.additions.count(),
        "can_add": submission.status in PENDING,
        "can_withdraw": submission.status in TRANSITIONS[Submission.Status.WITHDRAWN],
    }


@receipt_code_page
def status(request):
    """The receipt code arrives by POST only; the answer to an unknown code is the same whatever the reason."""
    title = gettext("Check a submission")
    if request.method != "POST":
        return render(request, "submissions/status.html", family_context(title, form=ReceiptCodeForm()))
    if over_rate_limit(request, "status"):
        return too_many_requests(request)
    action = request.POST.get("action", "show")
    submission = selectors.submission_for_code(request.POST.get("code", ""))
    if submission is None:
        return render(
            request,
            "submissions/status.html",
            family_context(title, form=ReceiptCodeForm(), not_found=True),
        )
    notice = ""
    add_form = None
    if action == "add":
        form = AddInformationForm(request.POST)
        if form.is_valid():
            try:
                add_information(submission=submission, text=form.cleaned_data["text"])
                notice = gettext("Thank you. What you added has been kept with your submission.")
            except TransitionRefused:
                notice = gettext("This submission can no longer be changed.")
        else:
            add_form = form
    elif action == "withdraw" and request.POST.get("confirm") == "yes":
        try:
            withdraw_submission(submission=submission)
            notice = gettext("Your submission has been withdrawn. Nothing of it is shown on the site.")
        except TransitionRefused:
            notice = gettext("This submission can no longer be withdrawn.")
        submission.refresh_from_db()
    elif action == "withdraw":
        return render(
            request,
            "submissions/withdraw_confirm.html",
            family_context(gettext("Withdraw your submission"), code=request.POST.get("code", "")),
        )
    summary = status_summary(submission)
    if add_form is None and summary["can_add"]:
        add_form = AddInformationForm(initial={"code": request.POST.get("code", "")})
    return render(
        request,
        "submissions/status_result.html",
        family_context(
            title,
            summary=summary,
            code=request.POST.get("code", ""),
            add_form=add_form,
            notice=notice,
        ),
    )


SEARCH_RESULTS_SHOWN = 20


@family_page
def new_record_search(request):
    """The first step of a new record: the archive's own public name search, so a family finds a record that is
    already here before writing it again. Results are public representations only, and a withheld name answers
    like a name nobody has (P9), because the search reads only the keys of public names."""
    form = NameSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    victims = ""
    more = False
    if query:
        entries = list(victim_index_entries(query=query)[: SEARCH_RESULTS_SHOWN + 1])
        more = len(entries) > SEARCH_RESULTS_SHOWN
        victims = victim_list(victims_for_entries(entries[:SEARCH_RESULTS_SHOWN]))
    return render(
        request,
        "submissions/new_record_search.html",
        family_context(
            gettext("Add a person to the archive"), form=form, searched=bool(query), victims=victims, more=more
        ),
    )


class NewRecordView(SubmissionFormView):
    kind = Submission.Kind.NEW_RECORD
    form_class = NewRecordForm
    template_name = "submissions/new_record.html"
    title = gettext_lazy("Add a person to the archive")


class CorrectionView(AboutPublishedVictim, SubmissionFormView):
    """A correction of a published record, asked from its page."""

    kind = Submission.Kind.CORRECTION
    form_class = CorrectionForm
    template_name = "submissions/correction.html"
    title = gettext_lazy("Ask for a correction")


class TakedownView(AboutPublishedVictim, SubmissionFormView):
    """A request to take a published record down. It never hides anything by itself: it waits for a moderator,
    like every submission. Only a receipt code withdraws at once, and only what its holder sent."""

    kind = Submission.Kind.TAKEDOWN
    form_class = TakedownForm
    template_name = "submissions/takedown.html"
    title = gettext_lazy("Ask for this record to be taken down")

    def target(self):
        """A link under one tribute names it by its public token; a token that names no tribute shown on this
        record's page (an old id-based address among them) answers the same 404 as an id that is not public."""
        record, shown = super().target()
        token = self.tribute_token()
        if token and not selectors.shown_tributes(record).filter(public_token=token).exists():
            raise Http404
        return record, shown

    def tribute_token(self):
        return self.request.GET.get("tribute", "")

    def initial(self):
        token = self.tribute_token()
        return {"tribute": token} if token else {}

    def context(self, shown):
        return {**super().context(shown), "about_tribute": bool(self.tribute_token())}


def about(request):
    """Who keeps the archive, how families reach the team, how takedowns work and what happens to what they send.
    The addresses come from the site setting, handed to the template as plain values."""
    contact = ArchiveContact.for_request(request)
    return render(
        request,
        "submissions/about.html",
        {
            "meta": page_meta(
                gettext("About the archive and how to reach us"),
                gettext(
                    "Who keeps this archive, how families can reach its team, how to ask for a correction or a "
                    "takedown, and what happens to what you send."
                ),
            ),
            "contact_email": contact.email,
            "contact_other": contact.other_ways,
            "review_days": settings.MEMORIAL_REVIEW_DAYS,
        },
    )
