"""The public contact / about page: who keeps the archive, how families reach its team, how takedowns work and
what happens to what they send, with the team's addresses from a site setting."""

from wagtail.models import Site

import pytest

from memorial.submissions.models import ArchiveContact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", [b"How takedowns work", b"the archive's team", b"14 days", b"does not hide the record by itself"]),
        ("ar", ["كيف يُطلب حذف سجل".encode(), "فريق الأرشيف".encode()]),
    ],
)
def test_the_about_page_explains_in_both_languages_and_is_linked_from_every_footer(client, language, words):
    home = client.get(f"/{language}/")
    assert f"/{language}/about/".encode() in home.content
    page = client.get(f"/{language}/about/")
    assert page.status_code == 200
    for expected in words:
        assert expected in page.content
    assert f"/{language}/submit/record/".encode() in page.content
    assert f"/{language}/status/".encode() in page.content


def test_without_a_contact_setting_the_page_points_to_the_forms(client):
    page = client.get("/en/about/")
    assert b"mailto:" not in page.content
    assert b"The forms of this site are the way to reach the team" in page.content


def test_the_contact_addresses_come_from_the_site_setting(client):
    ArchiveContact.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"email": "team@example.org", "other_ways": "A number <answered> on weekdays."},
    )
    page = client.get("/en/about/")
    assert b'href="mailto:team@example.org"' in page.content
    assert b"A number &lt;answered&gt; on weekdays." in page.content
    assert b"The forms of this site are the way" not in page.content


def test_the_contact_setting_is_editable_in_the_admin(admin_client):
    site = Site.objects.get(is_default_site=True)
    page = admin_client.get(f"/admin/settings/submissions/archivecontact/{site.pk}/")
    assert page.status_code == 200
    assert b'name="other_ways"' in page.content
    assert "طرق أخرى للتواصل مع الفريق".encode() in page.content
