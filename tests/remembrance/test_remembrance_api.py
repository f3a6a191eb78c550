"""The remembrance pages in the public API (/api/v1/): live pages only, the attack named only while its record is
public, and the API's common 404 for anything else."""

import pytest

from tests.factories import AttackFactory

pytestmark = pytest.mark.django_db


def test_published_day_pages_are_listed_with_their_year_and_day_and_drafts_are_not(client, day_pages):
    pages = day_pages(2026)
    day_pages(2027, publish=False)
    listing = client.get("/api/v1/remembrance-days/").json()
    assert {(item["language"], item["year"], item["day"]) for item in listing["results"]} == {
        ("ar", 2026, "2026-11-30"),
        ("en", 2026, "2026-11-30"),
    }
    english = client.get(f"/api/v1/remembrance-days/{pages['en'].pk}/").json()
    assert english["translations"] == {"ar": pages["ar"].pk, "en": pages["en"].pk}
    assert english["introduction"] == "Introduction 2026"


def test_a_draft_or_another_page_type_answers_the_common_404(client, day_pages, home_en):
    draft = day_pages(2027, publish=False)["en"]
    unknown = client.get("/api/v1/remembrance-days/999999/")
    for page_id in (draft.pk, home_en.pk):
        response = client.get(f"/api/v1/remembrance-days/{page_id}/")
        assert response.status_code == 404 and response.content == unknown.content


def test_an_anniversary_names_its_attack_only_while_the_attack_is_public(client, anniversary_page):
    attack = AttackFactory(key="ghouta-2013")
    page = anniversary_page(attack, 2026)
    assert client.get(f"/api/v1/anniversaries/{page.pk}/").json()["attack"] == "ghouta-2013"
    attack.live = False
    attack.save()
    assert client.get(f"/api/v1/anniversaries/{page.pk}/").json()["attack"] is None
    assert b"/en/attacks/ghouta-2013/" not in client.get(page.url).content
