"""What every family-facing form shares to resist abuse without a third-party service (M5), and the pages that
refuse politely.

- `GuardedForm`: a form base with a signed form token (minimum fill time, photo staging key, idempotency), a
  honeypot field, and text fields that drop invisible controls. CSRF comes from Django's middleware.
- `over_rate_limit`: per-client and global limits with django-ratelimit on the shared cache; the client is
  `memorial.client_ip.client_ip`, which trusts only TRUSTED_PROXY_COUNT proxies. django-ratelimit keeps only a
  hash of the client's address in the cache key. (Django's database cache increments a counter with a read
  and a write, so simultaneous requests on the embedded setup may lose a count; production's Redis cache
  counts atomically.)
- `family_page`: uncached (`Cache-Control: no-store`), no referrer, POST bodies hidden from error reports,
  and a cap on the request's size before it is read.
- `too_many_requests`, `queue_full`, `too_large`: the refusals, in the visitor's language.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from django_ratelimit.core import is_ratelimited

from memorial.archive.text import without_controls
from memorial.client_ip import client_ip
from memorial.meta import page_meta
from memorial.privacy.photos import MAX_UPLOAD_BYTES
from memorial.submissions.intake import MAX_PHOTOS
from memorial.submissions.receipts import new_form_token, read_form_token, staging_key

# Room for the photos a form may carry and the text around them; a larger body is refused unread.
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_UPLOAD_BYTES + 2 * 1024 * 1024
RETRY_AFTER_RATE = 60 * 60
RETRY_AFTER_QUEUE = 24 * 60 * 60


class PlainTextField(forms.CharField):
    """Text as a family types it, without invisible bidirectional and zero-width controls (memorial.archive.text).
    Django's CharField already refuses null characters and enforces max_length."""

    def to_python(self, value):
        return without_controls(super().to_python(value))


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """The photo input. Its files are checked by the photo intake (`intake.stage_photos`), not here, so that
    each photo gets its own message and accepted ones are kept."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"})

    def clean(self, data, initial=None):
        return []


class GuardedForm(forms.Form):
    """Base of every submission form: a signed token and a honeypot. Subclasses add their own fields.

    The token is read as the form is bound, before validation, so the view can stage photos under
    `staging_key` even when other fields have errors. An expired or forged token is replaced by a fresh one,
    so the page shown again can be sent."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people by the stylesheet (.form-trap); scripts that fill every field fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.token_value = None
        self.token_age = None
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()
            return
        read = read_form_token(
            self.data.get(self.add_prefix("form_token")), max_age=settings.MEMORIAL_SUBMISSION_FORM_MAX_AGE
        )
        if read is None:
            self.data = self.data.copy()
            self.data[self.add_prefix("form_token")] = new_form_token()
        else:
            self.token_value, self.token_age = read

    @property
    def trapped(self):
        return bool(self.data.get(self.add_prefix("website")))

    @property
    def staging_key(self):
        """Where this form's accepted photos wait; None when the form is not one this site served (or a
        script filled the honeypot): such a request stages nothing."""
        if self.token_value is None or self.trapped:
            return None
        return staging_key(self.token_value)

    def clean(self):
        cleaned = super().clean()
        if self.trapped:
            raise ValidationError(
                _("This form could not be sent. Please leave the last field empty and send it again."), code="trap"
            )
        if self.token_value is None:
            raise ValidationError(
                _("This form was open for a long time and has expired. Please check your answers and send it again."),
                code="expired",
            )
        if self.token_age < settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS:
            raise ValidationError(
                _("That was very quick. Please read over what you wrote, then send it again."), code="too_fast"
            )
        return cleaned


def client_key(group, request):
    return client_ip(request) or "unknown"


def everyone_key(group, request):
    return "everyone"


def over_rate_limit(request, scope):
    """Count this request against the per-client and the global limit of `scope` (settings
    MEMORIAL_SUBMISSION_RATES); True when either is exceeded."""
    rates = settings.MEMORIAL_SUBMISSION_RATES[scope]
    limited = False
    for which, key in (("client", client_key), ("all", everyone_key)):
        limited |= is_ratelimited(
            request, group=f"memorial.submissions.{scope}.{which}", key=key, rate=rates[which], increment=True
        )
    return limited


def refusal(request, *, status, title, message, retry_after=None):
    response = render(
        request,
        "submissions/refusal.html",
        {"meta": page_meta(str(title)), "title": title, "message": message, "quick_exit_url": quick_exit_url()},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def too_many_requests(request):
    return refusal(
        request,
        status=429,
        title=_("Please wait a little"),
        message=_(
            "We have received many requests from your connection in a short time. Nothing from this last request "
            "was stored. Please try again in an hour."
        ),
        retry_after=RETRY_AFTER_RATE,
    )


def queue_full(request):
    return refusal(
        request,
        status=503,
        title=_("We cannot take new submissions just now"),
        message=_(
            "Our moderators are still reading what families have already sent, and we want to give each "
            "submission the care it deserves. Nothing was stored. Please come back in a few days."
        ),
        retry_after=RETRY_AFTER_QUEUE,
    )


def too_large(request):
    return refusal(
        request,
        status=413,
        title=_("This was too much to send at once"),
        message=_("Nothing was stored. Please send at most %(count)s photos of at most %(size)s MB each.")
        % {"count": MAX_PHOTOS, "size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


def quick_exit_url():
    return settings.MEMORIAL_QUICK_EXIT_URL


def family_page(view):
    """Wrap a view of a family-facing page: never cached, no referrer sent to another site, POST values kept out of
    error reports, and an oversized body refused before it is read."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        response = too_large(request) if length > MAX_REQUEST_BYTES else view(request, *args, **kwargs)
        # No referrer ever leaves the site (the quick exit included). Not "no-referrer": under it a browser sends
        # "Origin: null" with the form's own POST, and Django's CSRF check refuses every family's submission.
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(sensitive_post_parameters()(wrapped))
