"""Share cards through HTTP: the Open Graph tags of victim and attack pages, the PNG behind them (its type, size,
caching and bare file), an address that changes when the public representation changes, the same 404 for every
id that is not public, and a withheld name that is in no pixel and no byte of the card."""

import datetime
import io
import struct
from dataclasses import replace
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops

from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_policy
from memorial.remembrance import share_cards
from memorial.remembrance.share_cards import Card, draw_card
from tests.admin_support import CANARIES
from tests.factories import AttackFactory, TownFactory, VictimFactory

pytestmark = pytest.mark.django_db

SAMPLE_FOOTER = {
    "en": "Memorial · Sample record: synthetic data for demonstration, not a real person",
    "ar": "ذكرى · سجل تجريبي: بيانات مصطنعة للعرض، وليس شخصاً حقيقياً",
}


@pytest.fixture
def attack():
    town = TownFactory(name_en="Khan Shaykhun", name_ar="خان شيخون")
    return AttackFactory(
        key="khan-shaykhun-2017",
        title_en="Khan Shaykhun, 4 April 2017",
        title_ar="خان شيخون، 4 نيسان 2017",
        date=datetime.date(2017, 4, 4),
        places=[town],
    )


def published(**fields):
    record = VictimFactory(**fields)
    victims_published([record])
    record.refresh_from_db()
    return record


@pytest.fixture
def named(attack):
    return published(
        attack=attack,
        identity__given_name_ar="سلمى",
        identity__father_name_ar="خالد",
        identity__family_name_ar="الحسن",
        identity__given_name_latin="Salma",
        identity__father_name_latin="Khaled",
        identity__family_name_latin="al-Hassan",
    )


@pytest.fixture
def withheld(attack):
    """A published record whose family withheld the name: the sealed names are the canaries."""
    return published(
        attack=attack, name_policy="withheld", **{f"identity__{key}": value for key, value in CANARIES.items()}
    )


def open_graph(client, path):
    head = BeautifulSoup(client.get(path).content, "html.parser").head
    tags = {tag["property"]: tag["content"] for tag in head.select("meta[property^='og:image']")}
    twitter = head.select_one("meta[name='twitter:card']")
    return tags, twitter["content"] if twitter else None


def card_of(client, path):
    tags, _ = open_graph(client, path)
    return client.get(urlsplit(tags["og:image"]).path)


def pixels(data):
    return Image.open(io.BytesIO(data)).convert("RGB")


