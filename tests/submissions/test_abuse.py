"""Abuse resistance without a third-party service (M5): a double submit makes one submission, the honeypot and
the minimum fill time store nothing, rate limits answer 429 in the visitor's language, the pending queue has a
cap, the body has a size limit, and every family page is uncached."""

from django.urls import reverse
from django.utils import translation

import pytest

from memorial.submissions.models import StagedPhoto, Submission
from memorial.submissions.receipts import new_form_token
from memorial.submissions.services import REPLAY_WINDOW
from tests.submissions.support import jpeg_with_gps, tribute_answers, upload
from tests.submissions.test_tribute import receipt_code_on, tribute_url

pytestmark = pytest.mark.django_db


def test_a_double_submit_makes_one_submission_and_shows_the_same_code(client, victim):
    answers = tribute_answers(client.get(tribute_url(victim)))
    first = client.post(tribute_url(victim), answers)
    second = client.post(tribute_url(victim), answers)
    assert Submission.objects.count() == 1
    assert receipt_code_on(first) == receipt_code_on(second)
    assert receipt_code_on(first)


def test_a_late_double_submit_does_not_show_the_code_again(client, victim):
    answers = tribute_answers(client.get(tribute_url(victim, "en")))
    client.post(tribute_url(victim, "en"), answers)
    Submission.objects.update(created_at=Submission.objects.get().created_at - REPLAY_WINDOW)
    late = client.post(tribute_url(victim, "en"), answers)
    assert Submission.objects.count() == 1
    assert receipt_code_on(late) is None
    assert b"had already reached us" in late.content


def test_two_separate_forms_make_two_submissions_with_different_codes(client, victim):
    first = client.post(tribute_url(victim), tribute_answers(client.get(tribute_url(victim))))
    second = client.post(tribute_url(victim), tribute_answers(client.get(tribute_url(victim))))
    assert Submission.objects.count() == 2
    assert receipt_code_on(first) != receipt_code_on(second)


def test_a_filled_honeypot_stores_nothing(client, victim):
    answers = tribute_answers(client.get(tribute_url(victim, "en")), website="http://spam.example", photos=[])
    answers["photos"] = [upload(jpeg_with_gps())]
    refused = client.post(tribute_url(victim, "en"), answers)
    assert refused.status_code == 400
    assert b"leave the last field empty" in refused.content
    assert not Submission.objects.exists()
    assert not StagedPhoto.objects.exists()


def test_a_form_sent_too_fast_stores_nothing_and_keeps_the_text(client, victim, settings):
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 30
    answers = tribute_answers(client.get(tribute_url(victim, "en")))
    refused = client.post(tribute_url(victim, "en"), answers)
    assert refused.status_code == 400
    assert b"That was very quick" in refused.content
    assert b"He loved olives" in refused.content
    assert not Submission.objects.exists()


def test_a_forged_or_missing_token_stores_nothing_and_gets_a_fresh_one(client, victim):
    answers = tribute_answers(client.get(tribute_url(victim, "en")), form_token="forged")
    refused = client.post(tribute_url(victim, "en"), answers)
    assert refused.status_code == 400
    assert b"has expired" in refused.content
    assert b'value="forged"' not in refused.content
    assert not Submission.objects.exists()
    # The page shown again can be sent.
    assert client.post(tribute_url(victim, "en"), tribute_answers(refused)).status_code == 200
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "يرجى الانتظار قليلًا".encode()), ("en", b"Please wait a little")],
)
def test_a_burst_over_the_per_client_limit_is_answered_429_in_the_visitors_language(
    client, victim, settings, language, words
):
    settings.MEMORIAL_SUBMISSION_RATES = {
        "submit": {"client": "3/h", "all": "100/h"},
        "status": settings.MEMORIAL_SUBMISSION_RATES["status"],
    }
    answers = tribute_answers(client.get(tribute_url(victim, language)), text="")
    statuses = [client.post(tribute_url(victim, language), answers).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 429, 429]
    limited = client.post(tribute_url(victim, language), answers)
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert words in limited.content
    assert f'lang="{language}"'.encode() in limited.content


