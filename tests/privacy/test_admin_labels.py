"""Wagtail keeps a record's label as text in every revision and audit-log entry. Once a name is withheld, those
copies must say only what the public may now see: no admin screen, export or database row keeps the old name."""

from django.db import connection
from django.utils import translation

from wagtail.models import ModelLogEntry

import pytest

from memorial.archive.models import Victim
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import refresh_public_surfaces, relabel_admin_history, victims_published
from memorial.privacy.services import change_policy
from tests.admin_support import CANARIES, assert_admin_sealed, login_with_second_factor, make_user
from tests.factories import AttackFactory, VictimFactory

pytestmark = pytest.mark.django_db

NAME_CANARIES = [value for key, value in CANARIES.items() if "name" in key]


@pytest.fixture
def withdrawn_name(django_user_model):
    """A record first published under its full name, edited and logged, then tightened to withheld."""
    record = VictimFactory(name_policy="full", identity=None, attack=AttackFactory(key="label-attack"))
    VictimIdentity.objects.create(victim=record, **CANARIES)
    victims_published([record])
    record.refresh_from_db()
    record.biography_en = "Edited biography."
    record.save_revision(user=None, log_action=True).publish()
    record.biography_en = "Draft biography."
    record.save_revision(log_action=True)
    assert CANARIES["given_name_latin"] in record.revisions.latest("id").object_str
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    change_policy(victim=record, proposed={"name_policy": "withheld"}, reason="Threats", user=moderator)
    record.refresh_from_db()
    return record


def test_no_stored_label_keeps_a_withheld_name(withdrawn_name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_str FROM wagtailcore_revision")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT label FROM wagtailcore_modellogentry")
        stored += [row[0] for row in cursor.fetchall()]
    assert stored
    for value in NAME_CANARIES:
        assert not [text for text in stored if value in text], value


def test_the_admin_shows_only_the_current_public_label(client, django_user_model, withdrawn_name):
    editor = make_user(
        django_user_model, "editor", "add_victim", "change_victim", "publish_victim", "view_victim", "view_attack"
    )
    login_with_second_factor(client, editor)
    assert_admin_sealed(client, withdrawn_name)
    listing = client.get("/admin/snippets/archive/victim/").content.decode()
    assert withdrawn_name.public_id in listing


def test_site_history_and_its_exports_hold_no_withheld_name(admin_client, withdrawn_name):
    statuses = assert_admin_sealed(admin_client, withdrawn_name)
    # A published record is not deleted: its delete screen sends the moderator back to the listing.
    refused = f"/admin/snippets/archive/victim/delete/{withdrawn_name.pk}/"
    assert {path: status for path, status in statuses.items() if status != 200} == {refused: 302}


def test_labels_are_kept_in_the_site_language_so_a_refresh_rewrites_nothing(withdrawn_name, django_assert_num_queries):
    with translation.override("en"):
        refresh_public_surfaces([withdrawn_name])
    stored = set(withdrawn_name.revisions.values_list("object_str", flat=True))
    assert stored == {str(Victim.objects.get(pk=withdrawn_name.pk))}  # the site language: Arabic
    with translation.override("ar"):
        label = str(Victim.objects.get(pk=withdrawn_name.pk))
    # Two reads (revisions, audit log) and no write: nothing is stale.
    with translation.override("en"), django_assert_num_queries(2):
        relabel_admin_history({withdrawn_name.pk: label})


def test_a_draft_tightened_before_publication_keeps_no_name_in_its_history(django_user_model):
    draft = VictimFactory(name_policy="full", identity=None, live=False)
    VictimIdentity.objects.create(victim=draft, **CANARIES)
    draft.save_revision(log_action=True)
    assert CANARIES["family_name_latin"] in draft.revisions.latest("id").object_str
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    change_policy(victim=draft, proposed={"name_policy": "withheld"}, reason="Threats", user=moderator)
    stored = [*draft.revisions.values_list("object_str", flat=True)]
    stored += ModelLogEntry.objects.filter(object_id=str(draft.pk)).values_list("label", flat=True)
    assert stored and not [text for text in stored for value in NAME_CANARIES if value in text]
