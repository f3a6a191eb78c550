"""A moderator corrects a new record before approving it, in Arabic on a phone: reveals the sealed names with a
reason, corrects the names and the attack, sees "as the public will see it" follow, approves; once the record is
published its public page shows the corrected record as its policy says."""

from wagtail.models import Site

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.privacy.models import PublicationDefaults
from memorial.submissions.models import Submission
from tests.e2e.conftest import SCREENSHOTS, VIEWPORTS
from tests.e2e.test_submission_moderation import log_in
from tests.factories import AttackFactory
from tests.submissions.moderation_support import make_moderator, make_new_record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def panel_shot(page, locator, name):
    """The admin scrolls inside its own container, so a full-page shot shows one screen: one panel, whole, at the
    phone's width on a screen tall enough to hold it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size({"width": VIEWPORTS["phone"]["width"], "height": 3200})
    locator.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORTS["phone"])
    assert path.stat().st_size > 1000


def assert_within_the_screen(form):
    """Every field and help text of the form inside the phone's width (the admin hides what overflows, so the page's
    own width cannot tell)."""
    outside = form.locator("input:not([type=hidden]), select, textarea, .w-field__help").evaluate_all(
        "elements => elements.filter(element => { const box = element.getBoundingClientRect();"
        " return box.left < 0 || box.right > window.innerWidth; }).map(element => element.name || element.className)"
    )
    assert outside == []


@pytest.fixture
def full_names_by_default():
    defaults = PublicationDefaults.for_site(Site.objects.get(is_default_site=True))
    defaults.name_policy = "full"
    defaults.save()


def test_a_moderator_corrects_the_names_and_attack_then_approves_in_arabic(
    page, site_url, django_user_model, full_names_by_default, screenshot
):
    sent_attack = AttackFactory(key="sent-attack", title_ar="هجوم أرسلته العائلة")
    right_attack = AttackFactory(key="right-attack", title_ar="الهجوم الصحيح")
    submission = make_new_record(
        "ليلى حسن العلي", "Layla Hasan al-Ali", content={"attack": sent_attack.key, "policy": {"name_policy": "full"}}
    )
    moderator = make_moderator(django_user_model, "moderator-ar", ("submissions", "reveal_submission"), language="ar")
    TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)

    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, site_url, moderator)
    page.goto(f"{site_url}/admin/submissions/{submission.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    preview = page.locator("[aria-labelledby=public-title] .moderation-public-record")
    assert "ليلى حسن العلي" in preview.inner_text()
    edit = page.locator("form[aria-labelledby=edit-title]")
    assert edit.locator('input[name="given_name_ar"]').count() == 0  # sealed until revealed
    screenshot(page, "new-record-edit-ar-phone-sealed")
    panel_shot(page, edit, "new-record-edit-ar-phone-sealed-form")

    page.fill('input[name="reason"]', "تصحيح الاسم كما في شهادة الوفاة")
    page.click("form:has(input[name=action][value=reveal]) button[type=submit]")
    names = edit.locator('input[name="given_name_ar"]')
    assert names.input_value() == "ليلى"
    assert names.get_attribute("dir") == "rtl"
    # Arabic first: the Arabic names come before the Latin ones.
    order = edit.locator("input[name$='_name_ar'], input[name$='_name_latin']").evaluate_all(
        "fields => fields.map(field => field.name)"
    )
    assert order[:3] == ["given_name_ar", "father_name_ar", "family_name_ar"]
    edit.locator('input[name="given_name_ar"]').fill("سلمى")
    edit.locator('input[name="father_name_ar"]').fill("خالد")
    edit.locator('input[name="family_name_ar"]').fill("العمر")
    edit.locator('input[name="given_name_latin"]').fill("Salma")
    edit.locator('input[name="father_name_latin"]').fill("Khaled")
    edit.locator('input[name="family_name_latin"]').fill("al-Omar")
    edit.locator('select[name="attack"]').select_option(right_attack.key)
    # A day February does not have: refused in Arabic, and everything typed is still there.
    edit.locator('input[name="death_day"]').fill("30")
    edit.locator('select[name="death_month"]').select_option("2")
    edit.locator('input[name="death_year"]').fill("2017")
    edit.locator('input[name="given_name_ar"]').scroll_into_view_if_needed()
    screenshot(page, "new-record-edit-ar-phone-revealed")
    assert_within_the_screen(edit)
    edit.locator('button[name="action"][value="edit"]').click()
    page.wait_for_load_state()
    assert "لم يُحفظ شيء بعد" in page.locator("body").inner_text()
    assert "لا يوجد هذا اليوم في هذا الشهر." in edit.inner_text()
    assert edit.locator('input[name="given_name_ar"]').input_value() == "سلمى"
    assert edit.locator('select[name="attack"]').input_value() == right_attack.key
    panel_shot(page, edit, "new-record-edit-ar-phone-error")
    assert_within_the_screen(edit)
    edit.locator('input[name="death_day"]').fill("")
    edit.locator('select[name="death_month"]').select_option("")
    edit.locator('input[name="death_year"]').fill("")
    edit.locator('button[name="action"][value="edit"]').click()
    page.wait_for_load_state()

    assert "حُفظت تعديلاتك" in page.locator("body").inner_text()
    shown = page.locator("[aria-labelledby=public-title] .moderation-public-record").inner_text()
    assert "سلمى خالد العمر" in shown and "Salma Khaled al-Omar" in shown
    assert "الهجوم الصحيح" in shown and "ليلى" not in shown
    # Back to sealed: the edit form no longer shows the names.
    assert page.locator('form[aria-labelledby=edit-title] input[name="given_name_ar"]').count() == 0
    screenshot(page, "new-record-edit-ar-phone-preview")
    panel_shot(page, page.locator("[aria-labelledby=public-title]"), "new-record-edit-ar-phone-preview-panel")

    page.click('button[name="action"][value="approve"]')
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    record = submission.victim
    assert record.attack == right_attack
    screenshot(page, "new-record-edit-ar-phone-approved")

    # Published as the record editor publishes it, its public page shows the corrected record.
    record.save_revision(user=moderator).publish(user=moderator, skip_permission_checks=True)
    record.refresh_from_db()
    page.context.clear_cookies()
    page.goto(f"{site_url}/ar/victims/{record.public_id}/")
    body = page.locator("main").inner_text()
    assert "سلمى خالد العمر" in body and "الهجوم الصحيح" in body
    assert "ليلى" not in body and "Layla" not in body
    screenshot(page, "new-record-edit-ar-phone-public")
