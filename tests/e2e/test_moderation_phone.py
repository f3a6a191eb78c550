"""The moderators' screens on a phone, in Arabic: the queue, a tribute's and a new record's detail (with their
"as the public will see it", flags and possible duplicates) and a takedown request before and after hiding. None
of them is wider than the screen: a moderator on a phone never scrolls sideways to read or to decide."""

import pytest

from memorial.privacy.publication import victims_published
from memorial.submissions import moderation
from memorial.submissions.models import Submission
from tests.e2e.test_submission_moderation import log_in
from tests.factories import VictimFactory
from tests.submissions.moderation_support import make_moderator, make_new_record, make_submission

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}

# Every element of the admin's main area whose box reaches past either edge of the screen, unless it sits inside
# a box that scrolls on its own (a wide table in its scrolling frame is readable, a cut line is not).
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (element) => {
        for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (/(auto|scroll)/.test(style.overflowX) && node.scrollWidth > node.clientWidth) return true;
        }
        return false;
    };
    const out = [];
    for (const element of document.querySelectorAll("main *")) {
        const box = element.getBoundingClientRect();
        if (!box.width || getComputedStyle(element).visibility === "hidden") continue;
        if ((box.right > width + 1 || box.left < -1) && !scrolls(element)) {
            out.push(`${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
        }
    }
    const main = document.querySelector("main");
    return {out: out.slice(0, 10), page: document.documentElement.scrollWidth, main: main.scrollWidth, width};
}"""


@pytest.fixture
def arabic_moderator(django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_moderator(django_user_model, "moderator-phone", language="ar")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def waiting(media, settings, arabic_moderator):
    """A submission of each kind a moderator reads on the phone, with what makes its screen long or wide."""
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 0
    victim = VictimFactory(
        identity__given_name_ar="سلمى", identity__father_name_ar="خالد", identity__family_name_ar="الحسن"
    )
    victims_published([victim])
    victim.refresh_from_db()
    tribute = make_submission(
        victim=victim,
        content={
            "text": "كانت تسكن في شارع الجلاء قرب الجامع الكبير. اتصلوا بأخيها على 0944123456 أو "
            "family.member.with.a.long.address@example.org — "
            "كانتتحبالزيتونوالياسمينوتغنيلنافيكلمساءمنغيرانقطاعأبداأبداأبدا",
        },
        author_display="relationship",
        author_relationship="ابنتها",
    )
    new_record = make_new_record(
        "سلمى خالد الحسن",
        "Salma Khaled al-Hassan",
        content={
            "attack": victim.attack.key,
            "date_of_death": victim.date_of_death.isoformat(),
            "place_name": "حي الميدان، قرب مدرسة الشهداء، شارع بغداد رقم ٧",
            "biography": "معلّمة في مدرسة الحي، أحبّت طلابها وأحبّوها. للتواصل: 0933 765 432",
            "sources": "https://example.org/a/very/long/address/of/a/source/that/does/not/break/anywhere/at/all",
        },
    )
    # A takedown of one published tribute and one of the whole record.
    approved = make_submission(victim=victim, content={"text": "ستبقين في قلوبنا يا أمي."})
    moderation.approve_tribute(
        submission=approved,
        user=arabic_moderator,
        text=approved.content["text"],
        author_display="anonymous",
        author_name="",
        author_relationship="",
        photo_ids=[],
    )
    about_tribute = make_submission(
        Submission.Kind.TAKEDOWN,
        victim=victim,
        content={"reason": "هذه كلماتي، أرجو حذفها.", "tribute": approved.published_tribute.public_token},
    )
    about_record = make_submission(
        Submission.Kind.TAKEDOWN, victim=victim, content={"reason": "أنا ابنها ولم نوافق على نشر السجل."}
    )
    return {"tribute": tribute, "new_record": new_record, "takedown_tribute": about_tribute, "takedown": about_record}


def shoot(page, screenshot, name):
    """The admin scrolls inside its own frame: the screen is made as tall as its content for one whole shot."""
    height = page.evaluate(
        "() => Math.max(...[document.documentElement, ...document.querySelectorAll('body *')].map("
        "(element) => element.scrollHeight))"
    )
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], min(height, 12000))})
    path = screenshot(page, name)
    page.set_viewport_size(PHONE)
    return path


def overflow(page):
    """What reaches past the screen's edges on this page, empty when it fits."""
    measured = page.evaluate(OVERFLOWING)
    if measured["out"] or max(measured["page"], measured["main"]) > measured["width"]:
        return {page.url: measured}
    return {}


def test_the_moderators_screens_fit_a_phone_in_arabic(page, site_url, arabic_moderator, waiting, screenshot):
    log_in(page, site_url, arabic_moderator)
    wider = {}
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/admin/submissions/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    wider |= overflow(page)
    shoot(page, screenshot, "moderation-phone-ar-queue")

    for name in ("tribute", "new_record", "takedown_tribute", "takedown"):
        page.goto(f"{site_url}/admin/submissions/{waiting[name].pk}/")
        wider |= overflow(page)
        shoot(page, screenshot, f"moderation-phone-ar-{name}")

    main = page.locator("main")
    page.goto(f"{site_url}/admin/submissions/{waiting['tribute'].pk}/")
    assert page.locator("[aria-labelledby=public-title] .tribute").count() == 1
    assert page.locator(".moderation-flags li").count() >= 2
    page.goto(f"{site_url}/admin/submissions/{waiting['new_record'].pk}/")
    assert "سلمى" in page.locator("[aria-labelledby=public-title]").inner_text() or main.inner_text()

    for name in ("takedown_tribute", "takedown"):
        page.goto(f"{site_url}/admin/submissions/{waiting[name].pk}/")
        page.click('button[name="action"][value="hide"]')
        page.wait_for_load_state()
        wider |= overflow(page)
        shoot(page, screenshot, f"moderation-phone-ar-{name}-hidden")
    assert wider == {}
