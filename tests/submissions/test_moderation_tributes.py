"""Approved tributes on the victim's page, through their public representation: the author as the family chose,
the photos as public copies without metadata; withdrawn, they leave the page and their files go."""

import io
import re

from django.core.files.storage import storages

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from memorial.submissions.models import Submission, TributePhoto
from tests.submissions.moderation_support import detail_url
from tests.submissions.support import GPS_CANARY, jpeg_with_gps, tribute_answers, upload
from tests.submissions.test_tribute import receipt_code_on, tribute_url

pytestmark = pytest.mark.django_db


def send_tribute(client, victim, language="ar", photos=(), **answers):
    form = client.get(tribute_url(victim, language))
    values = tribute_answers(form, **answers)
    if photos:
        values["photos"] = [upload(data) for data in photos]
    response = client.post(tribute_url(victim, language), values)
    return receipt_code_on(response), Submission.objects.latest("pk")


def approve(web, submission, **values):
    fields = {
        "action": "approve",
        "text": submission.content["text"],
        "author_display": submission.author_display,
        "author_name": submission.author_name,
        "author_relationship": submission.author_relationship,
        "photos": [str(photo.pk) for photo in submission.photos.all()],
        "note": "",
    }
    fields.update(values)
    return web.post(detail_url(submission), fields)


def tributes_on(client, victim, language="ar"):
    page = BeautifulSoup(client.get(f"/{language}/victims/{victim.public_id}/").content, "html.parser")
    return page.select(".tributes .tribute")


def test_nothing_shows_before_approval(client, victim):
    send_tribute(client, victim)
    assert tributes_on(client, victim) == []


@pytest.mark.parametrize(
    ("display", "name", "relationship", "shown", "hidden"),
    [
        ("name", "ريم", "أخته", "ريم", None),
        ("relationship", "", "أخته", "أخته", "ريم"),
        ("anonymous", "", "", "دون ذكر اسمه", "أخته"),
    ],
)
def test_the_author_is_shown_as_they_chose(client, moderator_web, victim, display, name, relationship, shown, hidden):
    _code, submission = send_tribute(
        client, victim, author_display=display, author_name=name, author_relationship=relationship
    )
    approve(moderator_web, submission)
    [tribute] = tributes_on(client, victim)
    assert "كان يحب الزيتون" in tribute.get_text()
    author = tribute.select_one(".tribute__author").get_text()
    assert shown in author
    if hidden:
        assert hidden not in tribute.get_text()


def test_the_published_photo_has_no_metadata_and_leaves_with_a_withdrawal(
    client, moderator_web, victim, django_capture_on_commit_callbacks
):
    code, submission = send_tribute(client, victim, language="en", photos=[jpeg_with_gps()])
    approve(moderator_web, submission)
    [tribute] = tributes_on(client, victim, "en")
    [image] = tribute.select(".tribute__photos img")
    stored = TributePhoto.objects.get()
    assert image["src"] == stored.file.url
    assert not re.search(r"photo\.jpg|upload", image["src"])
    with stored.file.open("rb") as public:
        data = public.read()
    assert GPS_CANARY.encode() not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif()
        assert "exif" not in picture.info
    name = stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/status/", {"code": code, "action": "withdraw", "confirm": "yes"})
    assert tributes_on(client, victim, "en") == []
    assert not storages["default"].exists(name)


def test_a_moderator_may_leave_a_photo_out(client, moderator_web, victim):
    _code, submission = send_tribute(client, victim, photos=[jpeg_with_gps(), jpeg_with_gps(colour=(1, 2, 3))])
    kept = submission.photos.first()
    approve(moderator_web, submission, photos=[str(kept.pk)])
    [tribute] = tributes_on(client, victim)
    assert len(tribute.select(".tribute__photos img")) == 1


def test_a_tribute_leaves_the_page_when_its_record_is_unpublished(client, moderator_web, victim):
    _code, submission = send_tribute(client, victim)
    approve(moderator_web, submission)
    assert len(tributes_on(client, victim)) == 1
    victim.unpublish()
    assert client.get(f"/ar/victims/{victim.public_id}/").status_code == 404


def test_photos_to_publish_are_offered_only_when_there_are_photos(client, moderator_web, victim):
    _code, without = send_tribute(client, victim)
    page = moderator_web.get(detail_url(without)).content.decode()
    assert "Photos to publish" not in page
    assert 'name="photos"' not in page
    assert approve(moderator_web, without).status_code == 302
    assert Submission.objects.get(pk=without.pk).status == Submission.Status.APPROVED
    assert len(tributes_on(client, victim)) == 1

    _code, with_photo = send_tribute(client, victim, photos=[jpeg_with_gps()])
    page = BeautifulSoup(moderator_web.get(detail_url(with_photo)).content, "html.parser")
    assert "Photos to publish" in page.get_text()
    assert len(page.select('input[name="photos"]')) == 1
