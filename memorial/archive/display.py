"""Display-ready values for templates, so templates stay free of rules."""

import base64
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from itertools import groupby

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from memorial.archive.models import Attack, AttackFigure, Victim
from memorial.archive.names import is_arabic
from memorial.meta import page_meta
from memorial.privacy.photos import public_bytes, public_version, size_of
from memorial.privacy.representation import PublicPhoto, public_picture, public_victim

FACT_SEPARATOR = " · "
SOURCE_SEPARATOR = " — "


@dataclass(frozen=True)
class Text:
    """A piece of text with its language and direction; both empty when it is in the page's language. A page
    isolates every piece of a line (`<bdi>`), so that an English title in an Arabic line keeps its order and the
    line keeps the page's; a piece in the other direction is set as one block, so that where it wraps no other
    piece lands between its lines. A `whole` piece (a date) never breaks across lines."""

    text: str
    lang: str = ""
    dir: str = ""
    whole: bool = False
    # "in English" beside a text that exists only in the other language than the page's (`in_its_language`).
    note: str = ""


def date_text(value):
    """A day in the page's language, kept on one line: "16" and "أيلول 2013" read as one date."""
    return Text(date_format(value, "j F Y"), whole=True)


@dataclass(frozen=True)
class Line:
    """Pieces shown one after another with a separator, and the address they link to, if any."""

    parts: list
    separator: str
    url: str = ""


def as_entered(text):
    """A value kept as it was typed (a source's title, a body's words), in whichever script that was."""
    return Text(text, "ar", "rtl") if is_arabic(text) else Text(text, "en", "ltr")


LANGUAGE_NOTES = {"ar": gettext_lazy("in Arabic"), "en": gettext_lazy("in English")}


def in_its_language(text, language):
    """A free text that exists in one language only (a source's words, a body's attribution): isolated in its own
    language and, on a page in the other one, said to be in it, so that an Arabic page does not pass an English
    phrase off as its own words."""
    entered = as_entered(text)
    return entered if entered.lang == language else replace(entered, note=LANGUAGE_NOTES[entered.lang])


def list_separator(language):
    return "، " if language == "ar" else ", "


def grouped(number):
    """A count with its thousands grouped, as the site's texts write them in both languages ("1,510").
    Django's Arabic number format has no grouping, so it would print "1510" beside the home page's "1,510"."""
    return f"{number:,}"


def names_for(shown, language):
    """The public name in the page's script first and the other script beside it."""
    arabic = Text(shown.name_ar, "ar", "rtl") if shown.name_ar else None
    latin = Text(shown.name_latin, "en", "ltr") if shown.name_latin else None
    ordered = [latin, arabic] if language == "en" else [arabic, latin]
    return [name for name in ordered if name]


def title_for(shown, language):
    names = names_for(shown, language)
    return names[0].text if names else gettext("Name withheld")


def in_language(arabic, english, language):
    """A text in the page's language, or the other one with its own lang and dir when it is missing."""
    if language == "en" and english:
        return Text(english, "en", "ltr")
    if arabic:
        return Text(arabic, "ar", "rtl")
    return Text(english, "en", "ltr") if english else None


def figure_count(figure):
    """A reported figure as its source gave it: one number, or a range that stays a range ("1,127–1,429")."""
    if figure.high is not None and figure.high != figure.low:
        return f"{grouped(figure.low)}–{grouped(figure.high)}"
    return grouped(figure.low)


def isolated_count(figure):
    """A figure's count for a line of text: kept left to right, or an Arabic line would print "100–86"."""
    return format_html('<bdi dir="ltr">{}</bdi>', figure_count(figure))


def milestone_row(milestone):
    """An accountability milestone as public pages show it: always with its source, linked to its live attacks."""
    return {
        "date": milestone.date,
        "title": milestone.title,
        "kind": milestone.get_kind_display(),
        "is_convention": milestone.kind == "convention",
        "body": milestone.body,
        "source": str(milestone.source),
        "source_url": milestone.source.url,
        "to_be_verified": milestone.to_be_verified,
        "attacks": [{"key": attack.key, "title": attack.title} for attack in milestone.attacks.all()],
    }


