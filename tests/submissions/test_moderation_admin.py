"""The moderators' queue and detail screens: counts on the dashboard, filters, redacted by default, sealed values
only through the reveal permission and each reveal in the audit log, flags and possible duplicates."""

import importlib
from datetime import timedelta

from django.apps import apps as django_apps
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from memorial.submissions import admin_views, moderation, records, services
from memorial.submissions.duplicates import possible_duplicates
from memorial.submissions.flags import flags_for
from memorial.submissions.models import Submission
from tests.factories import AttackFactory, VictimFactory, named_victim
from tests.submissions.moderation_support import detail_url, make_moderator, make_submission, moderator_client

pytestmark = pytest.mark.django_db

CONTACT = "CONTACT-CANARY +963 944 123 456"


def queue_ids(web, **filters):
    page = BeautifulSoup(web.get("/admin/submissions/", filters).content, "html.parser")
    return {int(link["href"].rstrip("/").rsplit("/", 1)[1]) for link in page.select(".moderation-queue tbody a")}


def test_the_dashboard_counts_what_waits_and_links_to_the_queue(moderator_web, victim):
    make_submission(victim=victim)
    make_submission(victim=victim)
    decided = make_submission(victim=victim)
    Submission.objects.filter(pk=decided.pk).update(status=Submission.Status.REJECTED)
    page = moderator_web.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 submissions waiting" in page
    assert 'href="/admin/submissions/"' in page


def test_the_queue_filters_by_kind_status_age_and_attack(moderator_web, victim):
    tribute = make_submission(victim=victim)
    correction = make_submission(Submission.Kind.CORRECTION, victim=victim, content={"text": "Wrong age."})
    old = make_submission(victim=victim)
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    other = VictimFactory(attack=AttackFactory(key="other-attack"))
    elsewhere = make_submission(victim=other)
    rejected = make_submission(victim=victim)
    Submission.objects.filter(pk=rejected.pk).update(status=Submission.Status.REJECTED)

    assert queue_ids(moderator_web) == {tribute.pk, correction.pk, old.pk, elsewhere.pk}
    assert queue_ids(moderator_web, kind="correction") == {correction.pk}
    assert queue_ids(moderator_web, status="rejected") == {rejected.pk}
    assert queue_ids(moderator_web, older_than="7") == {old.pk}
    assert queue_ids(moderator_web, attack=other.attack.pk) == {elsewhere.pk}
    attack_filter = BeautifulSoup(moderator_web.get("/admin/submissions/").content, "html.parser").find(
        "select", attrs={"name": "attack"}
    )
    assert attack_filter.find("option", value="").get_text() == "Any attack"


def test_the_queue_filters_new_records_by_the_attack_their_family_named(moderator_web, victim, new_record):
    attack = AttackFactory(key="named-attack")
    named = new_record(content={"attack": attack.key})
    new_record(content={"attack": ""})
    about_its_record = make_submission(victim=VictimFactory(attack=attack))
    assert named.attack == attack
    assert queue_ids(moderator_web, attack=attack.pk) == {named.pk, about_its_record.pk}


def test_only_a_new_record_keeps_the_attack_named_in_its_content(db):
    attack = AttackFactory(key="kept-attack")
    assert services.named_attack(Submission.Kind.NEW_RECORD, {"attack": "kept-attack"}) == attack
    assert services.named_attack(Submission.Kind.NEW_RECORD, {"attack": "no-such-attack"}) is None
    assert services.named_attack(Submission.Kind.NEW_RECORD, {"attack": ""}) is None
    assert services.named_attack(Submission.Kind.TRIBUTE, {"attack": "kept-attack"}) is None


def test_the_migration_fills_the_attack_of_new_records_already_stored(new_record, victim):
    attack = AttackFactory(key="stored-attack")
    stored = new_record(content={"attack": attack.key})
    tribute = make_submission(victim=victim, content={"text": "x", "attack": attack.key})
    Submission.objects.update(attack=None)
    migration = importlib.import_module("memorial.submissions.migrations.0004_submission_attack")
    migration.fill_named_attacks(django_apps, None)
    assert Submission.objects.get(pk=stored.pk).attack == attack
    assert Submission.objects.get(pk=tribute.pk).attack is None


def test_the_queue_shows_no_content_author_or_contact(moderator_web, victim):
    make_submission(victim=victim, author_display="name", author_name="AUTHOR-CANARY", contact=CONTACT)
    page = moderator_web.get("/admin/submissions/").content.decode()
    assert "AUTHOR-CANARY" not in page
    assert "CONTACT-CANARY" not in page
    assert "الزيتون" not in page


