import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from tests.admin_support import login_with_second_factor

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent(capsys):
    call_command("load_demo", victims=5)
    call_command("load_demo", victims=5)
    assert HomePage.objects.count() == 2
    assert "Demo content is in place" in capsys.readouterr().out


def test_load_demo_restores_a_missing_translation(home_en):
    home_en.delete()
    call_command("load_demo", victims=5)
    english = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    assert english.live


@override_settings(SETTINGS_MODULE="memorial.settings.production")
def test_load_demo_refuses_production_settings():
    with pytest.raises(CommandError, match="never runs against production"):
        call_command("load_demo", victims=5)


def printed_password(output):
    return re.search(r"with password (\S+)", output).group(1)


@override_settings(DEBUG=True)
def test_dev_admin_prints_a_random_password_that_works(capsys):
    call_command("dev_admin")
    password = printed_password(capsys.readouterr().out)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password(password)

    call_command("dev_admin", reset=True)
    new_password = printed_password(capsys.readouterr().out)
    user.refresh_from_db()
    assert new_password != password
    assert user.check_password(new_password)


def filled_in(form):
    """What a browser sends for `form` untouched: its fields' current values."""
    data = {}
    for field in form.select("input[name], select[name]"):
        if field.name == "select":
            data[field["name"]] = (field.select_one("option[selected]") or field.option)["value"]
        elif field.get("type") not in ("file", "checkbox", "radio") or field.has_attr("checked"):
            data[field["name"]] = field.get("value", "")
    return data


@override_settings(DEBUG=True)
def test_the_dev_admin_can_save_its_account_settings(client):
    call_command("dev_admin")
    user = get_user_model().objects.get(username="admin")
    login_with_second_factor(client, user)
    form = BeautifulSoup(client.get("/admin/account/").content, "html.parser").select_one("form[method=post]")
    # Switching the admin to Arabic saves only when the name and e-mail fields on the same form are valid.
    response = client.post("/admin/account/", {**filled_in(form), "locale-preferred_language": "ar"})
    assert response.status_code == 302
    assert UserProfile.get_for_user(user).preferred_language == "ar"


@override_settings(DEBUG=True)
def test_resetting_an_older_dev_admin_fills_in_its_details(capsys):
    user = get_user_model().objects.create_superuser("admin", email="", password="an-old-password-1")
    call_command("dev_admin", reset=True)
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == ("Development", "Admin", "admin@example.invalid")
    assert user.check_password(printed_password(capsys.readouterr().out))


def test_dev_admin_refuses_without_debug():
    with pytest.raises(CommandError, match="development settings"):
        call_command("dev_admin")
