"""Application logs never record IP addresses, user agents or query strings."""

import io
import logging

import pytest

from memorial.logging import NoPersonalDataFilter, redact


def test_redact_strips_query_strings_and_addresses():
    line = '"GET /ar/victims/?q=Name+Family HTTP/1.1" 200 from 203.0.113.9 and 2001:db8::1'
    cleaned = redact(line)
    assert "q=Name" not in cleaned
    assert "203.0.113.9" not in cleaned
    assert "2001:db8::1" not in cleaned
    assert "/ar/victims/" in cleaned


def test_filter_rewrites_server_records_and_drops_the_request():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /en/?name=secret HTTP/1.1", "200", "12"), None
    )
    record.request = object()
    assert NoPersonalDataFilter().filter(record)
    assert "secret" not in record.getMessage()
    assert record.request is None


@pytest.mark.django_db
def test_a_request_with_a_query_string_leaves_no_trace_in_the_logs(client):
    handler = logging.getLogger("django.request").handlers[0]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        client.get(
            "/en/no-such-page/?name=canary-query", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="CanaryAgent/1.0"
        )
    finally:
        handler.setStream(previous)
    logged = captured.getvalue()
    assert "no-such-page" in logged
    for canary in ("canary-query", "198.51.100.23", "CanaryAgent"):
        assert canary not in logged
