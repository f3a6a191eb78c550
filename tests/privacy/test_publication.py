"""Publication gives a record its public id and public name keys, whatever publishes it."""

import io

from django.core.management import call_command

import pytest

from memorial.archive.models import Victim, VictimAdminNameKey, VictimNameKey
from memorial.archive.names import name_keys
from memorial.privacy.publication import victims_published
from memorial.privacy.services import change_policy
from tests.admin_support import listed_pks
from tests.factories import VictimFactory, named_victim

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return VictimFactory(
        live=False,
        identity__given_name_ar="هند",
        identity__family_name_ar="الأحمد",
        identity__given_name_latin="Hind",
        identity__family_name_latin="al-Ahmad",
    )


def keys_of(victim):
    return set(VictimNameKey.objects.filter(victim=victim).values_list("key", flat=True))


def test_drafts_have_no_public_id_and_no_name_keys(draft):
    assert draft.public_id is None
    assert keys_of(draft) == set()


def test_publishing_a_revision_gives_a_public_id_and_name_keys(draft):
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.public_id and len(draft.public_id) == 10
    assert keys_of(draft) >= set(name_keys("هند الأحمد")) | set(name_keys("Hind Ahmad"))


def test_the_public_id_survives_republishing_and_old_revisions(draft):
    first_revision = draft.save_revision()
    first_revision.publish()
    draft.refresh_from_db()
    public_id = draft.public_id

    draft.biography_en = "Changed."
    draft.save_revision().publish()
    first_revision.publish()
    draft.refresh_from_db()
    assert draft.public_id == public_id


def test_public_ids_are_unique_and_never_derived_from_order():
    victims = [VictimFactory() for _ in range(20)]
    victims_published(victims)
    ids = list(Victim.objects.values_list("public_id", flat=True))
    assert len(set(ids)) == 20
    assert ids != sorted(ids)


def test_unpublishing_removes_the_name_keys(draft):
    draft.save_revision().publish()
    draft.refresh_from_db()
    draft.unpublish()
    assert keys_of(draft) == set()


def test_tightening_the_name_policy_replaces_the_keys(draft, admin_user):
    draft.save_revision().publish()
    draft.refresh_from_db()
    change_policy(victim=draft, proposed={"name_policy": "withheld"}, reason="Family asked", user=admin_user)
    assert keys_of(draft) == set()


def test_publishing_a_revision_never_changes_the_policy(draft):
    draft.save_revision().publish()
    draft.refresh_from_db()
    stale = Victim.objects.get(pk=draft.pk)
    stale.name_policy = "withheld"
    revision = stale.save_revision()
    Victim.objects.get(pk=draft.pk).save_revision().publish()
    revision.refresh_from_db()
    revision.publish()
    assert Victim.objects.get(pk=draft.pk).name_policy == "full"


def test_editing_the_identity_refreshes_the_keys(draft):
    draft.save_revision().publish()
    draft.refresh_from_db()
    identity = draft.identity
    identity.given_name_latin = "Salma"
    identity.save()
    keys = keys_of(draft)
    assert set(name_keys("Salma")) <= keys
    assert not set(name_keys("Hind")) & keys


def test_name_keys_hold_only_the_public_form_of_the_name(draft):
    Victim.objects.filter(pk=draft.pk).update(name_policy="first_name")
    draft.refresh_from_db()
    draft.save_revision().publish()
    keys = keys_of(draft)
    assert set(name_keys("Hind")) <= keys
    assert not set(name_keys("Ahmad")) & keys
    assert not set(name_keys("الأحمد")) & keys


def test_refresh_public_surfaces_gives_drafts_made_before_the_admin_keys_their_keys(admin_client):
    draft = named_victim("فاطمة إبراهيم", "Fatma Ibrahim", live=False, name_policy="full")
    published = named_victim("يوسف النجار", "Youssef al-Najjar", name_policy="full")
    victims_published([published])
    # As the records stood after migration archive 0009, which could copy only the published records' keys.
    VictimAdminNameKey.objects.filter(victim=draft).delete()
    assert listed_pks(admin_client, "فاطمه") == set()

    output = io.StringIO()
    call_command("refresh_public_surfaces", stdout=output)
    assert "Public surfaces rebuilt for 2 record(s)." in output.getvalue()
    assert listed_pks(admin_client, "فاطمه") == {draft.pk}
    assert listed_pks(admin_client, "Yusuf") == {published.pk}
    assert not VictimNameKey.objects.filter(victim=draft).exists()
