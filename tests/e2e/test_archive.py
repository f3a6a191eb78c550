"""A visitor searches the archive and reads attack and victim records, in both languages."""

import datetime

import pytest

from memorial.privacy.publication import victims_published
from tests.e2e.conftest import VIEWPORTS
from tests.factories import (
    AttackFactory,
    AttackFigureFactory,
    GovernorateFactory,
    SourceFactory,
    TownFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def archive(site_url):
    town = TownFactory(
        name_en="Douma", name_ar="دوما", parent=GovernorateFactory(name_en="Rif Dimashq", name_ar="ريف دمشق")
    )
    attack = AttackFactory(
        key="douma-2018",
        title_en="Douma, 7 April 2018",
        title_ar="دوما، 7 نيسان 2018",
        date=datetime.date(2018, 4, 7),
        places=[town],
        agent="chlorine",
        delivery="helicopter",
        delivery_description="two cylinders dropped from a helicopter",
        figures_checked=True,
    )
    AttackFigureFactory(attack=attack, low=43, reported_by="43 named individuals (OPCW IIT)")
    victims = [
        VictimFactory(
            attack=attack,
            identity__given_name_ar="أسماء",
            identity__father_name_ar="إبراهيم",
            identity__family_name_ar="الأحمد",
            identity__given_name_latin="Asmaa",
            identity__father_name_latin="Ibrahim",
            identity__family_name_latin="al-Ahmad",
        ),
        *[VictimFactory(attack=attack, name_policy="initials", age=None, age_group="30-44") for _ in range(5)],
    ]
    victims_published(victims)
    victims[0].refresh_from_db()
    return {"attack": attack, "named": victims[0]}


def test_arabic_search_finds_a_name_typed_with_another_hamza(page, site_url, archive, axe):
    page.goto(f"{site_url}/ar/victims/")
    page.get_by_label("الاسم").fill("اسماء ابراهيم")
    page.get_by_role("button", name="بحث").click()
    page.wait_for_url("**/ar/victims/?q=*")
    results = page.locator(".victim-list__item")
    assert results.count() == 1
    assert "أسماء إبراهيم الأحمد" in results.first.inner_text()
    assert axe(page) == []


def test_search_for_nothing_says_so_honestly(page, site_url, archive):
    page.goto(f"{site_url}/en/victims/?q=Nobody+Here")
    assert "No public record matches this name" in page.locator("main").inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_archive_pages_read_right(page, site_url, archive, language, viewport, screenshot, axe, csp_violations):
    page.set_viewport_size(VIEWPORTS[viewport])
    pages = {
        "attack-index": f"/{language}/attacks/",
        "attack": f"/{language}/attacks/douma-2018/",
        "victim-index": f"/{language}/victims/",
        "victim": f"/{language}/victims/{archive['named'].public_id}/",
        "statistics": f"/{language}/statistics/",
    }
    for name, path in pages.items():
        response = page.goto(f"{site_url}{path}")
        assert response.status == 200, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        screenshot(page, f"{name}-{language}-{viewport}")
        assert axe(page) == [], path
    assert csp_violations == []


# What the reader sees of mixed-direction lines: read from the rendered glyphs, not the markup.

CHARACTERS = """(element) => {
    const boxes = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let index = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let offset = 0; offset < node.data.length; offset++, index++) {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + 1);
            const rect = range.getBoundingClientRect();
            if (node.data[offset].trim() && rect.width) {
                boxes.push({index, ch: node.data[offset], left: rect.left, right: rect.right, top: rect.top,
                            bottom: rect.bottom});
            }
        }
    }
    return {text: element.textContent, boxes};
}"""


def same_line(a, b):
    overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return overlap > 0.5 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])


def lines_of(boxes):
    """The rendered lines, top to bottom, each a list of character boxes."""
    lines = []
    for box in sorted(boxes, key=lambda box: box["top"]):
        line = next((line for line in lines if same_line(line[0], box)), None)
        if line is None:
            lines.append([box])
        else:
            line.append(box)
    return lines


def run_of(rendered, text):
    """The character boxes of `text` where it occurs in the element (whitespace is not drawn)."""
    start = rendered["text"].index(text)
    return [box for box in rendered["boxes"] if start <= box["index"] < start + len(text)]


def assert_whole_and_contiguous(rendered, text):
    run = run_of(rendered, text)
    assert len(lines_of(run)) == 1, f"{text!r} is split across lines"
    left, right = min(box["left"] for box in run), max(box["right"] for box in run)
    inside = [
        box["ch"]
        for box in rendered["boxes"]
        if box not in run and same_line(box, run[0]) and left < (box["left"] + box["right"]) / 2 < right
    ]
    assert not inside, f"{inside} drawn inside {text!r}"
    return run


