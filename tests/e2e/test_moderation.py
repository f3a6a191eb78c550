"""A moderator tightens a victim from full name to withheld; every public surface changes at once."""

from wagtail.users.models import UserProfile

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "moderator-password-for-tests-1"  # noqa: S105


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_superuser("moderator", password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def named(site_url):
    attack = AttackFactory(key="test-attack")
    victims = [
        VictimFactory(attack=attack, identity__given_name_latin="Widad", identity__family_name_latin="Karam"),
        *[VictimFactory(attack=attack) for _ in range(5)],
    ]
    victims_published(victims)
    victims[0].refresh_from_db()
    return victims[0]


def log_in(page, site_url, user):
    """Password, then the six digits the moderator's authenticator app would show."""
    page.goto(f"{site_url}/admin/login/")
    page.fill('input[name="username"]', "moderator")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url("**/admin/privacy/two-factor/verify/**")
    device = TOTPDevice.objects.get(user=user)
    page.fill('input[name="token"]', f"{TOTP(device.bin_key).token():06d}")
    page.click('#two-factor-form button[type="submit"]')
    page.wait_for_url(f"{site_url}/admin/")


@pytest.mark.parametrize("admin_language", ["ar", "en"])
def test_tightening_a_name_changes_every_public_surface_at_once(
    page, site_url, moderator, named, admin_language, screenshot
):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = admin_language
    profile.save()
    public = f"{site_url}/en/victims/{named.public_id}/"
    page.goto(public)
    assert "Widad Khaled Karam" in page.locator("h1").inner_text()
    page.goto(f"{site_url}/en/victims/?q=Widad+Karam")
    assert page.locator(".victim-list__item").count() == 1

    log_in(page, site_url, moderator)
    page.goto(f"{site_url}/admin/privacy/policy/{named.pk}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if admin_language == "ar" else "ltr")
    page.select_option('select[name="name_policy"]', "withheld")
    page.fill('textarea[name="reason"]', "The family received threats")
    screenshot(page, f"policy-screen-{admin_language}")
    page.click('#policy-form button[type="submit"]')
    page.wait_for_load_state()
    screenshot(page, f"policy-screen-after-{admin_language}")

    for language in ("ar", "en"):
        page.goto(f"{site_url}/{language}/victims/{named.public_id}/")
        assert "Widad" not in page.content() and "Karam" not in page.content()
        screenshot(page, f"victim-withheld-{language}-{admin_language}")
        page.goto(f"{site_url}/{language}/victims/?q=Widad+Karam")
        assert page.locator(".victim-list__item").count() == 0
        page.goto(f"{site_url}/{language}/victims/")
        assert "Widad" not in page.locator("main").inner_text()


def test_a_moderator_withdraws_a_record_from_the_arabic_admin(page, site_url, moderator, named, screenshot):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "ar"
    profile.save()
    public = f"{site_url}/ar/victims/{named.public_id}/"
    assert page.goto(public).status == 200

    log_in(page, site_url, moderator)
    page.goto(f"{site_url}/admin/privacy/withdraw/{named.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill('textarea[name="reason"]', "سحبت العائلة موافقتها")
    screenshot(page, "withdraw-screen-ar")
    page.click('main form button[type="submit"]')
    page.wait_for_url(f"**/admin/snippets/archive/victim/edit/{named.pk}/")

    unknown = page.goto(f"{site_url}/ar/victims/0000000000/")
    unknown_body = page.content()
    assert page.goto(public).status == unknown.status == 404
    assert page.content() == unknown_body
    page.goto(f"{site_url}/ar/victims/?q=Widad+Karam")
    assert page.locator(".victim-list__item").count() == 0


def test_the_defaults_screen_reads_right_to_left(page, site_url, moderator, screenshot):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "ar"
    profile.save()
    log_in(page, site_url, moderator)
    page.goto(f"{site_url}/admin/privacy/defaults/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator('input[name="k_anonymity"]').input_value() == "5"
    screenshot(page, "defaults-screen-ar")
