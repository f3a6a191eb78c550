"""Preparing next year's remembrance pages ahead of time: a copy of the latest earlier year's page in every
language, as drafts, with the dates moved; never published (an editor reviews, then publishes or schedules).

What the families chose may have changed since last year. A featured victim, or a testimony that remembers a
victim, whose record now shows less than the block was written with (or is no longer public) is left out of
the copy, and the editor is told how many were: the choice to feature them again is the editor's, made
against what the record shows now."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Locale

from home.models import HomePage
from memorial.remembrance import display
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage, RemembranceIndexPage

# Editorial defaults for the first page of a kind: facts only (the Day, the decision that set it), and blocks
# that compute everything else from the archive.
INDEX_TITLES = {"ar": "إحياء الذكرى", "en": "Remembrance"}
INDEX_INTRODUCTIONS = {
    "ar": "صفحات يوم إحياء ذكرى جميع ضحايا الحرب الكيميائية (30 تشرين الثاني/نوفمبر) وذكرى كل هجوم، سنةً بعد سنة.",
    "en": "The pages of the Day of Remembrance for all Victims of Chemical Warfare (30 November) and of each "
    "attack's anniversary, year by year.",
}
DAY_TITLES = {
    "ar": "يوم إحياء ذكرى جميع ضحايا الحرب الكيميائية، 30 تشرين الثاني {year}",
    "en": "Day of Remembrance for all Victims of Chemical Warfare, 30 November {year}",
}
DAY_INTRODUCTIONS = {
    "ar": "يوافق الثلاثون من تشرين الثاني/نوفمبر يومَ إحياء ذكرى جميع ضحايا الحرب الكيميائية، الذي حدّده مؤتمر "
    "الدول الأطراف في اتفاقية الأسلحة الكيميائية بقراره C-20/DEC.10 عام 2015، ويُحيا في هذا التاريخ منذ عام 2016. "
    "نستذكر فيه ضحايا الهجمات الكيميائية في سوريا.",
    "en": "30 November is the Day of Remembrance for all Victims of Chemical Warfare, set by the Conference of the "
    "States Parties to the Chemical Weapons Convention in decision C-20/DEC.10 in 2015 and observed on this date "
    "since 2016. On it we remember the victims of the chemical attacks in Syria.",
}
ANNIVERSARY_TITLES = {"ar": "ذكرى هجوم {attack}، {year}", "en": "Anniversary of the attack of {attack}, {year}"}
ANNIVERSARY_INTRODUCTIONS = {
    "ar": "في مثل هذا اليوم من عام {attack_year} وقع هذا الهجوم الكيميائي. نستذكر ضحاياه كما يسمح ذووهم بذكرهم.",
    "en": "On this day in {attack_year} this chemical attack took place. We remember its victims as their families "
    "allow them to be named.",
}
HEADINGS = {
    "statistics": {"ar": "ما يسجّله الأرشيف", "en": "What the archive records"},
    "timeline": {"ar": "الهجمات الكيميائية في سوريا", "en": "The chemical attacks in Syria"},
    "roll": {"ar": "أسماء الضحايا", "en": "The names of the victims"},
}


class PreparationError(Exception):
    """A page for that year exists already, or the site has no home page to put the index under."""


@dataclass
class Prepared:
    pages: list = field(default_factory=list)
    copied_from: int | None = None
    # Per language code: what each language's copy left out.
    dropped_victims: dict = field(default_factory=dict)
    dropped_testimonies: dict = field(default_factory=dict)


def locales():
    """The default site's languages, Arabic (its home page's) first."""
    return sorted(Locale.objects.all(), key=lambda locale: locale.language_code != "ar")


@transaction.atomic
def ensure_remembrance_index():
    """The remembrance index under each language's home page, published; made once, found afterwards."""
    indexes = {}
    original = None
    for locale in locales():
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            raise PreparationError(f"No home page in {locale.language_code}.")
        index = RemembranceIndexPage.objects.child_of(home).first()
        if index is None:
            code = locale.language_code
            index = RemembranceIndexPage(
                title=INDEX_TITLES.get(code, INDEX_TITLES["en"]),
                slug="remembrance",
                introduction=INDEX_INTRODUCTIONS.get(code, INDEX_INTRODUCTIONS["en"]),
                locale=locale,
            )
            if original is not None:
                index.translation_key = original.translation_key
            home.add_child(instance=index)
            index.save_revision().publish()
        original = original or index
        indexes[locale.language_code] = index
    return indexes


