"""Name search through HTTP: listed spellings meet, names a skeleton cannot tell apart stay apart, every
word must match, and the keys stored before the name table are rebuilt by the migration."""

import importlib

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import VictimNameKey
from memorial.privacy.publication import victims_published
from tests.factories import named_victim

pytestmark = pytest.mark.django_db

rebuild_name_keys = importlib.import_module("memorial.archive.migrations.0004_rebuild_name_keys").rebuild_name_keys


def victim(latin, arabic="", **fields):
    return named_victim(arabic, latin, **fields)


@pytest.fixture
def victims():
    found = {
        "mohammad": victim("Mohammad Haddad", "محمد حداد"),
        "mahmoud": victim("Mahmoud Haddad", "محمود حداد"),
        "mhammad": victim("Mhammad Qudsi", "محمد قدسي"),
        "amira": victim("Amira Haddad", "أميرة حداد"),
        "fady": victim("Fady Khaled Omar Darwish", "فادي خالد عمر درويش"),
    }
    victims_published(found.values())
    for record in found.values():
        record.refresh_from_db()
    return found


def found(client, query, language="en"):
    """The public ids the victim index lists for a query."""
    response = client.get(f"/{language}/victims/", {"q": query})
    assert response.status_code == 200
    links = BeautifulSoup(response.content, "html.parser").select(".victim-list__item a")
    return {link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links}


def ids(victims, *names):
    return {victims[name].public_id for name in names}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mahmoud Haddad", ["mahmoud"]),
        ("Muhammad Haddad", ["mohammad"]),
        ("Mohamed Haddad", ["mohammad"]),
        ("mohammed haddad", ["mohammad"]),
        ("محمد حداد", ["mohammad"]),
        ("Amir Haddad", []),
        ("Omar Haddad", []),
        ("Fadi Darwish", ["fady"]),
        ("Fadi Khalid Umar Darwish", ["fady"]),
    ],
)
def test_listed_spellings_meet_and_other_names_stay_apart(client, victims, language, query, expected):
    assert found(client, query, language) == ids(victims, *expected)


def test_an_unlisted_spelling_finds_every_name_it_may_stand_for(client, victims):
    assert found(client, "Mhammad") == ids(victims, "mohammad", "mahmoud", "mhammad")
    assert found(client, "Mohammad Qudsi") == ids(victims, "mhammad")
    assert found(client, "Mhammad Haddad", "ar") == ids(victims, "mohammad", "mahmoud")


def test_a_key_shared_by_two_query_words_does_not_make_a_wrong_name_match(client, victims):
    assert found(client, "Mohammad Mahmoud Haddad") == set()
    assert found(client, "Mohammad Haddad Haddad") == ids(victims, "mohammad")


def test_search_queries_do_not_grow_with_the_words_of_the_query(client, victims):
    def count(query):
        with CaptureQueriesContext(connection) as queries:
            assert found(client, query) == ids(victims, "fady")
        return len(queries)

    found(client, "Darwish")  # whatever the first request caches
    assert count("Darwish") == count("Fady Darwish") == count("Fadi Khaled Omar Darwish")


def test_the_migration_rebuilds_the_keys_publication_writes(client, victims):
    policies = [
        {"name_policy": "initials"},
        {"name_policy": "first_name"},
        {"name_policy": "pseudonym", "pseudonym_latin": "Abu Omar"},
        {"name_policy": "withheld"},
    ]
    others = [victim("Yousef Abdel Rahman Hassan", "يوسف عبد الرحمن حسن", **policy) for policy in policies]
    others.append(victim("Zeinab Nour al-Din"))
    victims_published(others)
    written = set(VictimNameKey.objects.values_list("victim", "key"))
    VictimNameKey.objects.all().delete()
    VictimNameKey.objects.bulk_create(VictimNameKey(victim=record, key="mhmd") for record in victims.values())

    rebuild_name_keys(apps, schema_editor=None)

    assert set(VictimNameKey.objects.values_list("victim", "key")) == written
    assert found(client, "Mohamed Haddad") == ids(victims, "mohammad")


def listing(client, path):
    """Every public id a listing shows, page after page along its "Next" links, and back along "Previous"."""
    base = path.split("?")[0]
    pages = [BeautifulSoup(client.get(path).content, "html.parser")]
    while link := pages[-1].select_one("a[rel=next]"):
        pages.append(BeautifulSoup(client.get(base + link["href"]).content, "html.parser"))
    backwards = [pages[-1]]
    while link := backwards[-1].select_one("a[rel=prev]"):
        backwards.append(BeautifulSoup(client.get(base + link["href"]).content, "html.parser"))

    def shown(page):
        return [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in page.select(".victim-list__item a")]

    assert [shown(page) for page in reversed(backwards)] == [shown(page) for page in pages]
    return [public_id for page in pages for public_id in shown(page)]


@pytest.mark.parametrize("sort", ["name", "name_latin", "date", "-date"])
def test_a_search_lists_its_matches_in_the_order_of_the_whole_index(client, sort):
    """A search's few matches are sorted apart from the index's order (see `Sort.key_order`): the same order."""
    haddads = [victim(f"Salma {given} Haddad", f"سلمى {given} حداد") for given in ("Khaled", "Omar", "Ali") * 20]
    others = [victim(f"Rami {given} Darwish", f"رامي {given} درويش") for given in ("Khaled", "Omar") * 15]
    withheld = [victim("Salma Haddad", "سلمى حداد", name_policy="withheld") for _ in range(3)]
    victims_published([*haddads, *others, *withheld])
    everyone = listing(client, f"/en/victims/?sort={sort}")
    matches = listing(client, f"/en/victims/?sort={sort}&q=salma+haddad")
    assert len(matches) == len(haddads)
    assert matches == [public_id for public_id in everyone if public_id in set(matches)]
