"""A family member, in Arabic, leaves a tribute with a GPS-tagged photo, fixes a form error without losing the
text or the photo, gets a receipt code, then checks the status and withdraws with it."""

from pathlib import Path

import pytest
from PIL import Image

from memorial.privacy.publication import victims_published
from memorial.submissions.models import Submission
from tests.e2e.conftest import VIEWPORTS
from tests.factories import VictimFactory
from tests.submissions.support import GPS_CANARY, jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Where HELPERS.md asks this branch to leave its screenshots for review.
SHOTS = Path("/tmp/sub-shots")  # noqa: S108


@pytest.fixture
def victim(site_url, settings, media):
    # A person in a browser is quick, but never three seconds quick; the fill time has its own HTTP test.
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 0
    record = VictimFactory()
    victims_published([record])
    record.refresh_from_db()
    return record


@pytest.fixture
def gps_photo(tmp_path):
    path = tmp_path / "IMG_2017_family.jpg"
    path.write_bytes(jpeg_with_gps(size=(1200, 900)))
    return path


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_arabic_tribute_with_a_gps_photo_then_status_and_withdrawal(
    page, site_url, victim, gps_photo, axe, csp_violations
):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{site_url}/ar/victims/{victim.public_id}/")
    page.get_by_role("link", name="اترك كلمة وفاء").click()
    page.wait_for_url(f"**/ar/submit/tribute/{victim.public_id}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("a[data-quick-exit]").is_visible()
    shoot(page, "tribute-ar-phone")
    assert axe(page) == []

    page.get_by_label("كلمتك").fill("كان أبي يزرع الزيتون ويحب الشعر.")
    page.get_by_label("صور (اختياري)").set_input_files(str(gps_photo))
    page.get_by_label("بصلة قرابتي فقط").check()
    page.get_by_label("صلتك بالفقيد").fill("ابنه")
    # Sent without consent: an error, with the text and the accepted photo kept.
    page.get_by_role("button", name="أرسل كلمة الوفاء").click()
    assert "بعض الحقول تحتاج إلى انتباهك" in page.locator(".form-errors").inner_text()
    assert page.get_by_label("كلمتك").input_value() == "كان أبي يزرع الزيتون ويحب الشعر."
    assert "الصورة 1 (1200 × 900 بكسل)، وصلت" in page.locator(".accepted-photos").inner_text()
    shoot(page, "tribute-error-ar-phone")

    page.get_by_label("أوافق").check()
    page.get_by_role("button", name="أرسل كلمة الوفاء").click()
    code = page.locator(".receipt__code").inner_text().strip()
    assert len(code) == 29
    shoot(page, "receipt-ar-phone")
    assert axe(page) == []

    submission = Submission.objects.get()
    assert submission.language == "ar"
    assert submission.consent.language == "ar"
    photo = submission.photos.get()
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (1200, 900)
        assert not image.getexif()
    with photo.file.open("rb") as stored:
        assert GPS_CANARY.encode() not in stored.read()

    page.get_by_role("link", name="متابعة مساهمة").click()
    page.get_by_label("رمز الإيصال").fill(code)
    page.get_by_role("button", name="تحقّق").click()
    assert "وصلت، وتنتظر المراجعة" in page.locator("main").inner_text()
    assert code not in page.url
    shoot(page, "status-ar-phone")
    assert axe(page) == []

    page.get_by_role("button", name="اسحبها").click()
    page.get_by_role("button", name="نعم، اسحبها").click()
    assert "سُحبت مساهمتك" in page.locator("main").inner_text()
    shoot(page, "withdrawn-ar-phone")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WITHDRAWN
    assert csp_violations == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_family_pages_read_right(page, site_url, victim, language, viewport, axe, csp_violations):
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in (
        ("tribute", f"/{language}/submit/tribute/{victim.public_id}/"),
        ("status", f"/{language}/status/"),
    ):
        response = page.goto(f"{site_url}{path}")
        assert response.status == 200
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        shoot(page, f"{name}-{language}-{viewport}")
        assert axe(page) == [], path
    assert csp_violations == []


def test_quick_exit_replaces_the_page_in_the_history(page, site_url, victim, settings):
    settings.MEMORIAL_QUICK_EXIT_URL = f"{site_url}/en/attacks/"
    page.goto(f"{site_url}/en/victims/{victim.public_id}/")
    page.goto(f"{site_url}/en/submit/tribute/{victim.public_id}/")
    page.locator("a[data-quick-exit]").click()
    page.wait_for_url("**/en/attacks/")
    page.go_back()
    # Back leads to the page before the form, not to the form.
    page.wait_for_url(f"**/en/victims/{victim.public_id}/")
