"""A remembrance page carries what a victim's page carries: its share card in the Open Graph tags, and a candle
that counts for the page in both its languages."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["ar", "en"])
def test_a_day_page_names_its_share_card_and_the_card_is_served(client, day_pages, code):
    page = day_pages(2026)[code]
    head = BeautifulSoup(client.get(page.url).content, "html.parser").head
    image = head.select_one("meta[property='og:image']")["content"]
    assert urlsplit(image).path.startswith(f"/{code}/share/pages/{page.pk}/")
    card = client.get(urlsplit(image).path)
    assert card.status_code == 200 and card["Content-Type"] == "image/png"


def test_the_index_names_its_share_card(client, indexes):
    head = BeautifulSoup(client.get(indexes["en"].url).content, "html.parser").head
    assert head.select_one("meta[property='og:image']")["content"].endswith(".png")


def test_a_candle_lit_on_the_arabic_day_page_counts_on_the_english_one(client, day_pages):
    pages = day_pages(2026)
    form = BeautifulSoup(client.get(pages["ar"].url).content, "html.parser").select_one("section.candle form")
    response = client.post(form["action"], HTTP_ORIGIN="http://testserver")
    assert response.status_code == 303
    english = BeautifulSoup(client.get(pages["en"].url).content, "html.parser")
    assert "1" in english.select_one("section.candle").get_text()


def test_a_draft_shows_no_candle(client, day_pages, admin_client):
    page = day_pages(2027, publish=False)["en"]
    preview = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert preview.status_code == 200
    assert b"Day of Remembrance 2027" in preview.content
    assert b'class="candle' not in preview.content
