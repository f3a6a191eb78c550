import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from wagtail.models import Locale

import pytest

from home.models import HomePage

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


def test_dev_admin_refuses_without_debug():
    with pytest.raises(CommandError, match="development settings"):
        call_command("dev_admin")
