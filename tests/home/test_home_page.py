from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage
from tests.admin_support import login_with_second_factor


class HomePageTests(WagtailPageTestCase):
    def setUp(self):
        # Wagtail's login() goes through authenticate() without a request, which the login throttle refuses.
        user = get_user_model().objects.create_superuser("editor", password="unused-password-1")
        login_with_second_factor(self.client, user)
        self.home = HomePage.objects.get(locale__language_code="ar")

    def test_renders_and_edits(self):
        self.assertPageIsRenderable(self.home)
        # Wagtail's assertPageIsEditable logs in a fresh superuser without a second factor, which the admin
        # refuses; the verified editor from setUp opens the editor instead.
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.home.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.home.introduction[:20])

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
