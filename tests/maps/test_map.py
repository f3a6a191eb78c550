"""The map of the attacks: a mark for each live attack whose place has coordinates, linked to it and sized by its
toll; the others listed beside it; drawn inline from the shipped outline."""

from decimal import Decimal

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from memorial.maps import geography
from memorial.maps.drawing import mark_radius, text_anchor
from tests.factories import AttackFactory, AttackFigureFactory, TownFactory

pytestmark = pytest.mark.django_db


def located_town(latitude="33.57226", longitude="36.40181"):
    return TownFactory(latitude=Decimal(latitude), longitude=Decimal(longitude))


def marks_on(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    svg = soup.find("svg", class_="attack-map__svg")
    return soup, svg, {link["href"] for link in svg.find_all("a")}


def test_marks_are_the_live_attacks_with_coordinates_and_the_others_are_listed_beside(client):
    mapped = AttackFactory(places=[located_town()])
    AttackFigureFactory(attack=mapped, low=40)
    draft = AttackFactory(places=[located_town()], live=False)
    unlocated = AttackFactory(places=[TownFactory()])
    soup, svg, links = marks_on(client, "/en/attacks/")
    url = reverse("archive:attack", args=[mapped.key])
    assert links == {url}
    # A group, not an image: an image's children are hidden from assistive technology, and each mark is a link.
    assert svg["role"] == "group"
    assert svg.find("a").find("title").text.startswith(mapped.title_en)
    assert "1 attack marked" in svg.find("desc").text
    beside = soup.find(class_="attack-map__unmapped")
    assert {link["href"] for link in beside.find_all("a")} == {reverse("archive:attack", args=[unlocated.key])}
    assert draft.key not in soup.decode()


def test_an_attack_page_highlights_its_own_mark_in_arabic(client):
    own = AttackFactory(places=[located_town()])
    other = AttackFactory(places=[located_town("35.44194", "36.65083")])
    with_lang = f"/ar/attacks/{own.key}/"
    _, svg, links = marks_on(client, with_lang)
    assert len(links) == 2
    current = svg.find("a", attrs={"aria-current": "page"})
    assert current["href"].endswith(f"/attacks/{own.key}/")
    assert other.key not in current["href"]
    assert "خريطة سوريا" in svg.find("title").text


def test_a_known_town_lands_inside_the_outline_box():
    west, south, east, north = geography.bounds()
    assert west < 36.40181 < east and south < 33.57226 < north
    x, y = geography.project(33.57226, 36.40181)
    assert 0 < x < geography.WIDTH and 0 < y < geography.height()
    # Damascus' countryside is south-west: left of the middle and in the lower half.
    assert x < geography.WIDTH / 2 and y > geography.height() / 2


def test_mark_area_grows_with_the_toll():
    radii = [mark_radius(toll) for toll in (None, 0, 3, 20, 89, 1127)]
    assert radii == sorted(radii)
    assert mark_radius(1127) > mark_radius(89) > mark_radius(20)
    # Area proportional: four times the toll, twice the radius.
    assert mark_radius(400) == pytest.approx(2 * mark_radius(100), rel=0.02)


def test_the_attack_index_with_the_map_stays_under_100_kb(client):
    for number in range(20):
        attack = AttackFactory(places=[located_town()])
        AttackFigureFactory(attack=attack, low=number * 50)
    response = client.get("/ar/attacks/")
    assert response.content.count(b'<circle class="attack-map__mark') == 20
    assert len(response.content) < 100_000


def test_the_public_crawl_reaches_the_map_and_it_links_only_to_attacks(public_pages):
    """The privacy crawl (tests/public_crawl.py) walks the pages that carry the map, so its checks (no private value
    in any context, valid HTML) cover it; the map itself names no victim."""
    mapped = [page for page in public_pages if b'class="attack-map__svg"' in page.body]
    assert {page.path for page in mapped} >= {"/ar/attacks/", "/en/attacks/"}
    assert any(page.path.startswith("/en/attacks/") and len(page.path) > 12 for page in mapped)
    for page in mapped:
        svg = BeautifulSoup(page.body, "html.parser").find("svg", class_="attack-map__svg")
        assert svg.find_all("a")
        assert all("/attacks/" in link["href"] for link in svg.find_all("a"))


def seat_labels(client, path):
    svg = BeautifulSoup(client.get(path).content, "html.parser").find("svg", class_="attack-map__svg")
    group = svg.find("g", class_="attack-map__seats")
    return group, [text.text for text in group.find_all("text")]


def test_every_governorate_seat_is_drawn_with_its_name_in_the_page_language(client):
    seats = geography.governorate_seats()
    assert len(seats) == 14
    arabic_group, arabic = seat_labels(client, "/ar/attacks/")
    english_group, english = seat_labels(client, "/en/attacks/")
    assert arabic == [seat["name_ar"] for seat in seats]
    assert english == [seat["name_en"] for seat in seats]
    assert len(arabic_group.find_all("circle")) == len(english_group.find_all("circle")) == 14
    # Orientation only: the list of attacks is the accessible equivalent, so the labels are hidden from AT.
    assert arabic_group["aria-hidden"] == "true"
    assert (arabic_group["direction"], english_group["direction"]) == ("rtl", "ltr")
    assert "كل محافظة باسمها عند مركزها" in client.get("/ar/attacks/").content.decode()


def test_a_label_east_of_its_dot_is_anchored_at_its_left_end_in_either_direction():
    assert text_anchor("east", rtl=False) == "start" and text_anchor("east", rtl=True) == "end"
    assert text_anchor("west", rtl=False) == "end" and text_anchor("west", rtl=True) == "start"
    assert text_anchor("middle", rtl=True) == "middle"


def test_every_seat_has_a_source_and_lies_inside_the_outline_box():
    west, south, east, north = geography.bounds()
    for seat in geography.governorate_seats():
        assert seat["source_url"].startswith("http")
        assert west < float(seat["longitude"]) < east and south < float(seat["latitude"]) < north, seat["name_en"]
