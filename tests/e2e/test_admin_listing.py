"""The victim listing on a phone, in the Arabic admin: it fits the screen and its row actions sit in a menu."""

from wagtail.users.models import UserProfile

import pytest

from memorial.privacy.publication import victims_published
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.test_moderation import log_in
from tests.e2e.test_moderation import moderator as moderator  # noqa: F401  (a fixture)
from tests.factories import AttackFactory, VictimFactory, named_victim

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAMES = [
    ("يوسف إبراهيم النجار", "Youssef Ibrahim al-Najjar"),
    ("عبد الرحمن محمد الأحمد", "Abd al-Rahman Mohammad al-Ahmad"),
    ("فاطمة حسين", "Fatima Hussein"),
]


@pytest.fixture
def listed():
    attack = AttackFactory(key="test-attack")
    victims = []
    for arabic, latin in NAMES:
        victims.append(named_victim(arabic, latin, attack=attack))
    victims_published([*victims, *[VictimFactory(attack=attack) for _ in range(3)]])
    VictimFactory(attack=attack, live=False, is_sample=False)
    return victims


def test_the_arabic_victim_listing_fits_a_phone(page, site_url, moderator, listed, screenshot):  # noqa: F811
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "ar"
    profile.save()
    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, site_url, moderator)
    page.goto(f"{site_url}/admin/snippets/archive/victim/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "admin-victims-phone-ar")

    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    table = page.locator("table.listing")
    # Right to left, a table too wide runs off the left edge.
    left, right = table.evaluate("table => [table.getBoundingClientRect().left, table.getBoundingClientRect().right]")
    assert left >= 0 and right <= VIEWPORTS["phone"]["width"]
    # Every visible cell is at least a word wide: nothing is squeezed to a letter per line.
    narrowest = table.evaluate(
        "table => Math.min(...[...table.querySelectorAll('th, td')]"
        ".filter(cell => cell.offsetParent && cell.innerText.trim()).map(cell => cell.getBoundingClientRect().width))"
    )
    assert narrowest >= 40

    row = page.locator("tbody tr", has_text="يوسف إبراهيم النجار")
    policy = row.get_by_role("link", name="سياسة النشر")
    assert not policy.is_visible()
    row.get_by_role("button", name="المزيد من الخيارات", exact=False).click()
    assert policy.is_visible()
    # Once the menu has faded in, for the screenshot.
    policy.evaluate(
        "link => Promise.all(link.closest('[data-tippy-root]').getAnimations({subtree: true}).map(a => a.finished))"
    )
    screenshot(page, "admin-victims-phone-ar-menu")
    # Withdrawal is rare and final: it is offered on the record's own screen, not in the listing.
    assert row.get_by_text("سحب السجل بطلب من العائلة", exact=False).count() == 0
