from django.db import transaction

from wagtail.models import Locale, Site


@transaction.atomic
def ensure_home_page_translations():
    """Give the default site's home page a translation in every content language; return how many were made."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    created = 0
    for locale in Locale.objects.exclude(pk=home.locale_id):
        if not home.has_translation(locale):
            translation = home.copy_for_translation(locale)
            translation.save_revision().publish()
            created += 1
    return created
