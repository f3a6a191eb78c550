"""Moderators' decisions through the admin, as a moderator's browser sends them: each one recorded in the
audit log with who, what and why; a second decision on a decided submission refused with a clear message."""

from datetime import date

from django.urls import reverse
from django.utils import translation

from wagtail.models import ModelLogEntry

import pytest

from memorial.archive.models import Victim
from memorial.privacy.models import publication_defaults
from memorial.privacy.policy import NamePolicy, stricter
from memorial.privacy.representation import public_victim
from memorial.privacy.services import policy_of
from memorial.submissions import moderation
from memorial.submissions.models import PublishedTribute, RejectionReason, Submission
from tests.factories import AttackFactory, GovernorateFactory, TownFactory
from tests.submissions.moderation_support import detail_url, make_moderator, make_submission, moderator_client
from tests.submissions.support import new_record_answers

pytestmark = pytest.mark.django_db


def entries(submission, action):
    return ModelLogEntry.objects.filter(content_type__model="submission", object_id=str(submission.pk), action=action)


def approve_fields(submission, **values):
    return {
        "action": "approve",
        "text": submission.content["text"],
        "author_display": submission.author_display,
        "author_name": submission.author_name,
        "author_relationship": submission.author_relationship,
        "photos": [str(photo.pk) for photo in submission.photos.all()],
        "note": "",
        **values,
    }