def filtered_stream(body, prepared, code):
    """The raw blocks of `body` without the featured victims and testimonies that show more than their records
    allow now."""
    blocks = []
    for block in body.get_prep_value():
        value = block["value"]
        if block["type"] == "featured_victims":
            kept = [
                item
                for item in value.get("victims", [])
                if not display.tightened(
                    item["value"].get("seen", ""), display.shown_victim(item["value"].get("public_id"))
                )
            ]
            dropped = len(value.get("victims", [])) - len(kept)
            prepared.dropped_victims[code] = prepared.dropped_victims.get(code, 0) + dropped
            if not kept:
                continue
            block = {**block, "value": {**value, "victims": kept}}
        elif block["type"] == "testimony" and display.testimony_tightened(value):
            prepared.dropped_testimonies[code] = prepared.dropped_testimonies.get(code, 0) + 1
            continue
        blocks.append({key: item for key, item in block.items() if key != "id"})
    return blocks


def moved_go_live(value, years):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def moved_text(text, old_year, year):
    return text.replace(str(old_year), str(year))


def content_of(page):
    """The page as its editors last left it: the published version if live, else the latest draft."""
    return page if page.live else page.get_latest_revision_as_object()


def default_body(code, *, attack=None):
    headings = {name: texts.get(code, texts["en"]) for name, texts in HEADINGS.items()}
    blocks = [{"type": "statistics", "value": {"heading": headings["statistics"]}}]
    if attack is None:
        blocks.append({"type": "timeline", "value": {"heading": headings["timeline"]}})
    blocks.append(
        {
            "type": "roll_of_names",
            "value": {"heading": headings["roll"], "attack": attack.pk if attack else None, "seconds_per_name": 4},
        }
    )
    return blocks


def add_draft(parent, page, original):
    if original is not None:
        page.translation_key = original.translation_key
    page.live = False
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    page.save_revision()
    return page


def prepare(model, year, *, earlier, defaults, filters):
    """Drafts of `model` for `year` in every language: copies of `earlier` (its translations) or the defaults."""
    if model.objects.filter(year=year, **filters).exists():
        raise PreparationError(f"A page for {year} exists already; nothing was changed.")
    indexes = ensure_remembrance_index()
    prepared = Prepared(copied_from=earlier.year if earlier else None)
    original = None
    for locale in locales():
        code = locale.language_code
        source = earlier.get_translation_or_none(locale) if earlier is not None else None
        if source is not None:
            source = content_of(source)
            years = year - source.year
            page = model(
                title=moved_text(source.title, source.year, year),
                slug=slugify(moved_text(source.slug, source.year, year)) or f"{source.slug}-{year}",
                introduction=moved_text(source.introduction, source.year, year),
                body=filtered_stream(source.body, prepared, code),
                year=year,
                go_live_at=moved_go_live(source.go_live_at, years),
                locale=locale,
                **filters,
            )
        else:
            page = model(year=year, locale=locale, **filters, **defaults(code))
        original = add_draft(indexes[code], page, original)
        prepared.pages.append(page)
    return prepared


def latest_earlier(model, year, **filters):
    """The latest page of an earlier year, in the original language (Arabic) when it has one."""
    pages = model.objects.filter(year__lt=year, **filters).order_by("-year", "locale__language_code")
    arabic = pages.filter(locale__language_code="ar").first()
    return arabic or pages.first()


def prepare_remembrance_day(year):
    def defaults(code):
        return {
            "title": DAY_TITLES.get(code, DAY_TITLES["en"]).format(year=year),
            "slug": f"30-november-{year}",
            "introduction": DAY_INTRODUCTIONS.get(code, DAY_INTRODUCTIONS["en"]),
            "body": default_body(code),
        }

    earlier = latest_earlier(RemembranceDayPage, year)
    return prepare(RemembranceDayPage, year, earlier=earlier, defaults=defaults, filters={})


def prepare_anniversary(attack, year):
    if year <= attack.date.year:
        raise PreparationError("An anniversary falls in a year after the attack.")

    def defaults(code):
        with_language = {"ar": attack.title_ar, "en": attack.title_en or attack.title_ar}
        return {
            "title": ANNIVERSARY_TITLES.get(code, ANNIVERSARY_TITLES["en"]).format(
                attack=with_language.get(code, with_language["en"]), year=year
            ),
            "slug": f"{attack.key}-{year}",
            "introduction": ANNIVERSARY_INTRODUCTIONS.get(code, ANNIVERSARY_INTRODUCTIONS["en"]).format(
                attack_year=attack.date.year
            ),
            "body": default_body(code, attack=attack),
        }

    earlier = latest_earlier(AttackAnniversaryPage, year, attack=attack)
    return prepare(AttackAnniversaryPage, year, earlier=earlier, defaults=defaults, filters={"attack": attack})
