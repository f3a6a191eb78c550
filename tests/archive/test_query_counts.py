"""The victim page and each public listing cost a bounded number of SQL queries with more victims than one page
holds, whatever page is asked for (issue 17: at most 8 for a victim page). Counted on renders, not on answers
from the page cache (the `uncached` fixture)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from memorial.archive.demo import load_attacks, load_sample_victims
from memorial.archive.models import VictimPublicIndex
from memorial.archive.views import VICTIMS_PER_PAGE
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, named_victim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

# One set of victims for every listing: building more than a page of them is the slow part of these tests. Each
# listing is read at its first page and at the page its "Next" link leads to.
LISTINGS = {
    # The cached filter choices and navigation link, the page's rows, their count (and a cursor's row).
    "/en/victims/": 6,
    "/ar/victims/": 6,
    "/ar/victims/?sort=-date": 6,
    "/en/victims/?sort=date": 6,
    "/en/victims/?sex=female&sort=date": 6,
    "/en/victims/?q=salma+khaled": 6,
    # Also the attack with its places, figures, findings and sources (one query each), its cached map and
    # anniversary pages, and its milestones with their attacks: the same whatever the archive holds.
    "/en/attacks/douma-2018/": 14,
}


def links(page, selector):
    return [link["href"] for link in BeautifulSoup(page.content, "html.parser").select(selector)]


def test_the_victim_page_and_every_listing_cost_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    attack = AttackFactory(key="douma-2018")
    victims = [
        named_victim(latin=f"Salma Khaled al-Hassan{index}", attack=attack) for index in range(VICTIMS_PER_PAGE + 5)
    ]
    victims_published(victims)
    victims[0].refresh_from_db()
    # The filters' choices and the navigation's link to the remembrance pages are cached until what they show
    # changes: the first page in each language after a change reads them.
    for path in ("/en/victims/", "/ar/victims/", "/en/attacks/douma-2018/"):
        client.get(path)
    with django_assert_max_num_queries(8):
        assert client.get(f"/en/victims/{victims[0].public_id}/").status_code == 200
    for path, most in LISTINGS.items():
        with django_assert_max_num_queries(most, info=path):
            first = client.get(path)
        assert first.status_code == 200
        assert len(links(first, ".victim-list__item a")) == VICTIMS_PER_PAGE, path
        (further,) = links(first, "a[rel=next]")
        with django_assert_max_num_queries(most, info=further):
            second = client.get(path.split("?")[0] + further)
        assert second.status_code == 200
        # The second page lists the five victims beyond the first, and none of the first page's.
        listed = links(second, ".victim-list__item a")
        assert len(listed) == 5, further
        assert not set(listed) & set(links(first, ".victim-list__item a"))


def deep_page_queries(client, sort):
    """The queries of the page after the fifth-last record with a name or a date in `sort` order: a page near the
    end, which reads the last records with one and then those without."""
    missing, key = {"date": ("date_missing", "date"), "name_latin": ("name_missing", "sort_name_latin")}[sort]
    rows = list(
        VictimPublicIndex.objects.filter(**{missing: False})
        .order_by(key, "public_id")
        .values_list("public_id", flat=True)
    )
    cursor = rows[-min(5, len(rows))]
    path = f"/en/victims/?sort={sort}&after={cursor}"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    after = len(rows) - rows.index(cursor) - 1 + VictimPublicIndex.objects.filter(**{missing: True}).count()
    assert len(links(page, ".victim-list__item a")) == min(after, VICTIMS_PER_PAGE), path
    return len(queries)


def test_a_deep_page_costs_the_same_queries_at_ten_and_at_a_thousand_records(client):
    load_attacks()
    load_sample_victims(10)
    client.get("/en/victims/")
    small = {sort: deep_page_queries(client, sort) for sort in ("date", "name_latin")}
    load_sample_victims(1000)
    # The year choices are read again after the index changed, once.
    client.get("/en/victims/")
    large = {sort: deep_page_queries(client, sort) for sort in ("date", "name_latin")}
    assert small == large
    assert max(large.values()) <= 6
