"""Share cards: the Open Graph image of a victim's, an attack's or any Wagtail page, drawn with Pillow.

A card is built in two steps. First its text (`Card`) is taken from what the public page itself shows — a victim
through its public representation (`public_victim`, via the archive's display functions), an attack through its
public fields, a page through its title and description — and nothing else, so a card can say no more than the
page (P2). Then the text is drawn: Arabic shaped and set right to left by Pillow's raqm layout (HarfBuzz and
FriBiDi), in fonts shipped in the repository. The card's address carries a digest of its text (`Card.digest`):
when the public representation changes, the address changes, the old address answers 404, and the image can be
cached for a year. The PNG carries pixels only: no text chunk, no metadata."""

import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from PIL import Image, ImageDraw, ImageFont, features

from memorial.archive.display import list_separator, names_for, title_for, victim_facts
from memorial.meta import ShareImage

WIDTH, HEIGHT = 1200, 630
# Part of every digest: a change to the drawing gives every card a new address, so no cache keeps the old one.
DRAWING_VERSION = "1"

FONTS = Path(__file__).resolve().parent / "fonts"
NASKH = {False: FONTS / "NotoNaskhArabic-Regular.ttf", True: FONTS / "NotoNaskhArabic-Bold.ttf"}
SANS = {
    False: Path(settings.BASE_DIR) / "static" / "fonts" / "noto-sans-latin-400-normal.woff2",
    True: Path(settings.BASE_DIR) / "static" / "fonts" / "noto-sans-latin-700-normal.woff2",
}
# Not in any font: what a missing glyph draws (.notdef) is what this code point draws.
UNASSIGNED = "\U0010fffd"
ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

BACKGROUND = (28, 34, 38)
RULE = (70, 80, 86)
FLAME = (238, 170, 70)
FLAME_CORE = (255, 236, 180)
WAX = (226, 220, 206)
KICKER = (232, 196, 130)
TITLE = (250, 248, 244)
TEXT = (214, 214, 210)

MARGIN = 72
CANDLE_SPACE = 230
TEXT_WIDTH = WIDTH - 2 * MARGIN - CANDLE_SPACE
TITLE_SIZES = (76, 68, 60, 52)
RULE_Y = HEIGHT - 100


class LayoutUnavailable(RuntimeError):
    """Pillow cannot shape Arabic here (raqm or FriBiDi is missing): a card would print broken, reversed names."""


