"""Hostile inputs sent through HTTP to the family forms (the tribute and the new record), one table, each row
with its expected outcome: refused with a clear message in the visitor's language and nothing stored, or stored
safely (verbatim where the words are the family's, cleaned where invisible characters would deceive, always
shown back escaped)."""

from dataclasses import dataclass, field

from django.utils.html import escape

import pytest

from memorial.submissions.models import StagedPhoto, Submission, SubmissionPhoto
from tests.privacy.test_photos import gif_with_frames, png_claiming
from tests.submissions.support import jpeg_with_gps, new_record_answers, tribute_answers, upload
from tests.submissions.test_new_record import form_url
from tests.submissions.test_tribute import receipt_code_on, tribute_url

pytestmark = pytest.mark.django_db

SCRIPT_AND_TEMPLATE = '<script>alert("x")</script> {{ request.META }} {% debug %} ${7*7} <img src=x onerror=alert(1)>'
FORMULAS = '=HYPERLINK("http://example.invalid","click") +SUM(A1) -2+3 @cmd|\' /C calc\'!A0'
MEGABYTE = "ا" * (1024 * 1024)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF"


@dataclass(frozen=True)
class Refused:
    """Answered 400 with `message` in the page's language; no submission and no staged photo kept."""

    message: str


@dataclass(frozen=True)
class Stored:
    """Stored once; `content` (a field of Submission.content) or `names` (of the sealed names) hold exactly
    these values, and what was sent is shown back escaped when the form is sent again with an error."""

    content: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    author: dict = field(default_factory=dict)
    photo_names_safe: bool = False


@dataclass(frozen=True)
class Once:
    """Sent twice: one submission, the same receipt code both times."""


@dataclass(frozen=True)
class Limited:
    """A burst over the per-client rate limit: those within it are stored, the rest answered 429."""

    allowed: int


# (form, language, id, answers, photos, expected)
ROWS = [
    *[
        row
        for form in ("tribute", "new_record")
        for row in (
            (form, "en", "pixel-bomb", {}, [upload(png_claiming(20_000, 20_000), "huge.png", "image/png")],
             Refused("The photo has too many pixels")),
            (form, "ar", "pixel-bomb", {}, [upload(png_claiming(20_000, 20_000), "huge.png", "image/png")],
             Refused("عدد نقاط الصورة كبير جداً")),
            (form, "en", "many-frames", {}, [upload(gif_with_frames(200), "frames.gif", "image/gif")],
             Refused("Animated images with many frames are not accepted")),
            (form, "en", "svg", {}, [upload(SVG, "photo.svg", "image/svg+xml")],
             Refused("This file is not a photo we can accept")),
            (form, "en", "renamed-pdf", {}, [upload(PDF, "photo.jpg")], Refused("This file is not a photo we can accept")),
            (form, "ar", "renamed-pdf", {}, [upload(PDF, "photo.jpg")], Refused("هذا الملف ليس صورة يمكننا قبولها")),
            (form, "en", "truncated-jpeg", {}, [upload(jpeg_with_gps()[:1500])],
             Refused("The photo could not be read; it may be damaged or incomplete")),
            (form, "en", "path-traversal-names", {},
             [upload(jpeg_with_gps(), "../../../etc/passwd.jpg"), upload(jpeg_with_gps(), "..\\..\\boot.ini.jpg")],
             Stored(photo_names_safe=True)),
            (form, "en", "double-submit", {}, [], Once()),
            (form, "en", "burst-over-the-rate-limit", {}, [], Limited(allowed=3)),
        )
    ],
    ("tribute", "en", "script-and-template-syntax", {"text": SCRIPT_AND_TEMPLATE}, [],
     Stored(content={"text": SCRIPT_AND_TEMPLATE})),
    ("tribute", "en", "formula-like-text", {"text": FORMULAS}, [], Stored(content={"text": FORMULAS})),
    ("tribute", "en", "null-byte", {"text": "before\x00after"}, [], Refused("Null characters are not allowed.")),
    ("tribute", "en", "one-megabyte-of-text", {"text": MEGABYTE}, [],
     Refused("Ensure this value has at most 5000 characters")),
    ("tribute", "ar", "one-megabyte-of-text", {"text": MEGABYTE}, [], Refused("تأكد أن هذه القيمة تحتوي على")),
    ("tribute", "en", "rtl-override-and-zero-width-in-the-name", {
        "author_display": "name", "author_name": "Sa\u202emi\u200b \u2066Haddad\u2069"}, [],
     Stored(author={"author_name": "Sami Haddad"})),
    ("new_record", "en", "script-and-template-syntax", {"biography": SCRIPT_AND_TEMPLATE}, [],
     Stored(content={"biography": SCRIPT_AND_TEMPLATE})),
    ("new_record", "en", "script-in-a-name", {"given_name_latin": "<b>Layla</b>{{x}}"}, [],
     Stored(names={"given_name_latin": "<b>Layla</b>{{x}}"})),
    ("new_record", "en", "formula-like-text", {"sources": FORMULAS, "family_name_latin": "=1+1"}, [],
     Stored(content={"sources": FORMULAS}, names={"family_name_latin": "=1+1"})),
    ("new_record", "en", "rtl-override-and-zero-width-in-names", {
        "given_name_latin": "Lay\u202ela\u200d", "family_name_ar": "\u200fالعمر\u200b", "pseudonym": "\u2067أم\u2069 الورد",
        "name_policy": "pseudonym"}, [],
     Stored(names={"given_name_latin": "Layla", "family_name_ar": "العمر"}, content={"pseudonym": "أم الورد"})),
    ("new_record", "en", "control-characters-in-names", {"given_name_ar": "لي\x07لى\tسامر\x1b"}, [],
     Stored(names={"given_name_ar": "ليلى سامر"})),
    ("new_record", "en", "null-byte-in-a-name", {"given_name_latin": "Lay\x00la"}, [],
     Stored(names={"given_name_latin": "Layla"})),
    ("new_record", "en", "null-byte-in-the-biography", {"biography": "before\x00after"}, [],
     Refused("Null characters are not allowed.")),
    ("new_record", "en", "one-megabyte-of-text", {"biography": MEGABYTE}, [],
     Refused("Ensure this value has at most 3000 characters")),
    ("new_record", "en", "one-megabyte-name", {"given_name_ar": MEGABYTE}, [],
     Refused("Ensure this value has at most 100 characters")),
]  # fmt: skip


