"""Demo content for `make run`: safe to run again, refused outside development and test settings."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.services import ensure_home_page_translations


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Refuses to run against production settings."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("load_demo never runs against production settings.")
        created = ensure_home_page_translations()
        self.stdout.write(f"Home page: {created} missing translation(s) created.")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
