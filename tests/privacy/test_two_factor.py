"""Two-factor authentication, login throttling and admin session expiry (P4)."""

import datetime
import io
import re

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as PillowImage

from tests.admin_support import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-for-tests"  # noqa: S105


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def no_wait_between_codes(settings):
    """django-otp makes a device wait seconds after a wrong code; these tests type the next one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def moderator(django_user_model):
    user = make_user(django_user_model, "moderator", "change_victim", "view_victim", "approve_policychange")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username, password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_a_moderator_without_a_device_cannot_reach_the_queue(client, moderator):
    log_in(client, "moderator")
    response = client.get("/admin/privacy/policy/requests/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/privacy/two-factor/setup/")
    assert client.get("/admin/").status_code == 302


def test_enrolling_a_device_gives_recovery_codes_and_opens_the_admin(client, moderator):
    log_in(client, "moderator")
    setup = client.get("/admin/privacy/two-factor/setup/?next=/admin/privacy/policy/requests/")
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)

    wrong = client.post("/admin/privacy/two-factor/setup/", {"token": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post(
        "/admin/privacy/two-factor/setup/", {"token": code_for(device), "next": "/admin/privacy/policy/requests/"}
    )
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/privacy/policy/requests/").status_code == 200
    assert ModelLogEntry.objects.filter(action="memorial.2fa.enrol", object_id=str(moderator.pk)).exists()


@pytest.fixture
def enrolled(client, moderator):
    log_in(client, "moderator")
    client.get("/admin/privacy/two-factor/setup/")
    device = TOTPDevice.objects.get(user=moderator)
    done = client.post("/admin/privacy/two-factor/setup/", {"token": code_for(device)})
    client.post("/admin/logout/")
    return device, re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())


def test_next_login_asks_for_a_code(client, moderator, enrolled):
    device, _ = enrolled
    log_in(client, "moderator")
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/privacy/two-factor/verify/")
    assert client.post("/admin/privacy/two-factor/verify/", {"token": "123456"}).status_code == 200
    assert client.get("/admin/").status_code == 302
    passed = client.post("/admin/privacy/two-factor/verify/", {"token": code_for(device, offset=1), "next": "/admin/"})
    assert passed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, moderator, enrolled):
    _, codes = enrolled
    log_in(client, "moderator")
    assert client.post("/admin/privacy/two-factor/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    log_in(client, "moderator")
    assert client.post("/admin/privacy/two-factor/verify/", {"token": codes[0]}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_next_address_cannot_lead_off_site(client, moderator, enrolled):
    device, _ = enrolled
    log_in(client, "moderator")
    response = client.post(
        "/admin/privacy/two-factor/verify/", {"token": code_for(device, offset=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def permission(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def account_with(django_user_model, role):
    """A password-only account in one of the roles that can open the admin."""
    if role == "superuser":
        return django_user_model.objects.create_superuser("holder", password=PASSWORD)
    user = django_user_model.objects.create_user("holder", password=PASSWORD)
    if role in ("Editors", "Moderators"):
        # Wagtail's own groups, as its migrations create them.
        user.groups.add(Group.objects.get(name=role))
        return user
    group = Group.objects.create(name="holders")
    group.permissions.add(permission("wagtailadmin.access_admin"))
    if role == "images only":
        for codename in ("add_image", "change_image", "choose_image"):
            GroupCollectionPermission.objects.create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=permission(f"wagtailimages.{codename}"),
            )
    else:
        group.permissions.add(
            permission({"view-only": "archive.view_victim", "delete only": "archive.delete_victim"}[role])
        )
    user.groups.add(group)
    return user


ROLES = ["Editors", "Moderators", "view-only", "images only", "delete only", "superuser"]


@pytest.fixture
def admin_urls(media, sealed_victim):
    image = get_image_model().objects.create(title="sample", file=png_upload())
    rendition = image.get_rendition("width-20")
    victims = "/admin/snippets/archive/victim"
    return [
        "/admin/",
        f"{victims}/",
        f"{victims}/edit/{sealed_victim.pk}/",
        "/admin/images/",
        f"/admin/images/{image.pk}/",
        rendition.url,
        "/admin/reports/site-history/",
        f"/admin/privacy/policy/{sealed_victim.pk}/",
        f"/admin/privacy/identity/{sealed_victim.pk}/",
        "/admin/privacy/policy/requests/",
        "/admin/privacy/defaults/",
        "/admin/users/",
    ]


def png_upload():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "gray").save(buffer, "PNG")
    return SimpleUploadedFile("sample.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("role", ROLES)
def test_a_password_alone_opens_no_admin_page_in_any_role(client, django_user_model, admin_urls, role):
    user = account_with(django_user_model, role)
    assert log_in(client, "holder").status_code == 302
    for url in admin_urls:
        response = client.get(url)
        assert response.status_code == 302, (role, url)
        assert response["Location"].startswith("/admin/privacy/two-factor/setup/"), (role, url)

    # Once the account has enrolled, and entered a code at its next login, the admin opens.
    client.get("/admin/privacy/two-factor/setup/")
    client.post("/admin/privacy/two-factor/setup/", {"token": code_for(TOTPDevice.objects.get(user=user))})
    client.post("/admin/logout/")
    log_in(client, "holder")
    assert client.get("/admin/")["Location"].startswith("/admin/privacy/two-factor/verify/")
    client.post("/admin/privacy/two-factor/verify/", {"token": code_for(TOTPDevice.objects.get(user=user), offset=1)})
    assert client.get("/admin/").status_code == 200


ADDRESS_A = "192.0.2.1"
ADDRESS_B = "192.0.2.2"


def log_in_from(client, address, username, password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def colleague(django_user_model):
    return make_user(django_user_model, "colleague", "view_victim")


def test_failed_logins_lock_the_account_from_that_address(client, moderator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in_from(client, ADDRESS_A, "moderator", "wrong").status_code == 200
    assert log_in_from(client, ADDRESS_A, "moderator", "wrong").status_code == 429
    # Locked: even the right password is refused from there now.
    assert log_in_from(client, ADDRESS_A, "moderator").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(client, moderator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_from(client, ADDRESS_A, "moderator", "wrong")
    assert log_in_from(client, ADDRESS_A, "moderator").status_code == 429
    # Anyone can type a moderator's username five times; the moderator still logs in from their own connection.
    assert log_in_from(client, ADDRESS_B, "moderator").status_code == 302


def test_failures_for_one_account_do_not_lock_the_address_for_another(client, moderator, colleague):
    colleague.set_password(PASSWORD)
    colleague.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_from(client, ADDRESS_A, "moderator", "wrong")
    # A colleague behind the same connection (an office, a mobile carrier's shared address) still logs in.
    assert log_in_from(client, ADDRESS_A, "colleague").status_code == 302


def failed_sign_in_notices(response):
    page = BeautifulSoup(response.content, "html.parser")
    shown = [item.get_text(" ", strip=True) for item in page.select(".messages li")]
    return [message for message in shown if "failed sign-in" in message]


def sign_in_completely(client, device, offset):
    """Password from ADDRESS_A, then the code; returns the page the admin opens on."""
    log_in_from(client, ADDRESS_A, "moderator")
    token = code_for(device, offset=offset)
    return client.post("/admin/privacy/two-factor/verify/", {"token": token, "next": "/admin/"}, follow=True)


def test_signing_in_tells_how_many_attempts_failed_since_the_last_time(client, moderator, enrolled):
    device, _ = enrolled
    UserProfile.objects.update_or_create(user=moderator, defaults={"preferred_language": "en"})
    for _ in range(3):
        log_in_from(client, ADDRESS_B, "moderator", "wrong")
    # Someone who knows the password but has no code does not clear the notice before its owner sees it.
    log_in_from(client, ADDRESS_B, "moderator")
    client.post("/admin/logout/")

    [notice] = failed_sign_in_notices(sign_in_completely(client, device, offset=1))
    assert notice.startswith("3 failed sign-in attempts were made on your account since you last signed in")
    assert ADDRESS_B not in notice
    client.post("/admin/logout/")

    assert failed_sign_in_notices(sign_in_completely(client, device, offset=2)) == []


PROXY = "10.0.0.1"


def log_in_through_proxy(client, forwarded_for, password="wrong"):  # noqa: S107
    data = {"username": "moderator", "password": password}
    return client.post("/admin/login/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(client, settings, moderator):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_proxy(client, f"203.0.113.{number}")
    assert log_in_through_proxy(client, "198.51.100.9", PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(client, settings, moderator):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_proxy(client, "203.0.113.5")
    assert log_in_through_proxy(client, "203.0.113.5", PASSWORD).status_code == 429
    # What the locked-out client writes in front of the proxy's own entry does not free it.
    assert log_in_through_proxy(client, "198.51.100.9, 203.0.113.5", PASSWORD).status_code == 429
    # Another client behind the same proxy still logs in.
    assert log_in_through_proxy(client, "198.51.100.9", PASSWORD).status_code == 302


def test_admin_sessions_expire_after_inactivity(client, moderator):
    log_in(client, "moderator")
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expire_at_browser_close()


def last_active(client, ago):
    """Make the client's session look as if its last request was `ago` before now."""
    last_request = timezone.now() - ago
    expiry = last_request + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=expiry)


