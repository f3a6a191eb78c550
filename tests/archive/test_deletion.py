"""Deleting a victim: the admin refuses it for published and withdrawn records, and whatever deletes a record
runs the path a withdrawal runs (the guard for the others of its group, its photos, the counts)."""

from django.core.cache import cache

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.privacy.publication import victims_published
from memorial.privacy.services import withdraw_victim
from tests.archive.test_statistics import figures
from tests.factories import TownFactory, VictimFactory
from tests.privacy import test_withdrawal
from tests.privacy.test_withdrawal import set_admin_language, stored_files

pytestmark = pytest.mark.django_db

REFUSED = "Nothing was deleted"
photographed = test_withdrawal.photographed


@pytest.fixture
def admin_client(admin_client, admin_user):
    set_admin_language(admin_user, "en")
    return admin_client


@pytest.fixture
def five_alike():
    """Five withheld records no visitor can tell apart: each shows its exact age, date, town and attack (k = 5)."""
    town = TownFactory()
    victims = [
        VictimFactory(name_policy="withheld", is_sample=False, place=town, attack__places=[town]) for _ in range(5)
    ]
    attack = victims[0].attack
    Victim.objects.update(attack=attack, date_of_death=attack.date)
    victims_published(victims)
    return list(Victim.objects.order_by("pk"))


def page_of(client, victim):
    return client.get(f"/en/victims/{victim.public_id}/").content.decode()


def victims_counted(client):
    _, facts = figures(BeautifulSoup(client.get("/en/statistics/").content, "html.parser"))
    return facts["Victims"]


def test_the_admin_refuses_to_delete_a_published_record_and_the_group_stays_as_it_was(admin_client, client, five_alike):
    doomed, *others = five_alike
    assert "34 years" in page_of(client, others[0])

    response = admin_client.post(f"/admin/snippets/archive/victim/delete/{doomed.pk}/", follow=True)

    assert REFUSED in response.content.decode()
    assert Victim.objects.filter(pk=doomed.pk, live=True).exists()
    assert "34 years" in page_of(client, others[0])


def test_bulk_deletion_refuses_too_if_one_record_is_published(admin_client, five_alike):
    draft = VictimFactory(live=False)
    ids = f"id={draft.pk}&id={five_alike[0].pk}"

    response = admin_client.post(f"/admin/bulk/archive/victim/delete/?{ids}", follow=True)

    assert REFUSED in response.content.decode()
    assert Victim.objects.count() == 6


def test_the_admin_refuses_to_delete_a_withdrawn_record(admin_client, admin_user):
    withdrawn = withdraw_victim(
        victim=VictimFactory(external_source="rt", external_id="1"), reason="x", user=admin_user
    )

    response = admin_client.post(f"/admin/snippets/archive/victim/delete/{withdrawn.pk}/", follow=True)

    assert REFUSED in response.content.decode()
    assert Victim.objects.filter(pk=withdrawn.pk).exists()


def test_a_record_taken_down_can_be_deleted_with_its_photos(
    admin_client, photographed, media, django_capture_on_commit_callbacks
):
    photographed.unpublish()
    assert stored_files(media)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/snippets/archive/victim/delete/{photographed.pk}/")

    assert response.status_code == 302
    assert not Victim.objects.filter(pk=photographed.pk).exists()
    assert not get_image_model().objects.exists()
    assert stored_files(media) == []


def test_deleting_a_published_record_by_any_path_guards_its_group_and_updates_the_counts(
    client, five_alike, media, photographed, django_capture_on_commit_callbacks
):
    # The rows Wagtail's bulk delete and a shell both reach: a queryset delete, no admin hook.
    cache.clear()
    doomed, *others = five_alike
    victims_published([VictimFactory(is_sample=False)])  # a sixth counted record, so that the total is shown
    assert client.get(f"/en/victims/{photographed.public_id}/").status_code == 200  # makes its public photo file
    assert victims_counted(client) == 6  # the photographed one is a sample, not counted

    with django_capture_on_commit_callbacks(execute=True):
        Victim.objects.filter(pk__in=[doomed.pk, photographed.pk]).delete()

    # Four left alike: the guard coarsens them at once, not at the next unrelated publish.
    assert "34 years" not in page_of(client, others[0])
    assert {victim.guard_level for victim in Victim.objects.all()} != {0}
    assert victims_counted(client) == 5
    assert stored_files(media) == []
    assert not get_image_model().objects.exists()
