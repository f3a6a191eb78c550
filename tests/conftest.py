from wagtail.models import Locale, Site

import pytest

from home.models import HomePage


@pytest.fixture
def site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_ar(site):
    return site.root_page.specific


@pytest.fixture
def home_en(home_ar):
    return home_ar.get_translation(Locale.objects.get(language_code="en")).specific


@pytest.fixture
def home_pages(home_ar, home_en) -> dict[str, HomePage]:
    return {"ar": home_ar, "en": home_en}
