"""The custom image model: random stored names, private originals, a graphic flag."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

import pytest
from PIL import Image as PillowImage

pytestmark = pytest.mark.django_db


def png_upload(name):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "gray").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_originals_are_stored_outside_public_media():
    storage = get_image_model()._meta.get_field("file").storage
    assert storage.deconstruct() == storages["originals"].deconstruct()
    assert Path(storage.location) == Path(settings.PRIVATE_MEDIA_ROOT)
    assert not Path(storage.location).is_relative_to(Path(settings.MEDIA_ROOT))


def test_the_project_uses_its_own_image_model():
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "privacy.MemorialImage"
    assert get_image_model()._meta.label == "privacy.MemorialImage"


def test_stored_names_never_come_from_the_upload(media):
    Image = get_image_model()
    image = Image.objects.create(title="sample", file=png_upload("../Family Name قرية.png"))
    stored = image.file.name
    assert stored.startswith("originals/")
    assert "Family" not in stored and "قرية" not in stored and ".." not in stored
    assert len(stored.removeprefix("originals/").removesuffix(".png")) == 32
    assert (media / "private" / stored).exists()
    assert not (media / "public" / stored).exists()


def test_renditions_stay_private_under_a_random_name(media, settings):
    Image = get_image_model()
    image = Image.objects.create(title="sample", file=png_upload("Family Name.png"))
    rendition = image.get_rendition("width-20")
    assert "Family" not in rendition.url
    assert rendition.url.startswith("/admin/renditions/")
    assert not rendition.url.startswith(settings.MEDIA_URL)


def test_graphic_flag_is_offered_to_editors(admin_client):
    response = admin_client.get("/admin/images/multiple/add/")
    assert response.status_code == 200
    form_fields = get_image_model().admin_form_fields
    assert "is_graphic" in form_fields