def timeline(attacks, milestones=()):
    """Attacks, each with the death tolls its sources reported, and accountability milestones, by year in date
    order (on one day, the attack before the finding about it)."""
    entries = [
        {
            "date": attack.date,
            "attack": attack,
            "killed": [isolated_count(figure) for figure in attack.figures.all() if figure.kind == "killed"],
        }
        for attack in attacks
    ] + [{"date": milestone.date, "milestone": milestone_row(milestone)} for milestone in milestones]
    entries.sort(key=lambda entry: (entry["date"], "milestone" in entry))
    years = []
    for year, group in groupby(entries, key=lambda entry: entry["date"].year):
        group = list(group)
        years.append({"year": year, "attack_count": sum("attack" in entry for entry in group), "entries": group})
    return years


DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


def shown_date(shown):
    """A victim's public date, never more precise than its representation allows."""
    if not shown.date:
        return ""
    return formatted_date(get_language(), shown.date, shown.date_precision)


@lru_cache(maxsize=4096)
def formatted_date(language, value, precision):
    """A date at a precision in `language`, the active one, formatted once: a list's rows share a few dates (their
    attacks'), and each formatting reads the catalogue again."""
    return date_format(value, DATE_FORMATS[precision])


def age_group_label(code):
    """The translated label of an age-group code ("30-44" -> "30 to 44")."""
    return Victim.AgeGroup(code).label if code in Victim.AgeGroup.values else code


def age_text(age):
    """An age in years with its unit; an infant's is "under 1 year", not "0 years"."""
    if age == 0:
        return gettext("under 1 year")
    return ngettext("%(years)s year", "%(years)s years", age) % {"years": age}


def age_or_group(shown):
    """The age with its unit, or the age group when only that is shown; empty when neither is."""
    return age_or_group_text(get_language(), shown.age, shown.age_group)


@lru_cache(maxsize=1024)
def age_or_group_text(language, age, age_group):
    """`age_or_group` in `language`, the active one, translated once (as `formatted_date`)."""
    if age is not None:
        return age_text(age)
    return str(age_group_label(age_group)) if age_group else ""


def victim_facts(shown, language=None):
    """The short line of a victim's public facts in lists: age, date, place, whichever are shown, in `language`, the
    active one (given by a list, which asks it once)."""
    language = language or get_language()
    parts = [
        age_or_group_text(language, shown.age, shown.age_group),
        formatted_date(language, shown.date, shown.date_precision) if shown.date else "",
        shown.place.name if shown.place else "",
    ]
    return FACT_SEPARATOR.join(part for part in parts if part)


def source_line(source):
    """A source as the public reads it: who published it, its title and number as they were entered (each once),
    and its date in the page's language."""
    entered = dict.fromkeys(part for part in (source.publisher, source.title, source.document_number) if part)
    parts = [as_entered(part) for part in entered]
    if source.date:
        parts.append(date_text(source.date))
    return Line(parts, SOURCE_SEPARATOR, source.url)


def finding_caption(finding, language):
    """Who concluded, in which document and when: the body's names as entered, the date in the page's language."""
    parts = [as_entered(part) for part in (finding.body, finding.document) if part]
    if finding.date:
        parts.append(date_text(finding.date))
    return Line(parts, list_separator(language))


def victim_photo_alt(shown):
    """What a screen reader hears of a record's photo: that it is blurred when the family asked, never who it shows
    beyond "the person remembered here" (the name, if public, is the page's heading)."""
    if shown.photo_mode == "blurred":
        return gettext("Blurred photo, at the family’s request")
    return gettext("Photo of the person remembered here")


