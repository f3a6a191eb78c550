"""The Wagtail admin works in Arabic for a user who chooses it."""

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_admin_follows_the_users_language(admin_client, admin_user, language, direction):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    response = admin_client.get("/admin/")
    html = BeautifulSoup(response.content, "html.parser").html
    assert html["lang"] == language
    assert html["dir"] == direction


def test_arabic_is_offered_in_the_admin_account_settings(admin_client):
    response = admin_client.get("/admin/account/")
    assert response.status_code == 200
    select = BeautifulSoup(response.content, "html.parser").select_one('select[name="locale-preferred_language"]')
    assert {option["value"] for option in select.select("option")} >= {"ar", "en"}