@dataclass(frozen=True)
class Card:
    """Everything a card says, in the order it says it, and the language whose direction it is set in."""

    language: str
    kicker: str
    title: str
    subtitle: str = ""
    lines: tuple = field(default_factory=tuple)
    footer: str = ""

    @property
    def digest(self):
        content = json.dumps([DRAWING_VERSION, asdict(self)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(content.encode()).hexdigest()[:24]

    @property
    def alt(self):
        """The card's text, for `og:image:alt`: exactly what the image says."""
        return " — ".join(part for part in (self.kicker, self.title, self.subtitle, *self.lines) if part)

    @property
    def rtl(self):
        return translation.get_language_info(self.language)["bidi"]


def footer():
    return gettext("Memorial")


def victim_card(shown, language):
    """A victim's card from its public representation: the public name as the page titles it (or "Name withheld"),
    the name in the other script, the public facts and the attack, and whether the record is a sample."""
    with translation.override(language):
        names = names_for(shown, language)
        lines = [victim_facts(shown), shown.attack.title if shown.attack else ""]
        if shown.name_is_pseudonym:
            # First, so that it is never the line left off: a pseudonym must not pass for the person's name.
            lines.insert(0, gettext("A name chosen by the family, not the person's own."))
        sample = gettext("Sample record: synthetic data for demonstration, not a real person")
        return Card(
            language=language,
            kicker=gettext("In memory"),
            title=title_for(shown, language),
            subtitle=names[1].text if len(names) > 1 else "",
            lines=tuple(line for line in lines if line),
            # On the footer's line, which is always drawn.
            footer=f"{footer()} · {sample}" if shown.is_sample else footer(),
        )


def attack_card(attack, language):
    """An attack's card from its public fields: title, days, places and agent, as its page states them."""
    with translation.override(language):
        days = date_format(attack.date, "j F Y")
        if attack.end_date:
            days = f"{days} – {date_format(attack.end_date, 'j F Y')}"
        places = list_separator(language).join(place.name for place in attack.places.all())
        return Card(
            language=language,
            kicker=gettext("Chemical attack"),
            title=attack.title,
            lines=tuple(line for line in (days, places, attack.get_agent_display()) if line),
            footer=footer(),
        )


def page_card(page):
    """Any live Wagtail page's card, in the page's own language: its title and its search description."""
    language = page.locale.language_code
    with translation.override(language):
        return Card(
            language=language,
            kicker=gettext("Memorial"),
            title=page.seo_title or page.title,
            lines=(page.search_description,) if page.search_description else (),
            footer=gettext("Remembering the victims of chemical attacks in Syria"),
        )


def share_image(request, card, url_name, args):
    """The `og:image` of a page whose card is `card`: the absolute address of its PNG, which names its digest;
    none where cards cannot be drawn (the start-up check says why)."""
    if not layout_available():
        return None
    with translation.override(card.language):
        path = reverse(url_name, args=[*args, card.digest])
    return ShareImage(request.build_absolute_uri(path), WIDTH, HEIGHT, card.alt)


def victim_share_image(request, shown):
    """For the victim page's `PageMeta.image`: the card of a public representation, in the request's language."""
    card = victim_card(shown, translation.get_language())
    return share_image(request, card, "remembrance:victim_share_card", [shown.public_id])


def attack_share_image(request, attack):
    card = attack_card(attack, translation.get_language())
    return share_image(request, card, "remembrance:attack_share_card", [attack.key])


def page_share_image(request, page):
    """For any live Wagtail page (remembrance days, anniversaries): `page_meta(..., image=page_share_image(...))`."""
    return share_image(request, page_card(page), "remembrance:page_share_card", [page.pk])


# Drawing -----------------------------------------------------------------------------------------------------------


def layout_available():
    return features.check("raqm") and features.check("fribidi")


@cache
def font(path, size):
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


@cache
def glyph_of(path, char):
    """What `char` draws in the font at `path`, laid out one character at a time (no shaping)."""
    plain = ImageFont.truetype(str(path), 32, layout_engine=ImageFont.Layout.BASIC)
    image = Image.new("L", (96, 96))
    ImageDraw.Draw(image).text((24, 24), char, font=plain, fill=255)
    return image.tobytes()


def covers(path, char):
    return char.isspace() or glyph_of(path, char) != glyph_of(path, UNASSIGNED)


def is_arabic(char):
    return any(start <= ord(char) <= end for start, end in ARABIC_BLOCKS)


def font_for(text, bold):
    """Noto Naskh Arabic for a line with Arabic in it; Noto Sans, as the English pages, for any other line whose
    every letter it has."""
    if not any(is_arabic(char) for char in text) and all(covers(SANS[bold], char) for char in text):
        return SANS[bold]
    return NASKH[bold]


def drawable(text, path):
    """`text` with every character the font lacks replaced by what it decomposes into and the font has ("Ḥ" → "H"),
    or dropped: a card prints no empty boxes. Invisible controls are dropped too, as on every public page."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.category(char) in {"Cc", "Cf"}:
            continue
        if covers(path, char):
            kept.append(char)
        else:
            kept.extend(part for part in unicodedata.normalize("NFKD", char) if covers(path, part))
    return "".join(kept)


@dataclass(frozen=True)
class Run:
    text: str
    path: Path
    size: int

    def length(self, direction, language):
        return font(self.path, self.size).getlength(self.text, direction=direction, language=language)


def wrapped(text, *, bold, size, max_lines, direction, language, width=TEXT_WIDTH):
    """`text` in lines no wider than `width`, at most `max_lines`, and whether it had to be cut (the last line then
    ends with an ellipsis). Words are taken in reading order, so each line is laid out on its own (right to left in
    Arabic) and a line break never reorders a sentence."""
    path = font_for(text, bold)
    text = drawable(text, path)

    def fits(candidate):
        return Run(candidate, path, size).length(direction, language) <= width

    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate) or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    truncated = len(lines) > max_lines or any(not fits(line) for line in lines)
    lines = lines[:max_lines]
    if truncated and lines:
        last = lines[-1]
        while last and not fits(f"{last}…"):
            last = last[:-1].rstrip()
        lines[-1] = f"{last}…"
    return [Run(line, path, size) for line in lines], truncated


def title_runs(title, direction, language):
    """The title on one line at the largest size that holds it, else on two lines, else cut at the smallest size."""
    for max_lines in (1, 2):
        for size in TITLE_SIZES:
            runs, truncated = wrapped(
                title, bold=True, size=size, max_lines=max_lines, direction=direction, language=language
            )
            if not truncated:
                return runs
    return runs


def draw_candle(draw, rtl):
    """A lit candle on the card's far side (the left in Arabic, the right in English), drawn, not a picture file."""
    centre = MARGIN + CANDLE_SPACE // 2 - 20 if rtl else WIDTH - MARGIN - CANDLE_SPACE // 2 + 20
    base = HEIGHT - 150
    draw.rounded_rectangle((centre - 34, base - 250, centre + 34, base), radius=10, fill=WAX)
    draw.line((centre, base - 250, centre, base - 270), fill=RULE, width=4)
    draw.ellipse((centre - 26, base - 350, centre + 26, base - 262), fill=FLAME)
    draw.ellipse((centre - 12, base - 315, centre + 12, base - 268), fill=FLAME_CORE)
    draw.rounded_rectangle((centre - 70, base, centre + 70, base + 16), radius=8, fill=RULE)


def draw_card(card):
    """The card as PNG bytes: 1200 × 630 pixels, nothing else in the file."""
    if not layout_available():
        raise LayoutUnavailable("Pillow's raqm layout (libraqm with FriBiDi) is unavailable: cards cannot be drawn.")
    direction = "rtl" if card.rtl else "ltr"
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 10), fill=FLAME)
    draw_candle(draw, card.rtl)
    start = WIDTH - MARGIN if card.rtl else MARGIN
    anchor = "ra" if card.rtl else "la"

    def runs(text, **style):
        return wrapped(text, direction=direction, language=card.language, **style)[0]

    def put(lines, y, colour, *, leading=1.45, gap=0):
        for run in lines:
            draw.text(
                (start, y),
                run.text,
                font=font(run.path, run.size),
                fill=colour,
                anchor=anchor,
                direction=direction,
                language=card.language,
            )
            y += round(run.size * leading)
        return y + gap

    y = put(runs(card.kicker, bold=False, size=36, max_lines=1), 64, KICKER, gap=14)
    y = put(title_runs(card.title, direction, card.language), y, TITLE, leading=1.3, gap=10)
    if card.subtitle:
        y = put(runs(card.subtitle, bold=False, size=40, max_lines=1), y, TEXT, gap=8)
    for line in card.lines:
        lines = runs(line, bold=False, size=32, max_lines=2)
        # Whatever does not fit above the rule is left off: the page says the rest.
        if y + len(lines) * 46 > RULE_Y - 12:
            break
        y = put(lines, y, TEXT, gap=4)

    draw.line((MARGIN, RULE_Y, WIDTH - MARGIN, RULE_Y), fill=RULE, width=2)
    for size in (28, 24, 20):
        footer, truncated = wrapped(
            card.footer,
            bold=True,
            size=size,
            max_lines=1,
            width=WIDTH - 2 * MARGIN,
            direction=direction,
            language=card.language,
        )
        if not truncated:
            break
    put(footer, RULE_Y + 24, KICKER)

    output = io.BytesIO()
    # Only the pixels: Pillow writes no text chunk, time or physical size unless asked to. Not `optimize`: it
    # took twice as long for 4 % fewer bytes.
    image.save(output, format="PNG")
    return output.getvalue()
