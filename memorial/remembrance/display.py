"""Display-ready values for the remembrance blocks and pages, built from public values only: a victim reaches
a block's template as a row of strings made from `public_victim` (names, facts, link, the public photo), never
as a record."""

import hashlib

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language

from memorial.accountability.selectors import live_milestones
from memorial.archive import selectors
from memorial.archive.display import (
    names_for,
    public_photo,
    statistics_for_display,
    timeline,
    victim_facts,
)
from memorial.archive.statistics import archive_statistics
from memorial.remembrance import dates
from memorial.remembrance.witnesses import ShownAs, public_witness

NAME_RANKS = {"full": 0, "partial": 1, "pseudonym": 2, "withheld": 3}
PHOTO_RANKS = {"show": 0, "blurred": 1, "none": 2}


def shown_victim(public_id):
    """The public representation of a published victim, or None for any other id (withdrawn, unpublished)."""
    try:
        return selectors.victim_public((public_id or "").strip())
    except Http404:
        return None


def openness(shown):
    """What a block says of a victim when it was chosen, in terms only the public representation fixes: how much
    of the name shows (a first name and initials both show part of it; the digest of that public part tells
    them apart without keeping it) and how the photo shows. Stored with the block, compared by `tightened`."""
    if shown.name_shown_in_full:
        name = "full"
    elif shown.name_is_pseudonym:
        name = "pseudonym"
    elif shown.has_name:
        digest = hashlib.sha256(f"{shown.name_ar}|{shown.name_latin}".encode()).hexdigest()[:12]
        name = f"partial:{digest}"
    else:
        name = "withheld"
    return f"name={name};photo={shown.photo_mode}"


def parse_openness(value):
    return dict(part.split("=", 1) for part in (value or "").split(";") if "=" in part)


def tightened(seen, shown):
    """Whether the victim shows less now than when the block was written, or is no longer public at all. A part
    of a name that changed (a first name become initials) counts as less: the family changed what shows."""
    if shown is None:
        return True
    before, now = parse_openness(seen), parse_openness(openness(shown))
    if not before:
        return False
    name_before, name_now = before.get("name", "withheld"), now.get("name", "withheld")
    rank_before = NAME_RANKS.get(name_before.split(":")[0], 3)
    rank_now = NAME_RANKS.get(name_now.split(":")[0], 3)
    if rank_now > rank_before or (rank_now == rank_before and name_now != name_before):
        return True
    return PHOTO_RANKS.get(now.get("photo"), 2) > PHOTO_RANKS.get(before.get("photo"), 2)


def victim_card(shown, *, preview=False):
    """A featured victim as strings and a photo: what the featured-victims block shows."""
    language = get_language()
    return {
        "names": names_for(shown, language),
        "pseudonym": shown.name_is_pseudonym,
        "facts": victim_facts(shown),
        "url": reverse("archive:victim", args=[shown.public_id]),
        "photo": public_photo(shown, preview=preview),
        "is_sample": shown.is_sample,
    }


def featured_victims(public_ids, *, preview=False):
    cards = []
    for public_id in public_ids:
        shown = shown_victim(public_id)
        if shown is not None:
            cards.append(victim_card(shown, preview=preview))
    return cards


def roll_of_names(*, attack=None, year=None):
    """Every published victim of an attack, a year or the whole archive, as the names a reader speaks: the public
    name in the page's script first; a withheld name is read as withheld, so the count stays true."""
    language = get_language()
    entries = selectors.victim_index_entries(attack=attack, year=year)
    rows = []
    for shown in selectors.victims_for_entries(list(entries)):
        rows.append(
            {"names": names_for(shown, language), "facts": victim_facts(shown), "pseudonym": shown.name_is_pseudonym}
        )
    return rows


def attack_timeline(*, from_year=None, to_year=None, with_milestones=True):
    def in_years(record):
        return (from_year is None or record.date.year >= from_year) and (to_year is None or record.date.year <= to_year)

    attacks = [attack for attack in selectors.attack_list_public() if in_years(attack)]
    milestones = [milestone for milestone in live_milestones() if in_years(milestone)] if with_milestones else []
    return timeline(attacks, milestones)


def live_statistics():
    """The archive's counts as the statistics page shows them (same suppression), with the date they hold for."""
    return {"statistics": statistics_for_display(archive_statistics(), get_language()), "as_of": dates.today()}


def testimony(value):
    witness = public_witness(value.get("witness_name"), value.get("shown_as") or ShownAs.ANONYMOUS)
    return {"witness": witness, "relation": value.get("relation", ""), "text": value.get("text", "")}


def testimony_tightened(value):
    """A testimony goes when the victim it remembers is no longer public or shows less than when it was written."""
    public_id = (value.get("victim_public_id") or "").strip()
    return bool(public_id) and tightened(value.get("victim_seen", ""), shown_victim(public_id))