def url_of(form, language, victim):
    return tribute_url(victim, language) if form == "tribute" else form_url(language)


def answers_of(form, page, answers):
    return tribute_answers(page, **answers) if form == "tribute" else new_record_answers(page, **answers)


@pytest.mark.parametrize(
    ("form", "language", "answers", "photos", "expected"),
    [pytest.param(*row[:2], *row[3:], id=f"{row[0]}-{row[2]}-{row[1]}") for row in ROWS],
)
def test_hostile_inputs(client, victim, settings, form, language, answers, photos, expected):
    url = url_of(form, language, victim)
    sent = {**answers_of(form, client.get(url), answers), "photos": photos}

    if isinstance(expected, Refused):
        refused = client.post(url, sent)
        assert refused.status_code == 400
        assert expected.message.encode() in refused.content, refused.content.decode()[-4000:]
        assert f'lang="{language}"'.encode() in refused.content
        assert not Submission.objects.exists()
        assert not StagedPhoto.objects.exists()

    elif isinstance(expected, Stored):
        # Shown back after an error first: everything typed is there, escaped, never interpreted.
        again = client.post(url, {**sent, "consent_given": "", "photos": []})
        assert again.status_code == 400
        for value in answers.values():
            if "<" in value:
                assert value.encode() not in again.content
                assert escape(value).encode() in again.content
        # Then sent: stored once, with the values the row expects.
        stored = client.post(url, {**sent, "photos": photos})
        assert stored.status_code == 200
        assert receipt_code_on(stored)
        submission = Submission.objects.get()
        for name, value in expected.content.items():
            assert submission.content[name] == value
        for name, value in expected.names.items():
            assert getattr(submission.identity, name) == value
        for name, value in expected.author.items():
            assert getattr(submission, name) == value
        if expected.photo_names_safe:
            names = list(SubmissionPhoto.objects.values_list("file", flat=True))
            assert len(names) == len(photos)
            for name in names:
                assert name.startswith("submissions/")
                assert ".." not in name and "\\" not in name
                assert "passwd" not in name and "boot" not in name

    elif isinstance(expected, Once):
        first = client.post(url, sent)
        second = client.post(url, sent)
        assert first.status_code == second.status_code == 200
        assert Submission.objects.count() == 1
        assert receipt_code_on(first) == receipt_code_on(second)

    elif isinstance(expected, Limited):
        settings.MEMORIAL_SUBMISSION_RATES = {
            "submit": {"client": f"{expected.allowed}/h", "all": "100/h"},
            "status": settings.MEMORIAL_SUBMISSION_RATES["status"],
        }
        statuses = []
        for _ in range(expected.allowed + 2):
            fresh = answers_of(form, client.get(url), answers)
            statuses.append(client.post(url, fresh).status_code)
        assert statuses == [200] * expected.allowed + [429, 429]
        assert Submission.objects.count() == expected.allowed


def test_the_table_covers_every_hostile_input_the_issue_names():
    covered = {(row[0], row[2]) for row in ROWS}
    named = {
        "pixel-bomb", "many-frames", "svg", "renamed-pdf", "truncated-jpeg", "script-and-template-syntax",
        "formula-like-text", "path-traversal-names", "double-submit", "burst-over-the-rate-limit",
    }  # fmt: skip
    for form in ("tribute", "new_record"):
        assert {(form, name) for name in named} <= covered
    assert ("tribute", "rtl-override-and-zero-width-in-the-name") in covered
    assert ("new_record", "rtl-override-and-zero-width-in-names") in covered
    assert {("tribute", "null-byte"), ("new_record", "null-byte-in-a-name")} <= covered
    assert {("tribute", "one-megabyte-of-text"), ("new_record", "one-megabyte-of-text")} <= covered
