"""The admin import as a moderator sees it, in Arabic and in English, on a phone and a desktop: the form, the
dry run's report, the progress of a running import and the result."""

import csv
import io

from django.conf import settings
from django.test import Client

from wagtail.users.models import UserProfile

import pytest

from memorial.opendata.models import ImportJob
from tests.admin_support import login_with_second_factor, make_user
from tests.e2e.conftest import VIEWPORTS
from tests.factories import AttackFactory, DistrictFactory, GovernorateFactory, TownFactory
from tests.opendata.test_import_victims import row

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def sample_attack():
    """The places and the attack the sample rows name."""
    governorate = GovernorateFactory(name_en="Sample Governorate", name_ar="محافظة التجربة")
    district = DistrictFactory(name_en="Sample District", name_ar="منطقة التجربة", parent=governorate)
    town = TownFactory(name_en="Sample Town", name_ar="إبلين", parent=district)
    return AttackFactory(key="sample-2017", places=[town])


def signed_in(context, django_user_model, site_url, language):
    user = make_user(django_user_model, f"importer-{language}", "import_victims")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = login_with_second_factor(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site_url}])


def list_file(tmp_path):
    text = io.StringIO()
    rows = [row(1), row(2, date_of_death="2017-02-30"), row(3), row(4, age="=1+1")]
    writer = csv.DictWriter(text, list(rows[0]), restval="")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "partner-list.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_upload_report_progress_and_result(
    browser, site_url, django_user_model, media, sample_attack, tmp_path, screenshot, language, viewport
):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    signed_in(context, django_user_model, site_url, language)
    page = context.new_page()
    name = f"import-{language}-{viewport}"

    page.goto(f"{site_url}/admin/import-victims/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shots = [screenshot(page, f"{name}-form")]
    page.set_input_files('input[name="file"]', str(list_file(tmp_path)))
    page.check('input[name="skip_invalid"]')
    page.click('#import-form button[type="submit"]')
    page.wait_for_selector("#import-errors")
    errors = page.locator("#import-errors li").all_inner_texts()
    assert errors[0].startswith("السطر 3" if language == "ar" else "line 3")
    assert len(errors) == 2
    shots.append(screenshot(page, f"{name}-report"))

    page.click('form[action$="/confirm/"] button')
    page.wait_for_selector("#import-counts")
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.invalid) == (ImportJob.Status.DONE, 2, 2)
    shots.append(screenshot(page, f"{name}-result"))

    running = ImportJob.objects.create(
        language=language,
        name="partner-list-2.csv",
        file_format="csv",
        encoding="utf-8",
        status=ImportJob.Status.IMPORTING,
        phase=ImportJob.Phase.WRITE,
        done=42_000,
        total=100_000,
    )
    page.goto(f"{site_url}/admin/import-victims/{running.pk}/")
    assert page.locator("#import-progress").get_attribute("value") == "42000"
    shots.append(screenshot(page, f"{name}-progress"))
    context.close()
    assert all(shot.stat().st_size > 1000 for shot in shots)
