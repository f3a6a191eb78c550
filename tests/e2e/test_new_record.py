"""A family adds a person to the archive in Arabic, on a phone: the name search first, then the form; a missing
answer brings the form back with everything typed and the photo already accepted, and the corrected form is
received with a receipt code."""

import pytest

from memorial.submissions.models import Submission
from tests.e2e.conftest import VIEWPORTS
from tests.submissions.support import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_form_error_keeps_the_typed_text_and_the_accepted_photo_in_arabic(
    page, site_url, settings, media, tmp_path, screenshot
):
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 0
    photo = tmp_path / "عائلة.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_viewport_size(VIEWPORTS["phone"])

    page.goto(f"{site_url}/ar/submit/record/")
    page.get_by_label("اسم الفقيد").fill("كنارية")
    page.get_by_role("button", name="ابحث في الأرشيف").click()
    assert page.get_by_text("لا يوجد في الأرشيف سجل بهذا الاسم.").is_visible()
    page.get_by_role("link", name="أخبرنا عنه").click()

    page.get_by_label("الاسم الأول (بالحروف العربية)").fill("ليلى")
    page.get_by_label("اسم العائلة (بالحروف العربية)").fill("العمر")
    page.get_by_label("كلمات قليلة عن الفقيد (اختياري)").fill("كانت تحب الرسم والزيتون.")
    page.get_by_label("صور (اختياري)").set_input_files(str(photo))
    # The relationship is left empty: the form must come back.
    page.get_by_label("أوافق").check()
    page.get_by_role("button", name="أرسل السجل").click()

    assert page.locator(".form-errors").is_visible()
    assert page.get_by_label("الاسم الأول (بالحروف العربية)").input_value() == "ليلى"
    assert page.get_by_label("اسم العائلة (بالحروف العربية)").input_value() == "العمر"
    assert page.get_by_label("كلمات قليلة عن الفقيد (اختياري)").input_value() == "كانت تحب الرسم والزيتون."
    assert page.get_by_text("الصورة 1 (640 × 480 بكسل)، وصلت").is_visible()
    screenshot(page, "new-record-error-ar-phone")
    assert not Submission.objects.exists()

    page.get_by_label("صلتك بالفقيد").fill("خالتها")
    page.get_by_label("أوافق").check()
    page.get_by_role("button", name="أرسل السجل").click()
    code = page.locator(".receipt__code").inner_text()
    assert len(code) > 20
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.NEW_RECORD
    assert submission.photos.count() == 1
    assert submission.identity.given_name_ar == "ليلى"
    assert submission.content["biography"] == "كانت تحب الرسم والزيتون."
