"""Demo remembrance pages for `make run`: the most recent 30 November published and the next one drafted, in
both languages, and the anniversary page of the Ghouta attack. Safe to run again. The featured victims are sample
records; the testimony is labelled as a sample, and no figure is typed in (the blocks count the archive)."""

import uuid

from memorial.archive.models import Attack, VictimPublicIndex
from memorial.remembrance import dates, display
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage
from memorial.remembrance.preparation import (
    ensure_remembrance_index,
    prepare_anniversary,
    prepare_remembrance_day,
)
from memorial.remembrance.withheld_names import withheld_lookup
from memorial.remembrance.witnesses import ShownAs

DEMO_ANNIVERSARY = "ghouta-2013"
FEATURED = 3
SAMPLE_TESTIMONY = {
    "ar": {
        "text": "شهادة تجريبية: هنا تُنشر كلمات شاهد كما قالها، باسمه أو بالأحرف الأولى من اسمه أو دون اسم، كما اختار.",
        "relation": "شاهد تجريبي",
    },
    "en": {
        "text": "Sample testimony: a witness's words appear here as they gave them, with their name, their initials "
        "or no name, as they chose.",
        "relation": "a sample witness",
    },
}
FEATURED_HEADINGS = {"ar": "نستذكرهم", "en": "We remember them"}
ACTION = {
    "ar": {"heading": "صفحات الأعوام السابقة", "label": "إحياء الذكرى"},
    "en": {"heading": "The pages of past years", "label": "Remembrance"},
}


def last_remembrance_year(on):
    return on.year if on >= dates.remembrance_day(on.year) else on.year - 1


def last_anniversary_year(day, on):
    return on.year if on >= dates.anniversary(day, on.year) else on.year - 1


def featured_block(code):
    public_ids = VictimPublicIndex.objects.filter(name_shown_in_full=True).order_by("public_id")
    victims = []
    for public_id in public_ids.values_list("public_id", flat=True)[:FEATURED]:
        shown = display.shown_victim(public_id)
        victims.append(
            {
                "type": "item",
                "id": str(uuid.uuid4()),
                "value": {"public_id": public_id, "seen": display.openness(shown)},
            }
        )
    return {"type": "featured_victims", "value": {"heading": FEATURED_HEADINGS[code], "victims": victims}}


def enriched(page, index):
    """The default blocks with a sample testimony, featured sample victims and a link to the past years."""
    code = page.locale.language_code
    blocks = [{key: item for key, item in block.items() if key != "id"} for block in page.body.get_prep_value()]
    extra = [
        {"type": "testimony", "value": {**SAMPLE_TESTIMONY[code], "shown_as": ShownAs.ANONYMOUS, "witness_name": ""}},
        {"type": "call_to_action", "value": {**ACTION[code], "text": "", "page": index.pk, "url": ""}},
    ]
    if VictimPublicIndex.objects.filter(name_shown_in_full=True).exists():
        extra.insert(0, featured_block(code))
    return blocks[:1] + extra[:-1] + blocks[1:] + extra[-1:]


def publish_enriched(prepared, indexes):
    for page in prepared.pages:
        page.body = enriched(page, indexes[page.locale.language_code])
        page.save_revision().publish()


def load_remembrance(on=None):
    """Create what is missing; return how many pages were made. The withheld names are read once for every page
    it publishes: it changes no record."""
    with withheld_lookup():
        return _load_remembrance(on or dates.today())


def _load_remembrance(on):
    indexes = ensure_remembrance_index()
    made = 0
    last = last_remembrance_year(on)
    if not RemembranceDayPage.objects.filter(year=last).exists():
        prepared = prepare_remembrance_day(last)
        publish_enriched(prepared, indexes)
        made += len(prepared.pages)
    if not RemembranceDayPage.objects.filter(year=last + 1).exists():
        made += len(prepare_remembrance_day(last + 1).pages)
    attack = Attack.objects.filter(key=DEMO_ANNIVERSARY, live=True).first()
    if attack is not None:
        year = last_anniversary_year(attack.date, on)
        if not AttackAnniversaryPage.objects.filter(attack=attack, year=year).exists():
            prepared = prepare_anniversary(attack, year)
            publish_enriched(prepared, indexes)
            made += len(prepared.pages)
    return made
