"""A moderator, in Arabic, sets up two-factor authentication and reveals an identity with a reason."""

import base64

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest
from django_otp.oath import TOTP

from memorial.privacy.publication import victims_published
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "moderator-password-for-tests-2"  # noqa: S105


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_superuser("amal", password=PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    return user


@pytest.fixture
def withheld(site_url):
    victim = VictimFactory(
        name_policy="withheld",
        identity__given_name_ar="سعاد",
        identity__family_name_ar="المصري",
        identity__given_name_latin="Suad",
        identity__family_name_latin="al-Masri",
    )
    victims_published([victim])
    victim.refresh_from_db()
    return victim


def test_enrol_totp_then_reveal_in_arabic(page, site_url, moderator, withheld, screenshot, csp_violations):
    page.goto(f"{site_url}/admin/login/")
    page.fill('input[name="username"]', "amal")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')

    # No device yet: the admin sends her to set one up, in Arabic, the language she chose.
    page.wait_for_url("**/admin/privacy/two-factor/setup/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    secret = page.locator("code[data-secret]").inner_text()
    screenshot(page, "two-factor-setup-ar")
    key = base64.b32decode(secret)
    page.fill('input[name="token"]', f"{TOTP(key).token():06d}")
    page.click('#two-factor-form button[type="submit"]')
    page.wait_for_selector(".recovery-codes li")
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-ar")

    page.goto(f"{site_url}/admin/privacy/identity/{withheld.pk}/")
    assert "سعاد" not in page.content()
    page.fill('textarea[name="reason"]', "تصحيح الاسم بطلب من العائلة")
    page.click('button[name="reveal"]')
    page.wait_for_load_state()
    assert page.locator('input[name="given_name_ar"]').input_value() == "سعاد"
    assert page.locator('input[name="family_name_latin"]').input_value() == "al-Masri"
    screenshot(page, "identity-revealed-ar")

    entry = ModelLogEntry.objects.get(action="memorial.identity.reveal", object_id=str(withheld.pk))
    assert entry.user == moderator and entry.data == {"reason": "تصحيح الاسم بطلب من العائلة"}
    # The public page still withholds the name.
    page.goto(f"{site_url}/ar/victims/{withheld.public_id}/")
    assert "سعاد" not in page.content()