def public_photo(shown, *, preview=False):
    """The public photo of this record (its public version and that version's sizes), or None (the neutral image is
    shown).

    A preview shows the same pixels inline: a record not yet approved must not put a file in public media."""
    if shown.photo is None or shown.photo_mode not in {"show", "blurred"}:
        return None
    alt, blurred, graphic = victim_photo_alt(shown), shown.photo_mode == "blurred", shown.photo.is_graphic
    if preview:
        data = public_bytes(shown.photo, shown.photo_mode)
        width, height = size_of(data)
        url = "data:image/jpeg;base64," + base64.b64encode(data).decode()
        return PublicPhoto(url=url, width=width, height=height, alt=alt, blurred=blurred, graphic=graphic)
    version = public_version(shown.photo, shown.photo_mode)
    return public_picture(version, alt=alt, blurred=blurred, graphic=graphic)


def victim_meta(shown, language):
    """The page's title and description from its public representation alone, as the page shows it: a name
    the family withheld is in neither (P2), and a sample says it is one."""
    attack = shown.attack.title if shown.attack else ""
    if names_for(shown, language):
        values = {"name": title_for(shown, language), "attack": attack}
        description = (
            gettext("In memory of %(name)s, a victim of the chemical attack of %(attack)s.")
            if attack
            else gettext("In memory of %(name)s, a victim of chemical weapons in Syria.")
        ) % values
    elif attack:
        description = gettext(
            "A victim of the chemical attack of %(attack)s, whose name is withheld at the family's request."
        ) % {"attack": attack}
    else:
        description = gettext("A victim of chemical weapons in Syria, whose name is withheld at the family's request.")
    if shown.is_sample:
        description = f"{gettext('Sample record: synthetic data for demonstration, not a real person')}. {description}"
    return page_meta(title_for(shown, language), description)


def attack_meta(attack):
    return page_meta(
        attack.title,
        gettext(
            "The chemical attack of %(title)s (%(agent)s): the figures reported, each with its source, the official "
            "findings and the victims recorded in this archive."
        )
        % {"title": attack.title, "agent": attack.get_agent_display()},
    )


def victim_page_context(shown, *, permanent_url, preview=False):
    """Everything the victim page shows; the public view and the admin preview share it."""
    language = get_language()
    return {
        "victim": shown,
        "meta": victim_meta(shown, language),
        "photo": public_photo(shown, preview=preview),
        "names": names_for(shown, language),
        "title": title_for(shown, language),
        "biography": in_language(shown.biography_ar, shown.biography_en, language),
        "age": age_text(shown.age) if shown.age is not None else "",
        "sources": [source_line(source) for source in shown.sources],
        # The citation's address (opendata's `cite_this`); None in the admin preview, which cites nothing.
        "permanent_url": permanent_url,
    }


def victim_preview_context(victim):
    """A record's page as the public would see it once published, for the admin preview."""
    return victim_page_context(public_victim(victim), permanent_url=None, preview=True)


def attack_preview_context(attack):
    return attack_page_context(attack, victims=[])


UNREPORTED = {
    AttackFigure.Kind.KILLED: gettext_lazy("No death toll with its source is recorded for this attack yet."),
    AttackFigure.Kind.INJURED: gettext_lazy("No count of the injured with its source is recorded for this attack yet."),
}


def unreported_tolls(figures):
    """What the record says of a toll no source gave it: that none is recorded, rather than a figure without a
    source (an unsourced "0" would read as a count that someone made)."""
    kinds = {figure.kind for figure in figures}
    return [message for kind, message in UNREPORTED.items() if kind not in kinds]


def attack_page_context(attack, *, victims, page_obj=None, permanent_url=None):
    language = get_language()
    figures = list(attack.figures.all())
    return {
        "object": attack,
        "meta": attack_meta(attack),
        "agent_as_reported": in_its_language(attack.agent_description, language) if attack.agent_description else None,
        "delivery_as_reported": (
            in_its_language(attack.delivery_description, language) if attack.delivery_description else None
        ),
        "figures": [
            {
                "figure": figure,
                "count": figure_count(figure),
                "reported_by": in_its_language(figure.reported_by, language),
                "reported_on": date_text(figure.reported_on) if figure.reported_on else None,
            }
            for figure in figures
        ],
        "unreported": unreported_tolls(figures),
        "findings": [
            {
                "attribution": in_its_language(finding.attribution, language),
                "caption": finding_caption(finding, language),
            }
            for finding in attack.findings.all()
        ],
        # An attack previewed before its first save has no sources yet: they are saved with it.
        "sources": [source_line(source) for source in attack.sources.all()] if attack.pk else [],
        "narrative": in_language(attack.narrative_ar, attack.narrative_en, language),
        "page_obj": page_obj,
        "victims": victim_list(victims),
        "permanent_url": permanent_url,
    }


