"""A submitter's contact, name and a pending tribute never appear on any public surface (P2, M1): the whole
public site is crawled (tests/public_crawl.py) after a tribute is sent, and none of what was sent is found."""

from django.db import connection

import pytest

from memorial.privacy.publication import victims_published
from memorial.submissions.models import Submission
from tests.factories import VictimFactory
from tests.public_crawl import crawl
from tests.submissions.support import jpeg_with_gps, tribute_answers, upload
from tests.submissions.test_tribute import tribute_url

pytestmark = pytest.mark.django_db

CONTACT = "canary-contact-0944 555 123 canary@example.org"
AUTHOR = "CanaryAuthorName"
TEXT = "CanaryTributeText pending and private"
RELATIONSHIP = "CanaryRelationship"


def test_nothing_a_family_sent_appears_on_any_public_page(client):
    victims = [VictimFactory() for _ in range(6)]
    victims_published(victims)
    victim = victims[0]
    victim.refresh_from_db()
    url = tribute_url(victim, "en")
    answers = tribute_answers(
        client.get(url), text=TEXT, author_display="name", author_name=AUTHOR, author_relationship=RELATIONSHIP
    )
    answers.update(contact=CONTACT, photos=[upload(jpeg_with_gps())])
    assert client.post(url, answers).status_code == 200
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.RECEIVED

    # The contact is sealed at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM submissions_submission WHERE id = %s", [submission.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("sealed:")
    assert "canary" not in stored

    pages = crawl(client)
    paths = {page.path for page in pages if page.status == 200}
    assert f"/en/victims/{victim.public_id}/" in paths
    assert url in paths
    assert "/en/status/" in paths
    for page in pages:
        for canary in (CONTACT, "canary@example.org", AUTHOR, TEXT, RELATIONSHIP):
            assert canary.encode() not in page.body, (page.path, canary)