def test_the_detail_is_redacted_by_default(moderator_web, victim):
    submission = make_submission(victim=victim, contact=CONTACT)
    page = moderator_web.get(detail_url(submission)).content.decode()
    assert "CONTACT-CANARY" not in page
    assert "الزيتون" in page  # the tribute's text itself is what the moderator decides on


def test_a_new_records_names_are_redacted_until_revealed(django_user_model, new_record):
    revealer = make_moderator(django_user_model, "revealer", ("submissions", "reveal_submission"))
    web = moderator_client(revealer)
    submission = new_record(
        "GIVENAR-CANARY FATHERAR-CANARY FAMILYAR-CANARY",
        "Givenlatin-CANARY Familylatin-CANARY",
        content={"sex": "female", "place_name": "PLACE-TYPED", "sources": "SOURCES-TYPED"},
        contact=CONTACT,
    )
    page = web.get(detail_url(submission)).content.decode()
    assert "CANARY" not in page
    # What the family typed of the place and their sources is for the moderator to act on: shown as sent.
    assert "PLACE-TYPED" in page and "SOURCES-TYPED" in page
    revealed = web.post(detail_url(submission), {"action": "reveal", "reason": "Need to call the family back"})
    body = revealed.content.decode()
    for value in ("GIVENAR", "FATHERAR", "FAMILYAR", "Givenlatin", "Familylatin", "CONTACT"):
        assert f"{value}-CANARY" in body
    [entry] = ModelLogEntry.objects.for_instance(submission).filter(action=admin_views.REVEALED)
    assert entry.user == revealer
    assert entry.data == {"reason": "Need to call the family back"}
    assert "CANARY" not in str(entry.data) + entry.label


def submitted_rows(web, submission):
    panel = BeautifulSoup(web.get(detail_url(submission)).content, "html.parser").find(
        "section", attrs={"aria-labelledby": "submitted-title"}
    )
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in panel.find_all("dt")}


def test_what_was_sent_reads_under_the_questions_asked_in_the_moderators_language(django_user_model, new_record):
    attack = AttackFactory(title_ar="هجوم الاختبار", title_en="The test attack")
    submission = new_record(
        content={
            "sex": "female",
            "date_of_death": "2017-04-04",
            "date_precision": "day",
            "attack": attack.key,
            "policy": {"name_policy": "initials", "photo_policy": "none"},
        }
    )
    rows = submitted_rows(moderator_client(make_moderator(django_user_model, "arabic", language="ar")), submission)
    assert rows["الجنس"] == "أنثى"
    assert rows["الهجوم الذي توفي فيه، إن كنت تعرفه"] == "هجوم الاختبار"
    assert rows["تاريخ الوفاة"] == "2017-04-04" and rows["دقة التاريخ"] == "اليوم"
    english = submitted_rows(moderator_client(make_moderator(django_user_model, "english", language="en")), submission)
    assert english["Sex"] == "Female"
    assert english["The attack in which they died, if you know it"] == "The test attack"
    assert english["Precision of the date"] == "Day"
    assert english["name"] == "Initials" and english["photo"] == "No photo"
    assert english["Age when they died (optional)"] == "Not given" and rows["العمر عند الوفاة (اختياري)"] == "لم يُذكر"
    raw_keys = {"sex", "attack", "date_precision", "policy", "name_policy", "place_level", "governorate"}
    assert not raw_keys & (set(rows) | set(english))


def test_a_takedowns_tribute_is_named_for_what_it_is(moderator_web, victim):
    submission = make_submission(Submission.Kind.TAKEDOWN, victim=victim, content={"reason": "R", "tribute": "TOK"})
    rows = submitted_rows(moderator_web, submission)
    assert rows["The tribute, by its public reference"] == "TOK"
    assert rows["Why should this record be taken down?"] == "R"


def test_revealing_needs_the_reveal_permission_and_a_reason(moderator_web, django_user_model, victim):
    submission = make_submission(victim=victim, contact=CONTACT)
    refused = moderator_web.post(detail_url(submission), {"action": "reveal", "reason": "curious"})
    assert refused.status_code == 302
    assert "CONTACT-CANARY" not in refused.content.decode()
    revealer = moderator_client(make_moderator(django_user_model, "r2", ("submissions", "reveal_submission")))
    no_reason = revealer.post(detail_url(submission), {"action": "reveal", "reason": ""})
    assert "CONTACT-CANARY" not in no_reason.content.decode()
    assert not ModelLogEntry.objects.for_instance(submission).filter(action=admin_views.REVEALED).exists()