def test_the_client_is_the_address_the_trusted_proxy_saw(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.MEMORIAL_SUBMISSION_RATES = {
        "submit": {"client": "2/h", "all": "100/h"},
        "status": settings.MEMORIAL_SUBMISSION_RATES["status"],
    }
    answers = tribute_answers(client.get(tribute_url(victim, "en")), text="")

    def post(forwarded):
        return client.post(tribute_url(victim, "en"), answers, HTTP_X_FORWARDED_FOR=forwarded).status_code

    # A client that writes its own X-Forwarded-For entries is still counted by the address the proxy appended.
    assert [post("1.1.1.1, 203.0.113.5"), post("2.2.2.2, 203.0.113.5"), post("3.3.3.3, 203.0.113.5")] == [400, 400, 429]
    assert post("203.0.113.6") == 400


def test_the_global_limit_holds_across_clients(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.MEMORIAL_SUBMISSION_RATES = {
        "submit": {"client": "100/h", "all": "3/h"},
        "status": settings.MEMORIAL_SUBMISSION_RATES["status"],
    }
    answers = tribute_answers(client.get(tribute_url(victim, "en")), text="")
    statuses = [
        client.post(tribute_url(victim, "en"), answers, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
        for number in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


def test_a_full_queue_refuses_politely_and_stores_nothing(client, victim, settings):
    answers = tribute_answers(client.get(tribute_url(victim, "en")))
    client.post(tribute_url(victim, "en"), answers)
    fresh = tribute_answers(client.get(tribute_url(victim, "en")))
    settings.MEMORIAL_SUBMISSION_QUEUE_CAP = 1
    refused = client.post(tribute_url(victim, "en"), fresh)
    assert refused.status_code == 503
    assert b"We cannot take new submissions just now" in refused.content
    assert Submission.objects.count() == 1
    assert client.get(tribute_url(victim, "en")).status_code == 503
    # A decision frees a place.
    Submission.objects.update(status=Submission.Status.REJECTED)
    assert client.get(tribute_url(victim, "en")).status_code == 200


def test_an_oversized_body_is_refused_unread(client, victim):
    refused = client.post(tribute_url(victim, "en"), {"text": "x"}, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert refused.status_code == 413
    assert not Submission.objects.exists()


def test_a_tribute_longer_than_the_limit_is_refused_with_the_text_kept(client, victim):
    answers = tribute_answers(client.get(tribute_url(victim, "en")), text="ذكرى " * 1200)
    refused = client.post(tribute_url(victim, "en"), answers)
    assert refused.status_code == 400
    assert b"at most 5000 characters" in refused.content
    assert not Submission.objects.exists()


def test_invisible_controls_are_dropped_from_what_is_kept(client, victim):
    answers = tribute_answers(
        client.get(tribute_url(victim, "en")),
        text="He\u202e loved\u200b olives",
        author_relationship="\u2066brother\u2069",
    )
    client.post(tribute_url(victim, "en"), answers)
    submission = Submission.objects.get()
    assert submission.content["text"] == "He loved olives"
    assert submission.author_relationship == "brother"


@pytest.mark.parametrize("method", ["get", "post"])
def test_family_pages_are_uncached_and_send_no_referrer(client, victim, method):
    with translation.override("en"):
        paths = [tribute_url(victim, "en"), reverse("submissions:status")]
    for path in paths:
        response = getattr(client, method)(path, {"code": "nothing"} if method == "post" else None)
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"


def test_family_pages_have_a_quick_exit_that_works_without_javascript(client, victim, settings):
    page = client.get(tribute_url(victim, "en"))
    assert f'href="{settings.MEMORIAL_QUICK_EXIT_URL}"'.encode() in page.content
    assert b"data-quick-exit" in page.content
    assert b"/static/js/quick-exit.js" in page.content
    # Only the site's own script, which the public CSP allows.
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert b"<script>" not in page.content


def test_form_tokens_differ_each_time(client, victim):
    assert new_form_token() != new_form_token()
