from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.test import Client

from wagtail.images import get_image_model
from wagtail.models import Locale, Site

import pytest

from home.models import HomePage
from memorial.privacy.models import PublicPhotoVersion
from tests.admin_support import login_with_second_factor, make_sealed_victim


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Each test that reaches the database starts with an empty cache (its table is in the test database; a
    test without database access cannot reach it). A test's rollback takes back what it cached, but a
    transactional test commits, and the flush after it empties model tables only."""
    reaches_database = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if reaches_database or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        cache.clear()


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
    """Public media, private originals and private renditions in temporary folders. File fields build
    their storage at import, so the fields themselves are pointed at the temporary folders."""
    settings.MEDIA_ROOT = tmp_path / "public"
    image_model = get_image_model()
    # Locations as strings: Wagtail hands a storage's settings to a background task when it deletes a file.
    storages = {
        image_model._meta.get_field("file"): FileSystemStorage(
            str(tmp_path / "originals"), "/private-media-is-never-served/"
        ),
        PublicPhotoVersion._meta.get_field("file"): FileSystemStorage(str(tmp_path / "public"), "/media/"),
        image_model.get_rendition_model()._meta.get_field("file"): FileSystemStorage(
            str(tmp_path / "renditions"), "/admin/renditions/"
        ),
    }
    for field, storage in storages.items():
        monkeypatch.setattr(field, "storage", storage)
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
