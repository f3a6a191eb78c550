"""Sealed identities are encrypted at rest; keys rotate; a missing key never breaks a public page (P4)."""

import datetime
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

import pytest
from cryptography.fernet import Fernet

from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from memorial.privacy.sealing import UNREADABLE, SealingUnavailable, is_unreadable
from memorial.submissions.models import Submission, SubmittedIdentity
from tests.factories import VictimFactory
from tests.submissions.moderation_support import make_new_record

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored(identity, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM privacy_victimidentity WHERE id = %s", [identity.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def identity(settings):
    settings.MEMORIAL_SEALING_KEYS = OLD
    victim = VictimFactory(identity__given_name_latin="Nour", identity__home_village="Kafr Sample")
    victims_published([victim])
    return VictimIdentity.objects.get(victim=victim)


def test_values_are_encrypted_in_the_database(identity):
    for column in ("given_name_latin", "home_village", "birth_date", "family_name_ar"):
        raw = stored(identity, column)
        assert raw.startswith("sealed:")
        assert "Nour" not in raw and "Kafr" not in raw and "1983" not in raw
    fresh = VictimIdentity.objects.get(pk=identity.pk)
    assert (fresh.given_name_latin, fresh.home_village, fresh.birth_date) == (
        "Nour",
        "Kafr Sample",
        datetime.date(1983, 5, 2),
    )


def test_empty_values_need_no_key(identity):
    VictimIdentity.objects.filter(pk=identity.pk).update(family_details="")
    assert stored(identity, "family_details") == ""


def test_rotation_keeps_old_values_readable_then_reencrypts(identity, settings, capsys):
    before = stored(identity, "given_name_latin")
    settings.MEMORIAL_SEALING_KEYS = f"{NEW},{OLD}"
    assert VictimIdentity.objects.get(pk=identity.pk).given_name_latin == "Nour"
    call_command("rotate_keys")
    assert "Re-encrypted" in capsys.readouterr().out
    after = stored(identity, "given_name_latin")
    assert after != before
    settings.MEMORIAL_SEALING_KEYS = NEW
    assert VictimIdentity.objects.get(pk=identity.pk).given_name_latin == "Nour"


def test_rotation_refuses_without_keys(identity, settings):
    settings.MEMORIAL_SEALING_KEYS = ""
    with pytest.raises(CommandError, match="not set"):
        call_command("rotate_keys")


@pytest.mark.parametrize("keys", ["", "not-a-fernet-key", Fernet.generate_key().decode()])
def test_a_missing_or_wrong_key_leaves_public_pages_working(client, identity, settings, keys):
    public_id = identity.victim.public_id
    settings.MEMORIAL_SEALING_KEYS = keys
    fresh = VictimIdentity.objects.get(pk=identity.pk)
    assert is_unreadable(fresh.given_name_latin) and fresh.given_name_latin == UNREADABLE
    assert client.get(f"/en/victims/{public_id}/").status_code == 200
    assert client.get("/en/victims/").status_code == 200


def test_an_unreadable_value_is_never_written_back(identity, settings):
    settings.MEMORIAL_SEALING_KEYS = Fernet.generate_key().decode()
    fresh = VictimIdentity.objects.get(pk=identity.pk)
    with pytest.raises(SealingUnavailable, match="could not be read"), transaction.atomic():
        fresh.save()
    settings.MEMORIAL_SEALING_KEYS = OLD
    assert VictimIdentity.objects.get(pk=identity.pk).given_name_latin == "Nour"


def stored_edits(submission):
    with connection.cursor() as cursor:
        cursor.execute("SELECT edits FROM submissions_submission WHERE id = %s", [submission.pk])
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def test_rotation_reseals_the_names_inside_a_moderators_edits(settings, capsys):
    settings.MEMORIAL_SEALING_KEYS = OLD
    submission = make_new_record("ليلى حسن", "Layla Hasan")
    names = {"given_name_ar": "سلمى", "family_name_ar": "العمر", "given_name_latin": "Salma"}
    Submission.objects.filter(pk=submission.pk).update(edits={"sex": "female", "names": names})
    before = stored_edits(submission)
    assert before["sex"] == "female" and before["names"].startswith("sealed:")
    assert "Salma" not in json.dumps(before, ensure_ascii=False)

    settings.MEMORIAL_SEALING_KEYS = f"{NEW},{OLD}"
    call_command("rotate_keys")
    assert "Re-encrypted" in capsys.readouterr().out
    after = stored_edits(submission)
    assert after["sex"] == "female" and after["names"].startswith("sealed:") and after["names"] != before["names"]

    settings.MEMORIAL_SEALING_KEYS = NEW
    assert Submission.objects.get(pk=submission.pk).edits == {"sex": "female", "names": names}


def test_rotation_refuses_edits_no_key_can_read(settings):
    settings.MEMORIAL_SEALING_KEYS = OLD
    submission = make_new_record("", "Layla Hasan")
    Submission.objects.filter(pk=submission.pk).update(edits={"names": {"given_name_latin": "Salma"}})
    # The submission's other sealed values are readable with the new key; only its edits are not.
    SubmittedIdentity.objects.filter(submission=submission).delete()
    settings.MEMORIAL_SEALING_KEYS = NEW
    with pytest.raises(CommandError, match="edits cannot be read"):
        call_command("rotate_keys")
