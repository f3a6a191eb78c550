"""A pending new record never appears on any public surface (M1, P2): the whole public site is crawled
(tests/public_crawl.py) after a family sends a record with canary names, and none of what was sent is found,
not even by searching for it."""

import pytest

from memorial.privacy.publication import victims_published
from memorial.submissions.models import Submission
from tests.factories import VictimFactory
from tests.public_crawl import crawl
from tests.submissions.support import jpeg_with_gps, new_record_answers, upload
from tests.submissions.test_new_record import form_url, search_url

pytestmark = pytest.mark.django_db

CANARIES = {
    "given_name_ar": "كناريغائب",
    "family_name_ar": "كناريعائلة",
    "given_name_latin": "Canarygiven",
    "family_name_latin": "Canaryfamily",
    "pseudonym": "CanaryPseudonym",
    "biography": "CanaryBiography pending and private",
    "sources": "CanarySources",
    "place_name": "CanaryVillage",
    "author_name": "CanaryAuthor",
    "author_relationship": "CanaryRelationship",
    "contact": "canary-contact 0944 000 111",
}


def test_a_pending_new_record_appears_on_no_public_page(client):
    victims = [VictimFactory() for _ in range(6)]
    victims_published(victims)
    url = form_url("en")
    answers = new_record_answers(
        client.get(url),
        name_policy="pseudonym",
        author_display="name",
        biography_policy="show",
        **CANARIES,
    )
    answers["photos"] = [upload(jpeg_with_gps())]
    assert client.post(url, answers).status_code == 200
    assert Submission.objects.get().status == Submission.Status.RECEIVED

    pages = crawl(client)
    paths = {page.path for page in pages if page.status == 200}
    # The new pages are reached by the crawl: the footer's about page and new-record search, the form, and a
    # record's correction and takedown forms.
    assert {"/en/about/", "/ar/about/", search_url("en"), url} <= paths
    assert any(path.startswith("/en/submit/takedown/") for path in paths)
    assert any(path.startswith("/ar/submit/correction/") for path in paths)
    for page in pages:
        for canary in CANARIES.values():
            assert canary.encode() not in page.body, (page.path, canary)

    # Searched for by name, in the archive or in the new-record step, it answers like a name nobody has.
    for searched in ("/en/victims/", search_url("en"), search_url("ar")):
        for name in ("Canarygiven", "كناريغائب"):
            found = client.get(searched, {"q": name})
            assert found.status_code == 200
            assert b"victim-list__item" not in found.content, (searched, name)
