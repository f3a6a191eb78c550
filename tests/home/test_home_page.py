from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage


class HomePageTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(locale__language_code="ar")

    def test_renders_and_edits(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsEditable(self.home)
        self.assertPageIsPreviewable(self.home)

    def test_home_pages_sit_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_both_languages_are_translations_of_one_page(self):
        english = self.home.get_translation(HomePage.objects.get(locale__language_code="en").locale)
        self.assertEqual(english.translation_key, self.home.translation_key)
        self.assertTrue(english.live)


@pytest.mark.django_db
def test_home_pages_carry_real_words(home_pages):
    for page in home_pages.values():
        assert len(page.introduction) > 80
        assert "<h2>" in page.body
        assert "lorem" not in (page.introduction + page.body).lower()
