"""The victim page and each public listing cost a bounded number of SQL queries with more victims than one page
holds, whatever page is asked for (issue 17: at most 8 for a victim page). Counted on renders, not on answers
from the page cache (the `uncached` fixture)."""

import pytest

from memorial.archive.views import VICTIMS_PER_PAGE
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, named_victim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

# One set of victims for every listing: building more than a page of them is the slow part of these tests.
LISTINGS = {
    "/en/victims/": 10,
    "/en/victims/?page=2": 10,
    "/ar/victims/?page=2&sort=-date": 10,
    "/en/victims/?q=salma+khaled&page=2": 10,
    # Its map (the live attacks, their places, their tolls) and its milestones (with their attacks) are five queries
    # whatever the archive holds.
    "/en/attacks/douma-2018/?page=2": 21,
}


def test_the_victim_page_and_every_listing_cost_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    attack = AttackFactory(key="douma-2018")
    victims = [
        named_victim(latin=f"Salma Khaled al-Hassan{index}", attack=attack) for index in range(VICTIMS_PER_PAGE + 5)
    ]
    victims_published(victims)
    victims[0].refresh_from_db()
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/victims/{victims[0].public_id}/").status_code == 200
    for path, most in LISTINGS.items():
        with django_assert_max_num_queries(most, info=path):
            page = client.get(path)
        assert page.status_code == 200
        # The last page lists the five victims beyond the first page; the first page lists a full page.
        listed = page.content.decode().count(f'href="/{path[1:3]}/victims/')
        assert listed >= (VICTIMS_PER_PAGE if "page=2" not in path else 5), path
