"""The whole journey in Arabic: a family sends a tribute with a GPS-tagged photo, a moderator approves it from the
Arabic admin (queue and detail at phone and desktop widths), and the tribute shows on the victim's page with a
photo the public can fetch that carries no metadata."""

import io
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.storage import storages

from wagtail.users.models import UserProfile

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from memorial.privacy.publication import victims_published
from memorial.submissions.models import Submission
from tests.e2e.conftest import SCREENSHOTS, serve_media
from tests.factories import VictimFactory
from tests.submissions.moderation_support import make_moderator, make_submission
from tests.submissions.support import GPS_CANARY, jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "moderator-password-for-tests-1"  # noqa: S105


@pytest.fixture
def arabic_moderator(django_user_model):
    user = make_moderator(django_user_model, "moderator-ar", language="ar")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def remembered(media, settings):
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 0
    victim = VictimFactory()
    victims_published([victim])
    victim.refresh_from_db()
    return victim


def log_in(page, site_url, user):
    page.goto(f"{site_url}/admin/login/")
    page.fill('input[name="username"]', user.username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url("**/admin/privacy/two-factor/verify/**")
    device = TOTPDevice.objects.get(user=user)
    page.fill('input[name="token"]', f"{TOTP(device.bin_key).token():06d}")
    page.click('#two-factor-form button[type="submit"]')
    page.wait_for_url(f"{site_url}/admin/")


def test_a_tribute_with_a_gps_photo_from_family_to_public_page_in_arabic(
    page, site_url, remembered, arabic_moderator, screenshot, tmp_path
):
    serve_media(page)
    # The family, on the Arabic victim page.
    page.goto(f"{site_url}/ar/victims/{remembered.public_id}/")
    page.click(".tribute-link a")
    page.fill('textarea[name="text"]', "كانت تغني لنا كل مساء. لن ننساها.")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files('input[name="photos"]', str(photo))
    page.check('input[name="author_display"][value="relationship"]')
    page.fill('input[name="author_relationship"]', "ابنتها")
    page.check('input[name="consent_given"]')
    page.click('main form button[type="submit"]')
    assert page.locator(".receipt__code").inner_text().strip()
    screenshot(page, "journey-ar-receipt")
    submission = Submission.objects.get()

    # The moderator, in the Arabic admin: the queue and the detail at phone and desktop widths.
    log_in(page, site_url, arabic_moderator)
    page.goto(f"{site_url}/admin/")
    assert "1 مشاركة بانتظار القرار" in page.locator("main").inner_text()
    for width, height, name in ((390, 844, "phone"), (1366, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{site_url}/admin/submissions/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        screenshot(page, f"moderation-queue-ar-{name}")
        page.goto(f"{site_url}/admin/submissions/{submission.pk}/")
        screenshot(page, f"moderation-detail-ar-{name}")
    preview = page.locator("[aria-labelledby=public-title] .tribute")
    assert "ابنتها" in preview.inner_text()
    page.click('button[name="action"][value="approve"]')
    page.wait_for_load_state()
    assert "نُشرت الكلمة على صفحة السجل." in page.locator("body").inner_text()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED

    # The public page shows it, with the author as chosen, and the photo has no metadata.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}/ar/victims/{remembered.public_id}/")
    tribute = page.locator(".tributes .tribute")
    assert "كانت تغني لنا كل مساء" in tribute.inner_text()
    assert "ابنتها" in tribute.locator(".tribute__author").inner_text()
    source = tribute.locator(".tribute__photos img").get_attribute("src")
    assert page.evaluate("src => fetch(src).then(r => r.status)", source) == 200
    name = unquote(urlparse(source).path).removeprefix(settings.MEDIA_URL)
    with storages["default"].open(name, "rb") as public:
        data = public.read()
    assert GPS_CANARY.encode() not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif()
        assert not ({"exif", "xmp", "icc_profile", "comment"} & set(picture.info))
    screenshot(page, "journey-ar-victim-page-phone")


@pytest.mark.parametrize("language", ["en"])
def test_the_queue_and_detail_in_english(page, site_url, remembered, django_user_model, screenshot, language):
    moderator = make_moderator(django_user_model, "moderator-en", language=language)
    TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)
    UserProfile.objects.filter(user=moderator).update(preferred_language=language)
    submission = make_submission(
        victim=remembered, content={"text": "He lived on Baghdad Street. Call 0944 123 456."}, language="en"
    )
    log_in(page, site_url, moderator)
    for width, height, name in ((390, 844, "phone"), (1366, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{site_url}/admin/submissions/{submission.pk}/")
        assert "Looks like a phone number" in page.locator("main").inner_text()
        screenshot(page, f"moderation-detail-en-{name}")
        # The admin scrolls inside its own frame, which a full-page shot does not reach: the decisions too.
        page.locator('button[name="action"][value="approve"]').scroll_into_view_if_needed()
        shot = SCREENSHOTS / f"moderation-decisions-en-{name}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 1000
