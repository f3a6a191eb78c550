"""A family withdraws: the record leaves every public surface, its photos are destroyed, it stays private for the
documentation, and no import brings it back. Driven through the admin screen a moderator uses."""

from django.test import Client

from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

import pytest

from memorial.archive.models import Victim, VictimNameKey, VictimPublicIndex
from memorial.privacy import photos
from memorial.privacy.models import PolicyChange, PublicPhotoVersion
from memorial.privacy.policy import STRICTEST
from memorial.privacy.publication import victims_published
from memorial.privacy.services import WITHDRAWN, change_policy
from tests.admin_support import login_with_second_factor, make_user
from tests.factories import VictimFactory
from tests.opendata.test_import_victims import attack, failing, places, row, run, write_csv  # noqa: F401 (fixtures)
from tests.privacy.test_photos import jpeg_with_everything, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model, client):
    user = make_user(django_user_model, "moderator", "change_victim", "publish_victim", "view_victim")
    set_admin_language(user, "en")
    return login_with_second_factor(client, user), user


@pytest.fixture
def photographed(media):
    image = get_image_model().objects.create(title="photo", file=photos.scrub(upload(jpeg_with_everything())).content)
    victim = VictimFactory(photo=image, photo_policy="show", name_policy="full")
    victims_published([victim])
    victim.refresh_from_db()
    return victim


def set_admin_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def test_withdrawing_takes_the_record_off_every_public_surface_and_destroys_its_photos(
    client, moderator, photographed, media, django_capture_on_commit_callbacks
):
    admin, user = moderator
    public_url = f"/en/victims/{photographed.public_id}/"
    assert client.get(public_url).status_code == 200
    photographed.photo.get_rendition("max-165x165")
    assert stored_files(media)
    requester = make_user(type(user), "requester", "change_victim")
    change_policy(victim=photographed, proposed={"name_policy": "initials"}, reason="Threats", user=requester)
    (pending,) = change_policy(
        victim=photographed, proposed={"name_policy": "full"}, reason="Family asks", user=requester
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"})

    assert response.status_code == 302
    record = Victim.objects.get(pk=photographed.pk)
    assert not record.live
    assert record.photo is None
    assert {field: getattr(record, field) for field in STRICTEST} == STRICTEST
    assert PolicyChange.objects.get(pk=pending.pk).status == PolicyChange.Status.REJECTED
    assert stored_files(media) == []
    assert not get_image_model().objects.exists()
    assert not VictimPublicIndex.objects.filter(victim=record).exists()
    assert not VictimNameKey.objects.filter(victim=record).exists()
    not_found = client.get("/en/victims/0000000000/")
    withdrawn = client.get(public_url)
    assert withdrawn.status_code == 404
    assert withdrawn.content == not_found.content
    entry = ModelLogEntry.objects.get(object_id=str(record.pk), action=WITHDRAWN)
    assert entry.user == user
    assert entry.data["reason"] == "The family withdrew consent"
    # The record and its sealed identity stay for the documentation.
    assert record.identity.given_name_latin


def test_withdrawing_a_shown_photo_answers_200_and_leaves_none_of_its_files_on_disk(
    moderator, photographed, media, django_capture_on_commit_callbacks
):
    """The file deletions run in on-commit hooks; under the dev server and gunicorn a hook that raised there
    answered 500 and skipped the hooks after it, leaving every file behind."""
    admin, _ = moderator
    assert Client().get(f"/en/victims/{photographed.public_id}/").status_code == 200
    image = photographed.photo
    public_copy = media / "public" / image.public_versions.get(mode="show").file.name
    rendition = media / "private" / "renditions" / image.get_rendition("max-165x165").file.name
    original = media / "private" / image.file.name
    assert public_copy.is_file() and rendition.is_file() and original.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"}, follow=True
        )

    assert response.status_code == 200
    assert not public_copy.exists()
    assert not rendition.exists()
    assert not original.exists()
    assert stored_files(media) == []


def test_a_file_that_cannot_be_deleted_keeps_none_of_the_others_on_disk(
    moderator, photographed, media, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    admin, _ = moderator
    image = photographed.photo
    sharp = photos.public_version(image, "show")
    photos.public_version(image, "blurred")
    image.get_rendition("max-165x165")
    storage = PublicPhotoVersion._meta.get_field("file").storage
    delete = storage.delete

    def delete_refusing_the_sharp_copy(name):
        if name == sharp.file.name:
            raise PermissionError("Read-only file system")
        delete(name)

    monkeypatch.setattr(storage, "delete", delete_refusing_the_sharp_copy)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"})

    assert response.status_code == 302
    assert stored_files(media) == [media / "public" / sharp.file.name]
    (logged,) = [record for record in caplog.records if record.name == "memorial.privacy.photos"]
    assert sharp.file.name in logged.getMessage()
    for private in (photographed.identity.given_name_latin, photographed.identity.family_name_ar):
        assert private not in caplog.text


def test_a_reason_is_required_and_nothing_changes_without_one(moderator, photographed, media):
    admin, _ = moderator
    response = admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "  "})
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    assert Victim.objects.get(pk=photographed.pk).live
    assert stored_files(media)


