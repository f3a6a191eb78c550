"""The image admin around a published photo: replacing a file, who sees a rendition, what an upload is titled."""

import io
import json

from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.users.models import UserProfile

import pytest
from PIL import Image

from memorial.privacy import photos
from memorial.privacy.image_forms import neutral_title
from memorial.privacy.publication import victims_published
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import VictimFactory
from tests.privacy.test_photos import close_file_response, jpeg_with_everything, upload

pytestmark = pytest.mark.django_db

REAL_NAME = "Zqrealname_Douma_2018.jpg"


def another_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 40, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def image_user(django_user_model, name, *actions, model_permissions=()):
    """An admin user with `actions` ("add", "change", "choose") on images of the root collection (Wagtail keeps
    them as wagtailimages permissions whatever the image model)."""
    user = make_user(django_user_model, name, *model_permissions)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    group = user.groups.get()
    for action in actions:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=f"{action}_image"),
        )
    return login_with_second_factor(Client(), user)


@pytest.fixture
def published(media, client):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(jpeg_with_everything())).content)
    victim = VictimFactory(photo=image, photo_policy="show", name_policy="full")
    victims_published([victim])
    victim.refresh_from_db()
    assert client.get(victim_url(victim)).status_code == 200
    return image, victim


def victim_url(victim):
    return f"/en/victims/{victim.public_id}/"


def replace_file(admin, image):
    return admin.post(
        f"/admin/images/{image.pk}/",
        {"title": "Portrait", "collection": image.collection_id, "tags": "", "file": upload(another_jpeg())},
    )


def test_a_publisher_replacing_the_file_withdraws_every_public_version_made_from_the_old_one(
    django_user_model, client, media, published
):
    image, victim = published
    old = image.public_versions.get(mode="show")
    old_path = media / "public" / old.file.name
    old_bytes = old_path.read_bytes()
    photos.public_version(image, "blurred")
    publisher = image_user(
        django_user_model, "publisher", "add", "change", "choose", model_permissions=["publish_victim"]
    )

    assert replace_file(publisher, image).status_code == 302

    assert not old_path.exists()
    # The old version's sizes (WebP and JPEG) went with it.
    assert [path.read_bytes() for path in (media / "public").rglob("*.*")] == []
    page = client.get(victim_url(victim)).content.decode()
    new = image.public_versions.get(mode="show")
    assert old.file.name not in page
    assert new.file.url in page
    assert (media / "public" / new.file.name).read_bytes() != old_bytes


def test_deleting_a_published_photo_in_the_admin_removes_its_public_copies(
    admin_client, media, published, django_capture_on_commit_callbacks
):
    image, _ = published
    public_copy = media / "public" / image.public_versions.get(mode="show").file.name
    image.get_rendition("max-165x165")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/images/{image.pk}/delete/")

    assert response.status_code == 302
    assert not public_copy.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_only_a_publisher_replaces_the_file_of_a_published_photo(django_user_model, media, published):
    image, victim = published
    original = image.file.name
    sharp = image.public_versions.get(mode="show").file.name
    editor = image_user(django_user_model, "editor", "add", "change", "choose", model_permissions=["change_victim"])

    response = replace_file(editor, image)

    assert response.status_code == 200
    assert "only someone who can publish records may replace its file" in response.content.decode()
    # The rest of what they typed is still in the form.
    assert 'value="Portrait"' in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == original
    assert image.public_versions.get(mode="show").file.name == sharp
    assert (media / "public" / sharp).exists()


def test_an_editor_may_replace_the_file_of_a_photo_on_no_published_record(django_user_model, media):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(jpeg_with_everything())).content)
    VictimFactory(photo=image, photo_policy="show", live=False)
    editor = image_user(django_user_model, "editor", "add", "change", "choose", model_permissions=["change_victim"])

    assert replace_file(editor, image).status_code == 302

    image.refresh_from_db()
    assert image.title == "Portrait"


def test_a_rendition_is_served_only_to_those_who_may_see_its_image(django_user_model, media, published):
    image, _ = published
    rendition = image.get_rendition("max-165x165")
    url = rendition.url
    missing = url.replace(".max-165x165", "0.max-165x165")
    stranger = image_user(django_user_model, "stranger")
    chooser = image_user(django_user_model, "chooser", "choose")

    refused, unknown = stranger.get(url), stranger.get(missing)
    assert refused.status_code == unknown.status_code == 404
    assert refused.content == unknown.content
    served = chooser.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == (media / "private" / "renditions" / rendition.file.name).read_bytes()
    close_file_response(served)
    assert chooser.get(missing).status_code == 404


def neutral_titles():
    titles = set()
    for language in ("ar", "en"):
        with translation.override(language):
            titles.add(neutral_title())
    return titles


@pytest.mark.parametrize("sent_title", [None, "Zqrealname_Douma_2018"], ids=["server-default", "uploader-script"])
def test_multiple_upload_never_titles_a_photo_with_its_file_name(admin_client, media, sent_title):
    data = {"files[]": upload(jpeg_with_everything(), REAL_NAME)}
    if sent_title is not None:
        data["title"] = sent_title

    response = admin_client.post("/admin/images/multiple/add/", data)

    assert json.loads(response.content)["success"]
    image = get_image_model().objects.get()
    assert image.title in neutral_titles()
    assert "Zqrealname" not in response.content.decode()


def test_single_upload_never_fills_the_title_from_the_file_name(admin_client, media):
    form = admin_client.get("/admin/images/add/").content.decode()
    assert "data-w-sync" not in form

    response = admin_client.post(
        "/admin/images/add/", {"title": "", "file": upload(jpeg_with_everything(), REAL_NAME), "collection": 1}
    )

    assert response.status_code == 302
    assert get_image_model().objects.get().title in neutral_titles()


def test_a_title_someone_typed_is_kept(admin_client, media):
    admin_client.post(
        "/admin/images/add/",
        {"title": "Portrait, 2013", "file": upload(jpeg_with_everything(), REAL_NAME), "collection": 1},
    )
    assert get_image_model().objects.get().title == "Portrait, 2013"