def test_an_idle_admin_session_ends_and_activity_keeps_it_open(admin_client):
    limit = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    last_active(admin_client, limit - datetime.timedelta(minutes=1))
    assert admin_client.get("/admin/").status_code == 200
    # That request was activity: the session runs for the whole limit from it.
    session = Session.objects.get(session_key=admin_client.session.session_key)
    assert session.expire_date > timezone.now() + limit - datetime.timedelta(minutes=1)

    last_active(admin_client, limit + datetime.timedelta(minutes=1))
    response = admin_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_session_is_saved_only_when_its_expiry_falls_behind(admin_client):
    # Every request saved it once (a database write and commit per signed-in request); now only once the stored
    # expiry lags more than the refresh interval behind, so an idle session never outlives the limit.
    limit = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    interval = datetime.timedelta(seconds=settings.SESSION_REFRESH_INTERVAL)
    key = admin_client.session.session_key
    last_active(admin_client, interval - datetime.timedelta(seconds=30))
    stored = Session.objects.get(session_key=key).expire_date
    assert admin_client.get("/admin/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == stored

    last_active(admin_client, interval + datetime.timedelta(seconds=30))
    assert admin_client.get("/admin/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + limit - datetime.timedelta(minutes=1)


def header(response):
    """What the admin header shows: its last breadcrumb (Wagtail's default one reads "Home")."""
    page = BeautifulSoup(response.content, "html.parser")
    return page.select("[data-w-breadcrumbs] li")[-1].get_text(strip=True)


def test_each_two_factor_screen_is_headed_by_its_own_title(client, moderator):
    log_in(client, "moderator")
    setup = client.get("/admin/privacy/two-factor/setup/")
    done = client.post("/admin/privacy/two-factor/setup/", {"token": code_for(TOTPDevice.objects.get(user=moderator))})
    client.post("/admin/logout/")
    log_in(client, "moderator")
    verify = client.get("/admin/privacy/two-factor/verify/")
    with translation.override(settings.LANGUAGE_CODE):
        assert header(setup) == gettext("Set up two-factor authentication")
        assert header(done) == gettext("Save your recovery codes")
        assert header(verify) == gettext("Enter your authentication code")


def test_setting_up_asks_only_for_the_app_code_as_there_are_no_recovery_codes_yet(client, moderator):
    log_in(client, "moderator")
    setup = client.get("/admin/privacy/two-factor/setup/").content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("The six digits your authenticator app shows now.") in setup
        assert gettext("The six digits your authenticator app shows, or one of your recovery codes.") not in setup


@pytest.fixture
def real_wait_between_codes(settings, moderator):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    settings.OTP_STATIC_THROTTLE_FACTOR = 1
    UserProfile.objects.update_or_create(user=moderator, defaults={"preferred_language": "en"})


def error_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_right_code_in_the_pause_after_a_wrong_one_is_told_to_wait_not_called_wrong(
    client, moderator, enrolled, real_wait_between_codes
):
    device, _ = enrolled
    log_in(client, "moderator")
    wrong = client.post("/admin/privacy/two-factor/verify/", {"token": "000000"})
    assert "That code is not right." in error_text(wrong)

    paused = client.post("/admin/privacy/two-factor/verify/", {"token": code_for(device, offset=1)})
    assert paused.status_code == 200
    assert "Wait 1 second, then enter the code your app shows." in error_text(paused)
    assert "not right" not in error_text(paused)
    assert client.get("/admin/").status_code == 302

    # The pause is over (the wrong code paused the recovery codes too).
    two_seconds_ago = timezone.now() - datetime.timedelta(seconds=2)
    for devices in (TOTPDevice.objects, StaticDevice.objects):
        devices.filter(user=moderator).update(throttling_failure_timestamp=two_seconds_ago)
    passed = client.post("/admin/privacy/two-factor/verify/", {"token": code_for(device, offset=1), "next": "/admin/"})
    assert passed["Location"] == "/admin/"


def test_enrolling_after_a_wrong_code_says_to_wait(client, moderator, real_wait_between_codes):
    log_in(client, "moderator")
    client.get("/admin/privacy/two-factor/setup/")
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    client.post("/admin/privacy/two-factor/setup/", {"token": "000000"})
    paused = client.post("/admin/privacy/two-factor/setup/", {"token": code_for(device)})
    assert "Wait 1 second" in error_text(paused)
    assert "Check the time on your phone" not in error_text(paused)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
