"""Draft next year's remembrance page (or an attack's anniversary page) in every language, from the latest
earlier year's; never publishes."""

from django.core.management.base import BaseCommand, CommandError

from memorial.archive.models import Attack
from memorial.remembrance.preparation import PreparationError, prepare_anniversary, prepare_remembrance_day


class Command(BaseCommand):
    help = (
        "Create draft pages for YEAR's 30 November (or, with --attack KEY, for that attack's anniversary) in every "
        "language, copied from the latest earlier year's page with the dates moved and without featured victims or "
        "testimonies whose records now show less. Nothing is published."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The year to prepare, e.g. 2027.")
        parser.add_argument("--attack", metavar="KEY", help="Prepare this attack's anniversary page instead.")

    def handle(self, *args, year, attack=None, **options):
        try:
            if attack:
                record = Attack.objects.filter(key=attack).first()
                if record is None:
                    raise CommandError(f"No attack has the key {attack!r}.")
                prepared = prepare_anniversary(record, year)
            else:
                prepared = prepare_remembrance_day(year)
        except PreparationError as error:
            raise CommandError(str(error)) from error
        source = f"copied from {prepared.copied_from}" if prepared.copied_from else "from the default blocks"
        for page in prepared.pages:
            code = page.locale.language_code
            self.stdout.write(
                f"Draft {page.pk} ({code}), {source}: {prepared.dropped_victims.get(code, 0)} featured victim(s) and "
                f"{prepared.dropped_testimonies.get(code, 0)} testimony(ies) left out, as their records now show less."
            )
        self.stdout.write(self.style.SUCCESS("Review the drafts in the admin, then publish or schedule them."))
