"""The bench's own URLconf and middleware (memorial.bench, used by `make bench` only)."""

from django.conf import settings
from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


@override_settings(
    ROOT_URLCONF="memorial.bench", MIDDLEWARE=["memorial.bench.QueryCountMiddleware", *settings.MIDDLEWARE]
)
def test_the_minimal_view_answers_and_every_response_reports_its_query_count(client):
    minimal = client.get("/bench/minimal")
    assert minimal.status_code == 200
    assert minimal.content == b"ok"
    assert minimal["X-Bench-Queries"] == "0"
    # The site's pages stay reachable behind the bench URLconf, and their queries are counted.
    victims = client.get("/en/victims/")
    assert victims.status_code == 200
    assert int(victims["X-Bench-Queries"]) > 0