def test_the_detail_shows_the_public_preview_and_the_checklist(moderator_web, victim):
    submission = make_submission(victim=victim, author_display="relationship", author_relationship="ابنته")
    page = BeautifulSoup(moderator_web.get(detail_url(submission)).content, "html.parser")
    preview = page.select_one("[aria-labelledby=public-title] .tribute")
    assert "ابنته" in preview.get_text()
    assert page.select(".moderation-checklist li")


def test_flags_find_phones_emails_and_streets_in_both_languages():
    kinds = [flag.kind for flag in flags_for("اتصلوا على ٠٩٤٤ ١٢٣ ٤٥٦ أو +963 944 123456")]
    assert kinds.count("phone") == 2
    assert [flag.kind for flag in flags_for("write to family@example.org")] == ["email"]
    assert "street" in {flag.kind for flag in flags_for("كان يسكن في شارع بغداد")}
    assert "street" in {flag.kind for flag in flags_for("He lived on Baghdad Street, second floor")}
    assert flags_for("كان يحب الزيتون وأولاده") == []


def test_a_withheld_name_elsewhere_is_flagged_without_being_shown(moderator_web, victim):
    hidden = named_victim("مُحمّد أحمد الخطيب", "Mohammad Ahmad al-Khatib", name_policy="withheld")
    submission = make_submission(victim=victim, content={"text": "كان صديق محمد الخطيب منذ الطفولة."})
    page = moderator_web.get(detail_url(submission)).content.decode()
    assert "Names a person whose name is withheld elsewhere in the archive" in page or "محجوبًا" in page
    assert "الخطيب" in page  # the family's own words are shown
    flags = page.split('id="flags-title"')[1].split("</section>")[0]
    assert "Khatib" not in flags and "الخطيب" not in flags and str(hidden.pk) not in flags


def test_the_records_own_name_is_not_flagged(victim):
    assert flags_for("سلمى الحسن كانت أمًّا", victim_id=victim.pk) == []


def test_possible_duplicates_of_a_new_record_and_a_merge_keeping_provenance(moderator_web, moderator, new_record):
    attack = AttackFactory(key="dup-attack")
    existing = named_victim(
        "ليلى حسن العلي", "Layla Hasan al-Ali", attack=attack, external_source="partner", external_id="row-17"
    )
    named_victim("سارة العلي", attack=attack)
    # The archive's name normalisation: a diacritic the family wrote does not hide a duplicate.
    submission = new_record("ليلى العليّ", content={"attack": attack.key, "policy": {"name_policy": "withheld"}})
    page = BeautifulSoup(moderator_web.get(detail_url(submission)).content, "html.parser")
    offered = [int(field["value"]) for field in page.select("input[name=record]")]
    assert offered == [existing.pk]
    moderator_web.post(detail_url(submission), {"action": "merge", "record": existing.pk, "note": "Same person"})
    submission.refresh_from_db()
    existing.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.victim == existing
    [entry] = ModelLogEntry.objects.for_instance(existing).filter(action=moderation.MERGED)
    assert entry.data["submission"] == submission.pk
    assert entry.data["import"] == "partner:row-17"
    assert entry.user == moderator
    # The family asked for the name to be withheld: at once, never looser (P11).
    assert existing.name_policy == "withheld"


def test_a_new_records_latin_names_find_a_duplicate_and_no_name_finds_none(new_record):
    attack = AttackFactory()
    existing = named_victim("", "Mohammad Ahmad al-Khatib", attack=attack)
    spelled = new_record(latin="Muhammad al Khateeb", content={"attack": attack.key})
    assert [found.victim for found in possible_duplicates(spelled)] == [existing]
    assert possible_duplicates(new_record(content={"attack": attack.key})) == []


def test_a_new_records_own_words_are_flagged_but_not_for_its_own_name(moderator_web, new_record):
    attack = AttackFactory()
    named_victim("مُحمّد أحمد الخطيب", "Mohammad Ahmad al-Khatib", attack=attack, name_policy="withheld")
    named_victim("سارة يوسف الحلبي", name_policy="withheld")
    about_itself = new_record(
        "محمد الخطيب", content={"attack": attack.key, "biography": "محمد الخطيب كان معلمًا، اتصلوا على 0944123456"}
    )
    flags = flags_for_new_record(about_itself)
    assert [flag.kind for flag in flags] == ["phone"]
    about_another = new_record("ليلى العمر", content={"biography": "كانت صديقة سارة الحلبي"})
    assert [flag.kind for flag in flags_for_new_record(about_another)] == ["name"]
    page = moderator_web.get(detail_url(about_another)).content.decode()
    flagged = page.split('id="flags-title"')[1].split("</section>")[0]
    assert "الحلبي" not in flagged