def test_the_queue_and_detail_need_the_moderate_permission(client, django_user_model, victim):
    submission = make_submission(victim=victim)
    editor = make_moderator(django_user_model, "editor")
    editor.user_permissions.remove(editor.user_permissions.get(codename="moderate_submission"))
    web = moderator_client(editor)
    # Wagtail answers a refused admin screen with a redirect to the dashboard and a message.
    for response in (
        web.get("/admin/submissions/"),
        web.get(detail_url(submission)),
        web.post(detail_url(submission), {"action": "reject", "message": "x"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED


def test_approving_a_tribute_publishes_it_as_edited_and_logs_who_and_why(moderator_web, moderator, victim):
    submission = make_submission(victim=victim, author_display="relationship", author_relationship="أخوه")
    response = moderator_web.post(
        detail_url(submission), approve_fields(submission, text="كان يحب الزيتون.", note="Shortened")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.decided_at is not None
    tribute = PublishedTribute.objects.get(submission=submission)
    assert tribute.text == "كان يحب الزيتون."
    assert tribute.victim == victim
    [entry] = entries(submission, moderation.APPROVED)
    assert entry.user == moderator
    assert entry.data["reason"] == "Shortened"
    assert entry.data["redacted"] is True
    # The detail's history shows the decision.
    page = moderator_web.get(detail_url(submission))
    assert "Shortened" in page.content.decode()


def test_a_second_approval_is_refused_with_a_message_and_publishes_nothing_twice(moderator_web, victim):
    submission = make_submission(victim=victim)
    moderator_web.post(detail_url(submission), approve_fields(submission))
    response = moderator_web.post(detail_url(submission), approve_fields(submission), follow=True)
    assert "Another moderator has already decided on this submission" in response.content.decode()
    assert PublishedTribute.objects.filter(submission=submission).count() == 1
    assert entries(submission, moderation.APPROVED).count() == 1


def test_the_second_decision_is_refused_in_arabic_too(moderator_web, django_user_model, victim):
    submission = make_submission(victim=victim)
    moderator_web.post(detail_url(submission), approve_fields(submission))
    arabic = moderator_client(make_moderator(django_user_model, "arabic-moderator", language="ar"))
    response = arabic.post(detail_url(submission), {"action": "reject", "message": "لا"}, follow=True)
    assert "قرّر مشرف آخر" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED


def test_the_author_is_never_shown_more_than_the_family_chose(moderator_web, moderator, victim):
    submission = make_submission(victim=victim, author_display="anonymous", author_relationship="")
    # The form offers only the family's choice or a stricter one.
    response = moderator_web.post(
        detail_url(submission), approve_fields(submission, author_display="name", author_name="Someone")
    )
    assert response.status_code == 200
    assert not PublishedTribute.objects.exists()
    # And the decision itself keeps to it, whatever it is given.
    moderation.approve_tribute(
        submission=submission,
        user=moderator,
        text="نص",
        author_display="name",
        author_name="Someone",
        author_relationship="",
        photo_ids=[],
    )
    tribute = PublishedTribute.objects.get(submission=submission)
    assert tribute.author_display == "anonymous"
    assert tribute.author_name == ""


def test_rejecting_with_a_reason_template_tells_the_family(moderator_web, moderator, client, victim):
    reason = RejectionReason.objects.create(title="Not about the person", message="لم نتمكن من نشره لأنه لا يتعلق به.")
    submission = make_submission(victim=victim)
    moderator_web.post(detail_url(submission), {"action": "reject", "reason": reason.pk, "message": ""})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.message_to_family == reason.message
    [entry] = entries(submission, moderation.REJECTED)
    assert entry.user == moderator
    assert entry.data["reason"] == "Not about the person"
    assert not PublishedTribute.objects.exists()


def test_rejecting_needs_a_reason_or_a_message(moderator_web, victim):
    submission = make_submission(victim=victim)
    response = moderator_web.post(detail_url(submission), {"action": "reject", "message": ""}, follow=True)
    assert "Choose a reason or write a message to the family." in response.content.decode()
    # The empty choice says what choosing it means.
    assert '<option value="" selected>No template: write the message below</option>' in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED


def test_asking_for_information_shows_the_message_on_the_family_status_page(moderator_web, client, victim):
    # Sent through the form, so the family has their receipt code.
    from tests.submissions.support import tribute_answers
    from tests.submissions.test_tribute import receipt_code_on, tribute_url

    code = receipt_code_on(
        client.post(tribute_url(victim, "en"), tribute_answers(client.get(tribute_url(victim, "en"))))
    )
    submission = Submission.objects.get()
    moderator_web.post(detail_url(submission), {"action": "information", "message": "Which year was the photo taken?"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEEDS_INFORMATION
    assert entries(submission, moderation.NEEDS_INFORMATION).count() == 1
    status = client.post("/en/status/", {"code": code})
    assert "Which year was the photo taken?" in status.content.decode()


NEW_RECORD = {
    "sex": "female",
    "age": 9,
    "place_name": "PLACE-CANARY",
    "place_level": "town",
    "sources": "SOURCES-CANARY",
    "policy": {"name_policy": "withheld", "photo_policy": "none"},
}


def test_a_family_submits_a_new_record_and_a_moderator_approves_it_into_a_draft(client, moderator_web, moderator):
    """The whole flow through HTTP: the family's form as a browser sends it, then the moderator's approval."""
    governorate = GovernorateFactory()
    with translation.override("en"):
        url = reverse("submissions:new_record")
    form = client.get(url)
    sent = client.post(
        url,
        new_record_answers(
            form,
            governorate=str(governorate.pk),
            name_policy="pseudonym",
            pseudonym="أم الورد",
            place_policy="district",
            date_policy="year",
            biography_policy="show",
        ),
    )
    assert sent.status_code == 200
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.NEW_RECORD
    before = Victim.objects.count()
    moderator_web.post(detail_url(submission), {"action": "approve", "note": "Checked against the sources"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert Victim.objects.count() == before + 1
    victim = submission.victim
    assert not victim.live
    identity = victim.identity
    assert identity.name_parts("ar") == ("ليلى", "سامر", "العمر")
    assert identity.name_parts("latin") == ("Layla", "Samer", "al-Omar")
    # The family's town, as typed, and their sources wait for the moderator in the sealed identity only.
    assert "قرية تجريبية" in identity.family_details
    assert "A sample list, to be verified." in identity.family_details
    assert victim.place == governorate
    assert (victim.date_of_death, victim.date_precision) == (date(2017, 4, 1), Victim.DatePrecision.MONTH)
    assert (victim.sex, victim.age) == ("female", 9)
    assert (victim.pseudonym_ar, victim.pseudonym_latin) == ("أم الورد", "")
    # An English form: the biography is the English one.
    assert (victim.biography_en, victim.biography_ar) == ("كانت تحب الرسم. She loved drawing.", "")
    # Never looser than the family asked, nor than the defaults (P11).
    assert victim.name_policy == NamePolicy.PSEUDONYM
    defaults = publication_defaults().as_policy()
    asked = submission.content["policy"]
    for field, value in policy_of(victim).items():
        assert stricter(field, value, defaults[field]) == value
        assert stricter(field, value, asked[field]) == value
    assert entries(submission, moderation.APPROVED).get().user == moderator


def test_approving_a_new_record_makes_one_draft_with_its_sealed_identity_never_looser(
    moderator_web, moderator, new_record
):
    submission = new_record("ليلى حسن العلي", "Layla Hasan al-Ali", content=NEW_RECORD)
    before = Victim.objects.count()
    moderator_web.post(detail_url(submission), {"action": "approve", "note": "Family known to us"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert Victim.objects.count() == before + 1
    victim = submission.victim
    assert not victim.live
    # The family asked for the name to be withheld: the record is at least that strict (P11).
    assert victim.name_policy == NamePolicy.WITHHELD
    assert victim.identity.given_name_ar == "ليلى"
    assert victim.identity.family_name_latin == "al-Ali"
    assert "PLACE-CANARY" in victim.identity.family_details
    assert "SOURCES-CANARY" in victim.identity.family_details
    public = repr(public_victim(victim))
    assert "PLACE-CANARY" not in public and "SOURCES-CANARY" not in public
    assert entries(submission, moderation.APPROVED).get().user == moderator
    assert ModelLogEntry.objects.filter(action=moderation.CREATED_FROM, object_id=str(victim.pk)).exists()
    # A second approval makes no second record.
    moderator_web.post(detail_url(submission), {"action": "approve", "note": ""})
    assert Victim.objects.count() == before + 1


def test_a_new_record_naming_an_attack_takes_the_attacks_place_and_date(moderator_web, new_record):
    town = TownFactory()
    attack = AttackFactory(places=[town])
    submission = new_record("سارة", content={"attack": attack.key, "governorate": GovernorateFactory().pk})
    moderator_web.post(detail_url(submission), {"action": "approve", "note": ""})
    submission.refresh_from_db()
    victim = submission.victim
    assert (victim.attack, victim.place) == (attack, town)
    assert (victim.date_of_death, victim.date_precision) == (attack.date, Victim.DatePrecision.DAY)
    assert victim.identity.name_parts("ar") == ("سارة", "", "")


def test_a_new_record_without_its_names_still_makes_a_draft_with_empty_names(moderator_web, new_record):
    submission = new_record(content={"pseudonym": "Umm al-Ward", "biography": "كانت معلمة"})
    moderator_web.post(detail_url(submission), {"action": "approve", "note": ""})
    submission.refresh_from_db()
    victim = submission.victim
    assert victim.identity.name_parts("ar") == ("", "", "")
    assert victim.identity.name_parts("latin") == ("", "", "")
    assert (victim.pseudonym_ar, victim.pseudonym_latin) == ("", "Umm al-Ward")
    # An Arabic form: the biography is the Arabic one.
    assert (victim.biography_ar, victim.biography_en) == ("كانت معلمة", "")
    assert victim.identity.family_details == ""


def test_a_family_asking_for_an_open_policy_gets_no_more_than_the_defaults(moderator_web, new_record):
    content = {**NEW_RECORD, "policy": {"name_policy": "full", "photo_policy": "show", "place_policy": "town"}}
    submission = new_record("ليلى حسن العلي", content=content)
    moderator_web.post(detail_url(submission), {"action": "approve", "note": ""})
    submission.refresh_from_db()
    defaults = publication_defaults().as_policy()
    for field, value in defaults.items():
        assert stricter(field, value, getattr(submission.victim, field)) == getattr(submission.victim, field)


def test_a_correction_is_marked_handled_and_logged(moderator_web, moderator, victim):
    submission = make_submission(Submission.Kind.CORRECTION, victim=victim, content={"text": "The date is wrong."})
    moderator_web.post(detail_url(submission), {"action": "approve", "note": "Fixed the date"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert entries(submission, moderation.APPROVED).get().data["reason"] == "Fixed the date"


def test_a_takedown_hides_at_once_then_confirm_withdraws(moderator_web, moderator, client, victim):
    submission = make_submission(Submission.Kind.TAKEDOWN, victim=victim, content={"text": "Please remove."})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 200
    moderator_web.post(detail_url(submission), {"action": "hide", "note": "Looks genuine"})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED
    assert entries(submission, moderation.HIDDEN).count() == 1
    moderator_web.post(detail_url(submission), {"action": "confirm", "note": "Confirmed with the family"})
    victim.refresh_from_db()
    submission.refresh_from_db()
    assert victim.withdrawn_at is not None
    assert submission.status == Submission.Status.APPROVED
    assert entries(submission, moderation.TAKEDOWN_CONFIRMED).count() == 1


def test_a_declined_takedown_restores_the_record(moderator_web, client, victim):
    submission = make_submission(Submission.Kind.TAKEDOWN, victim=victim, content={"text": "Please remove."})
    moderator_web.post(detail_url(submission), {"action": "hide", "note": ""})
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 404
    moderator_web.post(
        detail_url(submission), {"action": "restore", "message": "The record is documented by a partner."}
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert submission.message_to_family == "The record is documented by a partner."
    assert client.get(f"/en/victims/{victim.public_id}/").status_code == 200
    assert entries(submission, moderation.RESTORED).count() == 1
