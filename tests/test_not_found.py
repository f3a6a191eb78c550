"""Every non-public address answers the same 404: same status, same headers but Date, same body (P9)."""

import pytest

from memorial.privacy.publication import assign_public_ids, victims_published
from tests.factories import VictimFactory

pytestmark = pytest.mark.django_db


def fingerprint(response):
    headers = {name: value for name, value in response.headers.items() if name != "Date"}
    return response.status_code, headers, response.content


@pytest.fixture
def records():
    published, draft, withdrawn = VictimFactory(), VictimFactory(live=False), VictimFactory()
    victims_published([published, draft, withdrawn])
    for victim in (published, draft, withdrawn):
        victim.refresh_from_db()
    assign_public_ids([draft])
    withdrawn.unpublish()
    return {"published": published, "draft": draft, "withdrawn": withdrawn}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_non_public_victims_and_constructed_paths_answer_one_identical_404(client, records, language):
    paths = [
        f"/{language}/victims/neverexist/",
        f"/{language}/victims/{records['draft'].public_id}/",
        f"/{language}/victims/{records['withdrawn'].public_id}/",
        f"/{language}/victims/{records['published'].public_id}/extra/",
        f"/{language}/victims/{records['published'].public_id.upper()}/",
        f"/{language}/attacks/no-such-attack/",
        f"/{language}/victims/%D8%B3%D9%84%D9%85%D9%89/",
        f"/{language}/home/victims/",
    ]
    answers = {path: fingerprint(client.get(path)) for path in paths}
    reference = answers[paths[0]]
    assert reference[0] == 404
    for path, answer in answers.items():
        assert answer == reference, path
    assert client.get(f"/{language}/victims/{records['published'].public_id}/").status_code == 200


def test_the_not_found_body_echoes_nothing_from_the_address(client):
    body = client.get("/en/victims/canary-id-123/").content.decode()
    assert "canary-id-123" not in body


def development_settings():
    from memorial.settings import dev

    return {"DEBUG": True, "MIDDLEWARE": dev.MIDDLEWARE}


def test_make_run_shows_the_designed_404_not_the_debug_page(client, settings):
    for name, value in development_settings().items():
        setattr(settings, name, value)
    response = client.get("/en/victims/neverexist/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "There is no public page at this address." in body
    assert "DEBUG = True" not in body
    assert "neverexist" not in body


def test_make_run_keeps_tracebacks_for_real_errors(client, settings):
    for name, value in development_settings().items():
        setattr(settings, name, value)
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False
    response = client.get("/en/fail/")
    assert response.status_code == 500
    assert "deliberate failure for the 500 page test" in response.content.decode()