def chunk_types(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, types = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        types.append(data[position + 4 : position + 8].decode())
        position += 12 + length
    return types


def same_pixels(first, second):
    return ImageChops.difference(first, second).getbbox() is None


@pytest.mark.parametrize("language", ["ar", "en"])
def test_victim_and_attack_pages_name_their_share_card_in_open_graph_and_twitter_tags(client, named, language):
    for path in (f"/{language}/victims/{named.public_id}/", f"/{language}/attacks/khan-shaykhun-2017/"):
        tags, twitter = open_graph(client, path)
        assert twitter == "summary_large_image"
        assert tags["og:image"].startswith(f"http://testserver/{language}/share/")
        assert tags["og:image"].endswith(".png")
        assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
        assert tags["og:image:alt"]
    victim_alt = open_graph(client, f"/{language}/victims/{named.public_id}/")[0]["og:image:alt"]
    assert ("سلمى خالد الحسن" if language == "ar" else "Salma Khaled al-Hassan") in victim_alt


def test_a_card_is_a_bare_1200_by_630_png_cacheable_for_a_year(client, named):
    for path in (f"/en/victims/{named.public_id}/", "/ar/attacks/khan-shaykhun-2017/"):
        response = card_of(client, path)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert pixels(response.content).size == (1200, 630)
        assert set(chunk_types(response.content)) <= {"IHDR", "PLTE", "IDAT", "IEND"}
        assert 10_000 < len(response.content) < 200_000
        # Link previewers often ask with HEAD first.
        assert client.head(urlsplit(response.request["PATH_INFO"]).path).status_code == 200


def test_a_card_shows_what_its_page_shows(client, named):
    """The English card is the card of the page's own text, drawn by the same code: same pixels."""
    expected = Card(
        language="en",
        kicker="In memory",
        title="Salma Khaled al-Hassan",
        subtitle="سلمى خالد الحسن",
        lines=("34 years · 4 April 2017 · Khan Shaykhun", "Khan Shaykhun, 4 April 2017"),
        footer=SAMPLE_FOOTER["en"],
    )
    card = card_of(client, f"/en/victims/{named.public_id}/")
    assert same_pixels(pixels(card.content), pixels(draw_card(expected)))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_card_of_a_withheld_name_holds_no_name_in_pixels_or_bytes(client, withheld, language):
    response = card_of(client, f"/{language}/victims/{withheld.public_id}/")
    assert response.status_code == 200
    served = pixels(response.content)
    # A lone record without its name: the guard (P10) hides its age, date, place and attack, on the page and so on
    # the card, which says only what the public label says.
    kicker, label = {"en": ("In memory", "Name withheld"), "ar": ("في الذكرى", "الاسم محجوب")}[language]
    lines = ()
    page = BeautifulSoup(client.get(f"/{language}/victims/{withheld.public_id}/").content, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == label
    assert len(page.select(".facts dt")) == 1
    public = Card(language=language, kicker=kicker, title=label, lines=lines, footer=SAMPLE_FOOTER[language])
    canary_name = {
        "en": f"{CANARIES['given_name_latin']} {CANARIES['father_name_latin']} {CANARIES['family_name_latin']}",
        "ar": f"{CANARIES['given_name_ar']} {CANARIES['father_name_ar']} {CANARIES['family_name_ar']}",
    }[language]
    with_canary = replace(public, title=canary_name, subtitle=CANARIES["given_name_latin"])
    # The served card is the card drawn with the public label, pixel for pixel, and not the one drawn with the name.
    assert same_pixels(served, pixels(draw_card(public)))
    assert not same_pixels(served, pixels(draw_card(with_canary)))
    # Nothing but pixels in the file, and no sealed value in any encoding.
    assert set(chunk_types(response.content)) <= {"IHDR", "PLTE", "IDAT", "IEND"}
    for value in CANARIES.values():
        for encoded in (value.encode(), value.encode("utf-16-le"), value.encode("utf-16-be")):
            assert encoded not in response.content
    alt = open_graph(client, f"/{language}/victims/{withheld.public_id}/")[0]["og:image:alt"]
    assert label in alt
    assert not any(value in alt for value in CANARIES.values())


def test_the_label_is_real_arabic_text_laid_right_to_left(withheld):
    """The comparison above means something only if the drawing puts the text's shape on the card: the Arabic
    label and its letters in reverse order draw different pixels (raqm shapes and reorders; a left-to-right layout
    would not join the letters)."""
    public = Card(language="ar", kicker="في ذكرى", title="الاسم محجوب")
    reversed_letters = replace(public, title="الاسم محجوب"[::-1])
    assert not same_pixels(pixels(draw_card(public)), pixels(draw_card(reversed_letters)))
    # Right to left: the title ends at the right margin, and the left half of its line (the candle's side aside) is
    # empty.
    image = pixels(draw_card(Card(language="ar", kicker="", title="ذكرى")))
    title_band = image.crop((0, 120, 1200, 200)).convert("L")
    background = title_band.getpixel((1190, 5))
    text_column = range(share_cards.MARGIN + share_cards.CANDLE_SPACE, 1200)
    inked = [x for x in text_column if any(title_band.getpixel((x, y)) != background for y in range(0, 80, 2))]
    assert min(inked) > 600 and max(inked) <= 1200 - share_cards.MARGIN + 2


def test_tightening_the_policy_changes_the_card_address_and_the_old_one_answers_404(client, named, django_user_model):
    path = f"/en/victims/{named.public_id}/"
    before = open_graph(client, path)[0]["og:image"]
    assert client.get(urlsplit(before).path).status_code == 200
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    change_policy(victim=named, proposed={"name_policy": "withheld"}, reason="Family asked", user=moderator)
    after = open_graph(client, path)[0]["og:image"]
    assert after != before
    unknown = client.get(f"/en/share/victims/ZZZZZZZZ/{'0' * 24}.png")
    assert unknown.status_code == 404
    old = client.get(urlsplit(before).path)
    assert old.status_code == 404 and old.content == unknown.content
    fresh = client.get(urlsplit(after).path)
    assert fresh.status_code == 200
    assert b"Salma" not in fresh.content
    assert "Name withheld" in open_graph(client, path)[0]["og:image:alt"]


def test_every_id_that_is_not_public_answers_the_same_404(client, named, attack):
    card_path = urlsplit(open_graph(client, f"/en/victims/{named.public_id}/")[0]["og:image"]).path
    attack_path = urlsplit(open_graph(client, "/en/attacks/khan-shaykhun-2017/")[0]["og:image"]).path
    unknown = client.get(f"/en/share/victims/ZZZZZZZZ/{'0' * 24}.png").content
    named.unpublish()
    attack.live = False
    attack.save()
    for path in (card_path, attack_path, f"/en/share/attacks/no-such-attack/{'0' * 24}.png"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.content == unknown


@pytest.mark.usefixtures("uncached")  # renders each time: counts queries, or changes what no signal purges
def test_any_wagtail_page_has_a_card(client, rf, home_ar, home_en):
    for page in (home_ar, home_en):
        request = rf.get("/")
        image = share_cards.page_share_image(request, page)
        assert image.url.startswith(f"http://testserver/{page.locale.language_code}/share/pages/{page.pk}/")
        response = client.get(urlsplit(image.url).path)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert pixels(response.content).size == (image.width, image.height)
    home_en.live = False
    home_en.save()
    assert client.get(urlsplit(image.url).path).status_code == 404


@pytest.mark.usefixtures("uncached")  # renders each time: counts queries, or changes what no signal purges
def test_the_start_up_check_says_so_when_pillow_cannot_shape_arabic(monkeypatch, client, named):
    card_path = urlsplit(open_graph(client, f"/ar/victims/{named.public_id}/")[0]["og:image"]).path
    call_command("check", fail_level="WARNING")
    real_check = share_cards.features.check
    monkeypatch.setattr(share_cards.features, "check", lambda name: name != "fribidi" and real_check(name))
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", fail_level="WARNING")
    message = str(raised.value)
    assert "remembrance.W001" in message
    assert "Pillow cannot shape Arabic text: fribidi unavailable" in message
    assert "libfribidi0" in message
    with pytest.raises(share_cards.LayoutUnavailable):
        draw_card(Card(language="ar", kicker="", title="ذكرى"))
    # The site stays up without cards: the page names no image, and a card's address answers 404.
    page = client.get(f"/ar/victims/{named.public_id}/")
    assert page.status_code == 200 and b"og:image" not in page.content
    assert client.get(card_path).status_code == 404


def test_each_line_gets_a_font_that_has_its_letters_and_draws_no_empty_box():
    # English lines read like the English pages (Noto Sans); Arabic, and letters Noto Sans lacks, take Noto Naskh.
    assert share_cards.font_for("Salma al-Hassan", False) == share_cards.SANS[False]
    assert share_cards.font_for("سلمى 34", True) == share_cards.NASKH[True]
    assert share_cards.font_for("Ḥamā", False) == share_cards.NASKH[False]
    # A letter neither font has is drawn as the letter it is built on, never as a box; controls are not drawn.
    assert share_cards.drawable("Ḥamā", share_cards.NASKH[False]) == "Hamā"
    assert share_cards.drawable("a\u202eb\u200f", share_cards.SANS[False]) == "ab"
