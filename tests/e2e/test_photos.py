"""A victim's page on a phone, in Arabic: the browser takes the WebP size its layout needs, not the full JPEG,
and what it fetched carries no metadata."""

import io
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.storage import storages

from wagtail.images import get_image_model

import pytest
from PIL import Image

from memorial.privacy import photos
from memorial.privacy.publication import victims_published
from tests.e2e.conftest import VIEWPORTS, serve_media
from tests.factories import VictimFactory
from tests.privacy.test_photo_sizes import large_jpeg_with_gps
from tests.privacy.test_photos import assert_clean, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def photographed(media, site_url):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(large_jpeg_with_gps())).content)
    victim = VictimFactory(
        photo=image,
        photo_policy="show",
        name_policy="full",
        identity__given_name_ar="سلمى",
        identity__father_name_ar="خالد",
        identity__family_name_ar="الحسن",
    )
    victims_published([victim])
    victim.refresh_from_db()
    return victim


def test_a_phone_fetches_the_small_webp_of_a_victims_photo(page, site_url, photographed, screenshot, axe):
    serve_media(page)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{site_url}/ar/victims/{photographed.public_id}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    photo = page.locator(".victim__header picture img.victim__photo")
    photo.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    chosen = photo.evaluate("img => ({src: img.currentSrc, shown: img.clientWidth})")
    version = photographed.photo.public_versions.get(mode="show")
    # 8rem wide at one device pixel per CSS pixel: the 320 px WebP, not the 675 px JPEG.
    assert chosen["shown"] == 128
    assert urlparse(chosen["src"]).path == version.sizes.get(format="webp", width=320).file.url
    assert (photo.get_attribute("width"), photo.get_attribute("height")) == (str(version.width), str(version.height))
    name = unquote(urlparse(chosen["src"]).path).removeprefix(settings.MEDIA_URL)
    with storages["default"].open(name, "rb") as fetched:
        data = fetched.read()
    assert_clean(data, formats=("WEBP",))
    with Image.open(io.BytesIO(data)) as image:
        assert image.width == 320
    assert axe(page) == []
    screenshot(page, "victim-photo-ar-phone")