def test_the_screen_says_what_withdrawal_does_in_arabic_too(moderator, photographed):
    admin, user = moderator
    set_admin_language(user, "ar")
    page = admin.get(f"/admin/privacy/withdraw/{photographed.pk}/").content.decode()
    assert "سحب" in page
    assert "Withdraw" not in page


def test_only_those_who_can_unpublish_can_withdraw(client, django_user_model, photographed):
    editor = make_user(django_user_model, "editor", "change_victim", "view_victim")
    login_with_second_factor(client, editor)
    assert client.get(f"/admin/privacy/withdraw/{photographed.pk}/").status_code in {302, 403}
    assert client.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "x"}).status_code in {302, 403}
    assert Victim.objects.get(pk=photographed.pk).live


@pytest.mark.usefixtures("places", "attack")
def test_no_import_publishes_a_withdrawn_record_again(tmp_path, moderator):
    admin, _ = moderator
    path = write_csv(tmp_path / "victims.csv", [row()])
    run(path)
    record = Victim.objects.get(external_source="partner", external_id="p-1")
    assert record.live
    admin.post(f"/admin/privacy/withdraw/{record.pk}/", {"reason": "The family withdrew consent"})

    _, stderr = failing(write_csv(tmp_path / "again.csv", [row(biography_en="Corrected biography.")]))

    assert "withdrawn at the family's request" in stderr
    record.refresh_from_db()
    assert not record.live
    assert record.name_policy == "withheld"
    assert record.biography_en != "Corrected biography."


@pytest.mark.usefixtures("places", "attack")
def test_a_withdrawn_draft_is_not_published_by_a_later_import(tmp_path, moderator, client):
    admin, _ = moderator
    run(write_csv(tmp_path / "draft.csv", [row()]), "--draft")
    record = Victim.objects.get(external_source="partner", external_id="p-1")
    admin.post(f"/admin/privacy/withdraw/{record.pk}/", {"reason": "The family withdrew consent"})

    failing(write_csv(tmp_path / "final.csv", [row()]))

    record.refresh_from_db()
    assert not record.live and record.public_id is None
    assert not VictimPublicIndex.objects.filter(victim=record).exists()


def test_the_admin_cannot_publish_a_withdrawn_record(moderator, photographed):
    admin, user = moderator
    admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"})
    edit = admin.get(f"/admin/snippets/archive/victim/edit/{photographed.pk}/").content.decode()
    assert 'name="action-publish"' not in edit
    record = Victim.objects.get(pk=photographed.pk)
    revision = record.save_revision(user=user)
    with pytest.raises(PublishPermissionError):
        revision.publish(user=user)
    assert not Victim.objects.get(pk=photographed.pk).live


def test_photos_of_earlier_revisions_go_too_but_not_one_another_record_uses(
    moderator, photographed, media, django_capture_on_commit_callbacks
):
    admin, user = moderator
    earlier = photographed.photo

    def new_photo():
        return get_image_model().objects.create(
            title="photo", file=photos.scrub(upload(jpeg_with_everything())).content
        )

    shared = new_photo()
    VictimFactory(photo=shared)
    photographed.save_revision(user=user)  # the revision that first carried the earlier photo
    photographed.photo = new_photo()
    photographed.save_revision(user=user).publish(user=user)
    photographed.photo = shared
    photographed.save_revision(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"})
    assert list(get_image_model().objects.all()) == [shared]
    assert not get_image_model().objects.filter(pk=earlier.pk).exists()


def test_a_withdrawn_address_answers_exactly_like_an_unknown_one(client, moderator, photographed):
    admin, _ = moderator
    admin.post(f"/admin/privacy/withdraw/{photographed.pk}/", {"reason": "The family withdrew consent"})
    withdrawn = client.get(f"/ar/victims/{photographed.public_id}/")
    unknown = client.get("/ar/victims/0000000000/")
    assert withdrawn.status_code == unknown.status_code == 404
    assert withdrawn.content == unknown.content
    assert {k: v for k, v in withdrawn.headers.items() if k != "Date"} == {
        k: v for k, v in unknown.headers.items() if k != "Date"
    }