def flags_for_new_record(submission):
    return admin_views.submission_flags(submission, "", [])


def public_column(web, submission):
    page = BeautifulSoup(web.get(detail_url(submission)).content, "html.parser")
    return page.select_one("[aria-labelledby=public-title] .moderation-public-record").get_text(" ", strip=True)


def test_a_new_record_is_previewed_through_the_public_representation(moderator_web, new_record):
    # The family asked for the full name; the defaults (initials) are stricter, so the public would see initials.
    asked_full = new_record(
        "",
        "Givenlatin-CANARY Familylatin-CANARY",
        content={"sex": "female", "age": 34, "biography": "BIOGRAPHY-SHOWN", "policy": {"name_policy": "full"}},
    )
    shown = public_column(moderator_web, asked_full)
    assert "CANARY" not in shown
    assert "G. F." in shown
    assert "BIOGRAPHY-SHOWN" in shown and "Female" in shown

    withheld = new_record("", "Hidden-CANARY Name-CANARY", content={"policy": {"name_policy": "withheld"}})
    assert "Name withheld" in public_column(moderator_web, withheld)

    pseudonym = new_record(
        "", "Real-CANARY Name-CANARY", content={"pseudonym": "Abu Sami", "policy": {"name_policy": "pseudonym"}}
    )
    shown = public_column(moderator_web, pseudonym)
    assert "Abu Sami" in shown and "not the person's own" in shown
    assert "CANARY" not in shown


def edit_fields(**values):
    return {
        "action": "edit",
        "sex": "female",
        "age": "",
        "biography": "",
        "pseudonym": "",
        "name_policy": "initials",
        "photo_policy": "none",
        "place_policy": "governorate",
        "date_policy": "year",
        "age_policy": "group",
        "biography_policy": "show",
        "sources_policy": "hide",
        **values,
    }


def test_a_moderator_edits_a_new_record_before_approval_never_looser(moderator_web, moderator, new_record):
    submission = new_record(
        "",
        "Layla Hasan",
        content={"sex": "unknown", "biography": "Her phone is 0944 123 456", "policy": {"name_policy": "withheld"}},
    )
    page = BeautifulSoup(moderator_web.get(detail_url(submission)).content, "html.parser")
    # The family asked for the name withheld: no more open name is offered.
    assert [option["value"] for option in page.select("select[name=name_policy] option")] == ["withheld"]
    offered = {
        select["name"]: select.select_one("option[selected]")["value"]
        for select in page.select("select[name$=_policy]")
    }
    loosening = moderator_web.post(
        detail_url(submission),
        edit_fields(**{**offered, "name_policy": "full"}, sex="female", biography="She loved olives."),
    )
    assert loosening.status_code == 200
    assert Submission.objects.get(pk=submission.pk).edits == {}
    done = moderator_web.post(
        detail_url(submission), edit_fields(**offered, sex="female", biography="She loved olives.")
    )
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.content["biography"] == "Her phone is 0944 123 456"  # what was sent stays as sent
    shown = public_column(moderator_web, submission)
    assert "She loved olives." in shown and "0944" not in shown and "Female" in shown
    [entry] = ModelLogEntry.objects.for_instance(submission).filter(action=moderation.EDITED)
    assert entry.user == moderator
    assert entry.data == {"fields": ["biography", "sex"]}
    stricter_age = moderator_web.post(
        detail_url(submission),
        edit_fields(**{**offered, "age_policy": "withheld"}, sex="female", biography="She loved olives."),
    )
    assert stricter_age.status_code == 302
    latest = ModelLogEntry.objects.for_instance(submission).filter(action=moderation.EDITED).latest("pk")
    assert "policy" in latest.data["fields"]
    moderator_web.post(detail_url(submission), {"action": "approve", "note": ""})
    submission.refresh_from_db()
    record = submission.victim
    assert record.biography_en == "She loved olives." or record.biography_ar == "She loved olives."
    assert record.sex == "female"
    assert record.name_policy == "withheld"
    assert record.age_policy == "withheld"


def test_stored_edits_never_loosen_what_the_family_asked(new_record):
    submission = new_record("", "Layla Hasan", content={"policy": {"name_policy": "withheld", "photo_policy": "none"}})
    submission.edits = {"policy": {"name_policy": "full", "photo_policy": "none", "age_policy": "withheld"}}
    policy = records.edited_content(submission)["policy"]
    assert policy["name_policy"] == "withheld"
    assert policy["age_policy"] == "withheld"
    assert records.record_policy(records.edited_content(submission))["name_policy"] == "withheld"
