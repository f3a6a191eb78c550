"""Rebuild, for every record, what the public and the admin search read of it: the public index rows, the public
and admin name keys, the guard's coarsening and the history labels. A change never needs it (every write refreshes
what it touched); an upgrade whose migrations could not compute them from the public representation does (drafts
made before the admin's name keys existed), and it is safe to run at any time."""

from django.core.management.base import BaseCommand

from memorial.archive.models import Victim
from memorial.privacy.publication import protection_changed


class Command(BaseCommand):
    help = "Rebuild every record's public index rows, name keys, guard level and history labels."

    def handle(self, *args, **options):
        pks = list(Victim.objects.values_list("pk", flat=True))
        protection_changed(pks)
        self.stdout.write(f"Public surfaces rebuilt for {len(pks)} record(s).")
