"""Demo content for `make run`: safe to run again, refused outside development and test settings."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.services import ensure_home_page_translations
from memorial.accountability.demo import load_milestones
from memorial.archive.demo import load_attacks, load_sample_victims
from memorial.remembrance.demo import load_remembrance


class Command(BaseCommand):
    help = "Load the demo content (idempotent): home pages, the documented attacks and accountability milestones, sample victims, remembrance pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--victims", type=int, default=300, help="How many synthetic sample victims the archive should hold."
        )

    def handle(self, *args, victims=300, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("load_demo never runs against production settings.")
        if victims < 0:
            raise CommandError("--victims must be zero or more.")
        started = time.perf_counter()
        created = ensure_home_page_translations()
        self.stdout.write(f"Home page: {created} missing translation(s) created.")
        new_attacks, refreshed = load_attacks()
        self.stdout.write(f"Attacks: {new_attacks} created, {refreshed} refreshed from the data set.")
        milestones = load_milestones()
        self.stdout.write(f"Accountability milestones: {milestones} created, each from the source cited beside it.")
        made = load_sample_victims(victims)
        self.stdout.write(f"Sample victims: {made} created ({victims} wanted).")
        pages = load_remembrance()
        self.stdout.write(f"Remembrance pages: {pages} created (the last 30 November published, the next drafted).")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo content is in place ({time.perf_counter() - started:.1f} s)."))
