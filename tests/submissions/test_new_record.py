"""A family adds a person to the archive: first the archive's public name search, then the form. The names are
sealed (never in a plain column), the publication choices are the archive's own policy values, the consent is
the versioned text shown, and an error keeps what was typed and the photos accepted."""

from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.privacy.policy import POLICY_FIELDS
from memorial.privacy.publication import victims_published
from memorial.submissions.forms import NAME_PARTS, NewRecordForm
from memorial.submissions.models import ConsentText, StagedPhoto, Submission, SubmittedIdentity
from tests.factories import AttackFactory, GovernorateFactory, named_victim
from tests.submissions.support import jpeg_with_gps, new_record_answers, served_choices, served_fields, upload
from tests.submissions.test_tribute import receipt_code_on

pytestmark = pytest.mark.django_db


def form_url(language="ar"):
    with translation.override(language):
        return reverse("submissions:new_record")


def search_url(language="ar"):
    with translation.override(language):
        return reverse("submissions:new_record_search")


def raw_row(table, pk, column="submission_id"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s", [pk])  # noqa: S608 - fixed test table names
        names = [description[0] for description in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_the_search_step_finds_a_published_name_through_the_public_representation(client):
    victim = named_victim(latin="Salma Khaled al-Hassan", arabic="سلمى خالد الحسن")
    victims_published([victim])
    victim.refresh_from_db()
    page = client.get(search_url("en"), {"q": "Salma"})
    assert page.status_code == 200
    assert f"/en/victims/{victim.public_id}/".encode() in page.content
    assert b"Salma" in page.content
    # The search page offers the form whatever was found.
    assert form_url("en").encode() in page.content
    # The list is written from public representations before the template sees it: no record reaches the page.
    assert f'href="/en/victims/{victim.public_id}/"' in page.context["victims"]
    assert not any(isinstance(value, Victim) for context in page.context for value in context.flatten().values())


def test_a_withheld_name_answers_like_noise_in_the_search_step(client):
    hidden = named_victim(latin="Zubaida Faris Qaddour", arabic="زبيدة فارس قدور", name_policy="withheld")
    victims_published([hidden])
    hidden.refresh_from_db()
    withheld = client.get(search_url("en"), {"q": "Zubaida Qaddour"})
    noise = client.get(search_url("en"), {"q": "Xqzvw Plorth"})
    assert withheld.status_code == noise.status_code == 200
    assert b"No record in the archive has this name." in withheld.content
    assert hidden.public_id.encode() not in withheld.content
    assert b"Zubaida" in withheld.content  # the query typed, shown back in the search box only

    def without_query(page, query):
        return page.content.replace(query.encode(), b"X").replace(query.replace(" ", "+").encode(), b"X")

    assert without_query(withheld, "Zubaida Qaddour") == without_query(noise, "Xqzvw Plorth")


def test_the_victim_page_links_to_the_new_record_search_from_the_footer(client):
    page = client.get("/ar/")
    assert search_url("ar").encode() in page.content


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_new_record_is_stored_with_sealed_names_its_choices_and_the_consent_shown(client, language):
    attack = AttackFactory()
    governorate = GovernorateFactory()
    form = client.get(form_url(language))
    assert form.status_code == 200
    consent = ConsentText.objects.get(kind="new_record", language=language)
    assert escape(consent.text).encode() in form.content
    answers = new_record_answers(
        form,
        attack=attack.key,
        governorate=str(governorate.pk),
        name_policy="pseudonym",
        pseudonym="أم الورد",
        photo_policy="blurred",
        place_policy="district",
        date_policy="year",
        age_policy="group",
        biography_policy="show",
        sources_policy="hide",
        contact="canary-contact 0933 000 000",
    )
    sent = client.post(form_url(language), answers)
    assert sent.status_code == 200, sent.content[:3000]
    assert receipt_code_on(sent)
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.NEW_RECORD
    assert submission.status == Submission.Status.RECEIVED
    assert submission.victim is None
    assert submission.language == language
    assert submission.consent == consent
    assert submission.author_relationship == "خالتها"
    assert submission.content == {
        "sex": "female",
        "age": 9,
        "date_of_death": "2017-04-01",
        "date_precision": "month",
        "governorate": governorate.pk,
        "place_name": "قرية تجريبية",
        "place_level": "town",
        "attack": attack.key,
        "biography": "كانت تحب الرسم. She loved drawing.",
        "sources": "A sample list, to be verified.",
        "pseudonym": "أم الورد",
        "policy": {
            "name_policy": "pseudonym",
            "photo_policy": "blurred",
            "place_policy": "district",
            "date_policy": "year",
            "age_policy": "group",
            "biography_policy": "show",
            "sources_policy": "hide",
        },
    }
    identity = SubmittedIdentity.objects.get(submission=submission)
    assert [getattr(identity, part) for part in NAME_PARTS] == ["ليلى", "سامر", "العمر", "Layla", "Samer", "al-Omar"]

    # At rest: every name part and the contact are ciphertext; no name is in any plain column of either row.
    stored = raw_row("submissions_submittedidentity", submission.pk)
    for part in NAME_PARTS:
        assert stored[part].startswith("sealed:")
    submission_row = raw_row("submissions_submission", submission.pk, column="id")
    assert submission_row["contact"].startswith("sealed:")
    everything = " ".join(str(value) for value in [*stored.values(), *submission_row.values()])
    for name in ("ليلى", "سامر", "العمر", "Layla", "Samer", "al-Omar", "canary-contact"):
        assert name not in everything


def test_the_publication_choices_are_the_archives_own_policy_values_starting_where_a_new_record_starts(client):
    form = NewRecordForm(consent=ConsentText(pk=1))
    for field, choices in POLICY_FIELDS.items():
        assert [value for value, _words in form.fields[field].choices] == list(choices.values)
        assert form.fields[field].initial == Victim._meta.get_field(field).default
    page = client.get(form_url("en"))
    chosen = served_choices(page)
    assert {field: chosen[field] for field in POLICY_FIELDS} == {
        field: Victim._meta.get_field(field).default for field in POLICY_FIELDS
    }
    assert b"Only a blurred version, in which they cannot be recognised" in page.content


def test_the_choices_are_explained_in_arabic(client):
    page = client.get(form_url("ar"))
    assert "كيف يمكن أن يظهر اسم الفقيد؟".encode() in page.content
    assert "نسخة مموهة فقط".encode() in page.content


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"given_name_ar": "", "given_name_latin": ""}, "given_name_ar", "Write at least their given name"),
        ({"name_policy": "pseudonym", "pseudonym": ""}, "pseudonym", "Write the name to show"),
        ({"death_year": "", "death_month": "4"}, "death_year", "Write the year too"),
        ({"death_day": "31", "death_month": "2"}, "death_day", "This month has no such day."),
        ({"death_day": "3", "death_month": ""}, "death_month", "Choose the month too"),
        ({"death_year": "2999"}, "death_year", "This date is in the future."),
        ({"age": "300"}, "age", "Ensure this value is less than or equal to 120."),
        ({"author_relationship": ""}, "author_relationship", "This field is required."),
        ({"name_policy": "everything"}, "name_policy", "Select a valid choice."),
        ({"attack": "no-such-attack"}, "attack", "Select a valid choice."),
        ({"consent_given": ""}, "consent_given", "Nothing can be sent without your consent"),
    ],
)
def test_an_invalid_answer_is_explained_and_stores_nothing(client, answers, field, message):
    page = client.get(form_url("en"))
    refused = client.post(form_url("en"), new_record_answers(page, **answers))
    assert refused.status_code == 400
    assert message in " ".join(str(error) for error in refused.context["form"].errors[field])
    assert not Submission.objects.exists()
    assert not SubmittedIdentity.objects.exists()


