import copy
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import FileField
from django.test import Client

from wagtail.images import get_image_model
from wagtail.models import Locale, Site

import pytest

from home.models import HomePage
from tests.admin_support import login_with_second_factor, make_sealed_victim
from tests.public_crawl import crawl, seed_archive


def pytest_collection_modifyitems(items):
    """A transactional test flushes the database after it and migrate's signals then recreate content types and
    permissions under new ids, which breaks every later test that restores the serialized database. So each
    transactional test must restore it too."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: mark it django_db(transaction=True, serialized_rollback=True)")


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Each test that reaches the database starts with empty caches, the page cache's too (their tables are in the
    test database; a test without database access cannot reach them). A test's rollback takes back what it cached,
    but a transactional test commits, and the flush after it empties model tables only."""
    reaches_database = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if reaches_database or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        for alias in settings.CACHES:
            caches[alias].clear()


@pytest.fixture
def uncached(settings):
    """Pages rendered every time, as a test that counts a render's queries needs them."""
    settings.MEMORIAL_PAGE_CACHE = False


@pytest.fixture(scope="session", autouse=True)
def open_data_files(tmp_path_factory):
    """Open-data builds go to a folder of the run's own. The cache, emptied per test, holds the token that makes a
    build current (memorial.opendata.exports), so no test is served another test's files."""
    # Set, not overridden: an override would hide SETTINGS_MODULE, which `load_demo` reads.
    kept = settings.MEMORIAL_OPENDATA_ROOT
    settings.MEMORIAL_OPENDATA_ROOT = tmp_path_factory.mktemp("open-data")
    yield
    settings.MEMORIAL_OPENDATA_ROOT = kept


@pytest.fixture(scope="session")
def public_pages(open_data_files, django_db_setup, django_db_blocker):
    """Every public page of a seeded archive (tests/public_crawl.py), crawled once for the whole run; the seeded
    records, and what the crawl cached (the cache is a table of the same database), are rolled back at once, so no
    other test sees them."""
    with django_db_blocker.unblock(), transaction.atomic():
        for alias in settings.CACHES:
            caches[alias].clear()
        seed_archive()
        pages = crawl(Client())
        transaction.set_rollback(True)
    return pages


@pytest.fixture
def site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_ar(site):
    return site.root_page.specific


@pytest.fixture
def home_en(home_ar):
    return home_ar.get_translation(Locale.objects.get(language_code="en")).specific


@pytest.fixture
def home_pages(home_ar, home_en) -> dict[str, HomePage]:
    return {"ar": home_ar, "en": home_en}


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """Every storage exactly as the settings configure it (same backend, same option types), only with its
    folders moved under tmp_path: public media to public/, private media to private/. File fields build their
    storage once, at import, so each is rebuilt the way it was built then: from its own storage callable."""
    moves = {
        Path(settings.MEDIA_ROOT): tmp_path / "public",
        Path(settings.PRIVATE_MEDIA_ROOT): tmp_path / "private",
    }

    def moved(location):
        for root, temporary in moves.items():
            if Path(location).is_relative_to(root):
                return type(location)(temporary / Path(location).relative_to(root))
        raise AssertionError(f"A storage outside MEDIA_ROOT and PRIVATE_MEDIA_ROOT: {location}")

    configured = copy.deepcopy(settings.STORAGES)
    for config in configured.values():
        options = config.get("OPTIONS", {})
        if "location" in options:
            options["location"] = moved(options["location"])
    settings.MEDIA_ROOT = moved(settings.MEDIA_ROOT)
    settings.PRIVATE_MEDIA_ROOT = moved(settings.PRIVATE_MEDIA_ROOT)
    settings.STORAGES = configured
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and hasattr(field, "_storage_callable"):
                monkeypatch.setattr(field, "storage", field._storage_callable())
    # Renditions cached by earlier tests (image ids repeat after a rollback) name files these folders lack.
    get_image_model().get_rendition_model().cache_backend.clear()
    return tmp_path


@pytest.fixture
def sealed_victim():
    """A published victim, name withheld, with canary strings in every sealed field and three revisions."""
    return make_sealed_victim()


@pytest.fixture
def admin_client(admin_user):
    """A superuser who has passed the second factor, as every admin account must.
    A client of its own, so that a test can compare it with the anonymous `client`."""
    return login_with_second_factor(Client(), admin_user)
