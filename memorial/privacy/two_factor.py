"""Two-factor authentication for the admin (P4): TOTP on django-otp, with single-use recovery codes.

Every account that can open the admin must have confirmed a device and entered a code in this session before
any admin page opens, renditions of photos included."""

import base64
import io
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from wagtail.log_actions import log

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.privacy.admin_views import AdminScreen
from memorial.privacy.forms import SetupForm, TokenForm
from memorial.privacy.sign_ins import tell_about_failed_sign_ins

RECOVERY_CODES = 10
ENROLLED = "memorial.2fa.enrol"
VERIFIED_WITH_RECOVERY = "memorial.2fa.recovery"


def requires_two_factor(user):
    # No list of sensitive rights: any admin account sees unpublished records, photos or the audit log, and
    # a list misses the next right someone adds.
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def throttled_message(devices):
    """After a wrong code django-otp refuses every code for 1, 2, 4 … seconds. A code typed in that pause is
    refused unread, so it must not be called wrong: say that the refusal is the pause, and how long it lasts."""
    until = [
        data["locked_until"]
        for allowed, data in (device.verify_is_allowed() for device in devices)
        if not allowed and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS
    ]
    if not until:
        return None
    seconds = max(1, math.ceil((max(until) - timezone.now()).total_seconds()))
    return ngettext(
        "After a wrong code, codes are not checked for a moment. Wait %(seconds)s second, then enter the code "
        "your app shows.",
        "After wrong codes, codes are not checked for a moment. Wait %(seconds)s seconds, then enter the code "
        "your app shows.",
        seconds,
    ) % {"seconds": seconds}


def has_confirmed_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


class AdminTwoFactorMiddleware:
    """Sends an admin user who needs a second factor to set one up, or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(settings.CSP_ADMIN_PATH_PREFIX)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not path.startswith(self.open_paths())
            and requires_two_factor(request.user)
        ):
            target = "privacy:two_factor_verify" if has_confirmed_device(request.user) else "privacy:two_factor_setup"
            return redirect(f"{reverse(target)}?next={path}")
        return self.get_response(request)

    @staticmethod
    def open_paths():
        # The screens that set up or check the second factor, and what they need to load.
        names = ("privacy:two_factor_setup", "privacy:two_factor_verify", "wagtailadmin_logout", "wagtailadmin_login")
        names += ("wagtailadmin_javascript_catalog", "wagtailadmin_sprite", "wagtailadmin_password_reset")
        return tuple(reverse(name) for name in names)


def account(request):
    """The user model instance behind request.user (a lazy proxy the audit log cannot file)."""
    return get_user_model().objects.get(pk=request.user.pk)


def safe_next(request):
    target = request.GET.get("next") or request.POST.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("wagtailadmin_home")
    return target


def qr_code_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class SetupView(AdminScreen):
    template_name = "privacy/admin/two_factor_setup.html"
    header_icon = "key"
    page_title = gettext_lazy("Set up two-factor authentication")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        if has_confirmed_device(request.user):
            return redirect(f"{reverse('privacy:two_factor_verify')}?next={safe_next(request)}")
        return super().dispatch(request, *args, **kwargs)

    def device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name="authenticator", confirmed=False)

    def render_setup(self, form, device):
        secret = base64.b32encode(device.bin_key).decode()
        return self.render(
            form=form, secret=secret, qr_code=qr_code_svg(device.config_url), next=safe_next(self.request)
        )

    def get(self, request):
        return self.render_setup(SetupForm(), self.device())

    def confirm(self, request, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = StaticDevice.objects.create(user=request.user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
        otp_login(request, device)
        tell_about_failed_sign_ins(request)
        log(instance=account(request), action=ENROLLED, user=request.user)
        self.template_name = "privacy/admin/two_factor_recovery.html"
        self.page_title = _("Save your recovery codes")
        return self.render(codes=codes, next=safe_next(request))

    def post(self, request):
        device = self.device()
        form = SetupForm(request.POST)
        if form.is_valid():
            throttled = throttled_message([device])
            if throttled:
                form.add_error("token", throttled)
            elif device.verify_token(form.cleaned_data["token"]):
                return self.confirm(request, device)
            else:
                form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
        return self.render_setup(form, device)


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class VerifyView(AdminScreen):
    template_name = "privacy/admin/two_factor_verify.html"
    header_icon = "key"
    page_title = gettext_lazy("Enter your authentication code")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(form=TokenForm(), next=safe_next(request))

    def post(self, request):
        form = TokenForm(request.POST)
        throttled = form.is_valid() and throttled_message(devices_for_user(request.user, confirmed=True))
        if throttled:
            form.add_error("token", throttled)
        elif form.is_valid():
            device = match_token(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                tell_about_failed_sign_ins(request)
                if isinstance(device, StaticDevice):
                    log(instance=account(request), action=VERIFIED_WITH_RECOVERY, user=request.user)
                    messages.warning(request, _("You used a recovery code; it cannot be used again."))
                return redirect(safe_next(request))
            form.add_error("token", _("That code is not right."))
        return self.render(form=form, next=safe_next(request))
