"""`manage.py prepare_remembrance_day YEAR [--attack KEY]`: drafts in every language, never published, copied
from the latest earlier year with the dates moved and without what the families have since taken back."""

import datetime
import io
import uuid
import zoneinfo

from django.core.management import CommandError, call_command

import pytest

from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_policy, withdraw_victim
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage
from tests.factories import AttackFactory, named_victim

pytestmark = pytest.mark.django_db


def prepare(*args):
    out = io.StringIO()
    call_command("prepare_remembrance_day", *args, stdout=out)
    return out.getvalue()


def featured(*victims):
    return {
        "type": "featured_victims",
        "value": {
            "heading": "Remembered",
            "victims": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {"public_id": victim.public_id, "seen": "name=full;photo=none"},
                }
                for victim in victims
            ],
        },
    }


def witness_block(victim=None):
    return {
        "type": "testimony",
        "value": {
            "text": "Words.",
            "witness_name": "",
            "shown_as": "anonymous",
            "victim_public_id": victim.public_id if victim else "",
            "victim_seen": "name=full;photo=none" if victim else "",
        },
    }


def test_with_no_earlier_year_it_drafts_the_default_blocks_in_both_languages(indexes):
    output = prepare("2026")
    pages = RemembranceDayPage.objects.filter(year=2026).order_by("locale__language_code")
    assert [page.locale.language_code for page in pages] == ["ar", "en"]
    assert all(not page.live and page.has_unpublished_changes for page in pages)
    arabic, english = pages
    assert english.translation_key == arabic.translation_key
    assert "C-20/DEC.10" in english.introduction and "C-20/DEC.10" in arabic.introduction
    assert [block.block_type for block in english.body] == ["statistics", "timeline", "roll_of_names"]
    assert english.title == "Day of Remembrance for all Victims of Chemical Warfare, 30 November 2026"
    assert english.get_parent().specific == indexes["en"]
    assert "from the default blocks" in output


def test_it_copies_the_latest_earlier_year_and_leaves_out_what_was_taken_back(day_pages, indexes):
    open_victim, tightened, withdrawn, unchanged_witness_victim = (
        named_victim("", f"Person{n} Khaled al-Hassan") for n in range(4)
    )
    victims_published([open_victim, tightened, withdrawn, unchanged_witness_victim])
    for victim in (open_victim, tightened, withdrawn, unchanged_witness_victim):
        victim.refresh_from_db()
    day_pages(2024)
    body = [
        {"type": "text", "value": "<p>Remembered in 2025.</p>"},
        featured(open_victim, tightened, withdrawn),
        witness_block(withdrawn),
        witness_block(unchanged_witness_victim),
        witness_block(),
    ]
    earlier = day_pages(2025, body=body)
    RemembranceDayPage.objects.filter(pk=earlier["en"].pk).update(
        go_live_at=datetime.datetime(2025, 11, 30, 6, tzinfo=zoneinfo.ZoneInfo("Asia/Damascus"))
    )
    change_policy(victim=tightened, proposed={"name_policy": "initials"}, reason="The family asked.", user=None)
    withdraw_victim(victim=withdrawn, reason="The family withdrew the record.", user=None)

    output = prepare("2026")

    drafts = {page.locale.language_code: page for page in RemembranceDayPage.objects.filter(year=2026)}
    assert set(drafts) == {"ar", "en"}
    english = drafts["en"]
    assert not english.live and not drafts["ar"].live
    assert english.title == "Day of Remembrance 2026"
    assert english.slug == "30-november-2026"
    assert english.introduction == "Introduction 2026"
    assert english.go_live_at == datetime.datetime(2026, 11, 30, 6, tzinfo=zoneinfo.ZoneInfo("Asia/Damascus"))
    kinds = [block.block_type for block in english.body]
    assert kinds == ["text", "featured_victims", "testimony", "testimony"]
    kept = [victim["public_id"] for victim in english.body[1].value["victims"]]
    assert kept == [open_victim.public_id]
    assert english.body[2].value["victim_public_id"] == unchanged_witness_victim.public_id
    assert "2 featured victim(s) and 1 testimony(ies) left out" in output
    assert "copied from 2025" in output
    # The earlier year is untouched and still public.
    earlier["en"].refresh_from_db()
    assert earlier["en"].live and len(earlier["en"].body) == 5


def test_it_never_overwrites_a_year(day_pages):
    day_pages(2026, publish=False)
    with pytest.raises(CommandError, match="exists already"):
        prepare("2026")


def test_an_attacks_anniversary_is_prepared_the_same_way(indexes, anniversary_page):
    attack = AttackFactory(key="douma-2018", date=datetime.date(2018, 4, 7), title_en="Douma, 7 April 2018")
    prepare("2026", "--attack", "douma-2018")
    first = {page.locale.language_code: page for page in AttackAnniversaryPage.objects.filter(year=2026)}
    assert set(first) == {"ar", "en"}
    assert first["en"].title == "Anniversary of the attack of Douma, 7 April 2018, 2026"
    assert first["en"].body[-1].value["attack"] == attack
    assert not first["en"].live
    first["en"].save_revision().publish()
    first["ar"].save_revision().publish()
    prepare("2027", "--attack", "douma-2018")
    copied = AttackAnniversaryPage.objects.get(year=2027, locale__language_code="en")
    assert copied.title == "Anniversary of the attack of Douma, 7 April 2018, 2027"
    assert copied.slug == "douma-2018-2027"
    assert not copied.live
    with pytest.raises(CommandError, match="No attack"):
        prepare("2027", "--attack", "no-such-attack")
    with pytest.raises(CommandError, match="after the attack"):
        prepare("2018", "--attack", "douma-2018")