def assert_outside(rendered, text, block):
    """Nothing of `text` is drawn within the rectangle that `block` covers on its lines."""
    run, around = run_of(rendered, text), run_of(rendered, block)
    left, right = min(box["left"] for box in around), max(box["right"] for box in around)
    top, bottom = min(box["top"] for box in around), max(box["bottom"] for box in around)
    middle = [box for box in run if left < (box["left"] + box["right"]) / 2 < right and top < box["top"] < bottom]
    assert not middle, f"{text!r} is drawn inside {block!r}"


TITLE = "Report on the Alleged Use of Chemical Weapons in the Ghouta Area of Damascus"


@pytest.fixture
def ghouta(site_url):
    town = TownFactory(name_en="Zamalka", name_ar="زملكا", parent=GovernorateFactory(name_ar="ريف دمشق"))
    attack = AttackFactory(
        key="ghouta-2013",
        title_en="Ghouta, 21 August 2013",
        title_ar="الغوطة، 21 آب 2013",
        date=datetime.date(2013, 8, 21),
        places=[town],
        figures_checked=True,
    )
    AttackFigureFactory(
        attack=attack,
        low=1127,
        high=1429,
        reported_by="Violations Documentation Center (VDC)",
        reported_on=datetime.date(2013, 10, 14),
    )
    # Titles of every length, so that at any width some line ends near the title's end or the date's middle.
    words = TITLE.split()
    sources = [
        SourceFactory(publisher="United Nations", title=" ".join(words[:count]), date=datetime.date(2013, 9, 16))
        for count in range(4, len(words) + 1)
    ]
    attack.sources.add(*sources)
    victim = VictimFactory(attack=attack, date_policy="year", identity__given_name_ar="أسماء")
    victim.sources.add(*sources)
    victims_published([victim])
    victim.refresh_from_db()
    return {"attack": attack, "victim": victim, "titles": [source.title for source in sources]}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_arabic_source_lines_keep_each_date_whole_and_outside_the_english_title(
    page, site_url, ghouta, viewport, screenshot
):
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in (
        ("attack", "/ar/attacks/ghouta-2013/"),
        ("victim", f"/ar/victims/{ghouta['victim'].public_id}/"),
    ):
        page.goto(f"{site_url}{path}")
        screenshot(page, f"mixed-{name}-ar-{viewport}")
        items = page.locator(".sources li")
        assert items.count() == len(ghouta["titles"])
        for index, title in enumerate(ghouta["titles"]):
            rendered = items.nth(index).evaluate(CHARACTERS)
            assert_whole_and_contiguous(rendered, "16 أيلول 2013")
            assert_whole_and_contiguous(rendered, "United Nations")
            assert_outside(rendered, "16 أيلول 2013", title)
            assert_outside(rendered, "United Nations", title)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_figure_date_stays_whole_inside_its_parentheses(page, site_url, ghouta, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{site_url}/ar/attacks/ghouta-2013/")
    rendered = page.locator(".figures li").first.evaluate(CHARACTERS)
    run = assert_whole_and_contiguous(rendered, "(14 تشرين الأول 2013)")
    by_position = sorted(run, key=lambda box: box["left"])
    # Right to left: the opening parenthesis first, at the right, the closing one last, at the left.
    assert (by_position[-1]["ch"], by_position[0]["ch"]) == ("(", ")")
    assert_outside(rendered, "(14 تشرين الأول 2013)", "Violations Documentation Center (VDC)")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_citation_on_a_phone_never_breaks_the_record_id_nor_leaves_a_slash_alone(page, site_url, ghouta, language):
    page.set_viewport_size(VIEWPORTS["phone"])
    public_id = ghouta["victim"].public_id
    page.goto(f"{site_url}/{language}/victims/{public_id}/")
    rendered = page.locator(".citation code").evaluate(CHARACTERS)
    lines = [{box["ch"] for box in line} for line in lines_of(rendered["boxes"])]
    assert len(lines) > 1  # the address does wrap at this width
    assert {"/"} not in lines
    start = rendered["text"].index(f"{public_id}/")
    for occurrence in (rendered["text"].index(public_id), start):
        ids = [box for box in rendered["boxes"] if occurrence <= box["index"] < occurrence + len(public_id) + 1]
        assert len(lines_of(ids)) == 1, "the record id is split across lines"