VICTIM_LIST = '<ul class="victim-list">\n{}\n</ul>\n'
VICTIM_ITEM = (
    '\n    <li class="victim-list__item">\n        <a href="{url}">{names}</a>\n        {note}\n        {facts}\n'
    "        {sample}\n    </li>\n"
)
ARABIC_NAME = '<span lang="ar" dir="rtl">{}</span>'
LATIN_NAME = '<span lang="en" dir="ltr">{}</span>'
VICTIM_NOTE = '<span class="victim-list__note">{}</span>'
VICTIM_FACTS = '<span class="victim-list__facts">{}</span>'
VICTIM_SAMPLE = '<span class="badge badge--sample">{}</span>'


def victim_list(representations):
    """The markup of a list of victims, one item per representation (or public index row, which has the same public
    values): its names in display order linked to its page, the family's choice of name, its facts, the sample
    badge. Written here rather than in a template: a template's tags for each of a page's 50 rows were half of a
    listing's time. The address is reversed once per list, and each text is escaped as a template would."""
    if not representations:
        return ""
    language = get_language()
    address = reverse("archive:victim", args=[PUBLIC_ID_SLOT])
    withheld = escape(gettext("Name withheld"))
    note = VICTIM_NOTE.format(escape(gettext("a name chosen by the family")))
    sample = VICTIM_SAMPLE.format(escape(gettext("Sample")))
    items = []
    for shown in representations:
        # In the page's script first, as `names_for` orders them.
        arabic = ARABIC_NAME.format(escape(shown.name_ar)) if shown.name_ar else ""
        latin = LATIN_NAME.format(escape(shown.name_latin)) if shown.name_latin else ""
        first, second = (latin, arabic) if language == "en" else (arabic, latin)
        names = f"{first} · {second}" if first and second else first or second
        facts = victim_facts(shown, language)
        items.append(
            VICTIM_ITEM.format(
                url=escape(address.replace(PUBLIC_ID_SLOT, shown.public_id)),
                names=names or withheld,
                note=note if shown.name_is_pseudonym else "",
                facts=VICTIM_FACTS.format(escape(facts)) if facts else "",
                sample=sample if shown.is_sample else "",
            )
        )
    return mark_safe(VICTIM_LIST.format("".join(items)))  # noqa: S308 - every value is escaped above


# Stands for a public id in a reversed address; public ids are lowercase letters and digits, never this.
PUBLIC_ID_SLOT = "PUBLIC-ID"


def statistics_for_display(statistics, language):
    """Language-neutral cached figures with labels for one language, and numbers as the site prints them."""
    agents = dict(Attack.Agent.choices)
    cited = statistics["cited"]
    return {
        **statistics,
        "cited": {
            **{key: grouped(value) if isinstance(value, int) else value for key, value in cited.items()},
            "publisher": cited["publisher_ar"] if language == "ar" else cited["publisher"],
        },
        "attacks": grouped(statistics["attacks"]),
        "attacks_after_accession": grouped(statistics["attacks_after_accession"]),
        "by_governorate": [(names[language] or names["ar"], total) for names, total in statistics["by_governorate"]],
        "by_agent": [(agents.get(agent, agent), total) for agent, total in statistics["by_agent"]],
        "by_attack": [(names[language] or names["ar"], total) for names, total in statistics["by_attack"]],
        "by_age_sex": {
            "sexes": [Victim.Sex(code).label for code in statistics["by_age_sex"]["sexes"]],
            "rows": [(age_group_label(code), cells) for code, cells in statistics["by_age_sex"]["rows"]],
        },
    }