def test_an_error_keeps_the_typed_text_and_the_accepted_photo(client):
    url = form_url("en")
    answers = new_record_answers(client.get(url), author_relationship="", biography="Words that must stay.")
    answers["photos"] = [upload(jpeg_with_gps())]
    refused = client.post(url, answers)
    assert refused.status_code == 400
    assert b"Words that must stay." in refused.content
    assert "ليلى".encode() in refused.content
    assert b"Photo 1 (640 \xc3\x97 480 pixels), received" in refused.content
    assert StagedPhoto.objects.count() == 1
    # The form shown again carries its choices and the photo: sent as it is, once corrected.
    again = {**served_fields(refused), **served_choices(refused), "author_relationship": "her aunt"}
    again["consent_given"] = "on"
    sent = client.post(url, again)
    assert sent.status_code == 200
    submission = Submission.objects.get()
    assert submission.photos.count() == 1
    assert submission.content["biography"] == "Words that must stay."
    assert submission.identity.given_name_ar == "ليلى"


def test_a_date_known_to_the_day_or_only_the_year_keeps_its_precision(client):
    url = form_url("en")
    client.post(url, new_record_answers(client.get(url), death_day="21", death_month="8", death_year="2013"))
    client.post(url, new_record_answers(client.get(url), death_month="", death_year="2013"))
    client.post(url, new_record_answers(client.get(url), death_month="", death_year=""))
    stored = [(s.content["date_of_death"], s.content["date_precision"]) for s in Submission.objects.order_by("pk")]
    assert stored == [("2013-08-21", "day"), ("2013-01-01", "year"), ("", "")]


def test_only_public_attacks_can_be_chosen(client):
    public = AttackFactory(title_en="A public attack")
    AttackFactory(title_en="A draft attack", live=False)
    page = client.get(form_url("en"))
    options = [option.get_text() for option in BeautifulSoup(page.content, "html.parser").select("#id_attack option")]
    assert any("A public attack" in option for option in options)
    assert not any("A draft attack" in option for option in options)
    assert public.key.encode() in page.content
