"""Remove photo files that no row refers to: originals, renditions, public versions, published tributes' photos
and photos families sent, left on disk (or in a bucket) by a deletion that failed. Stored names are random, so listing them reveals nothing."""

from collections import Counter

from django.core.management.base import BaseCommand

from memorial.privacy.photos import delete_file, orphan_files


class Command(BaseCommand):
    help = (
        "Delete photo files (originals, renditions, public versions, tribute photos, submitted photos) that no "
        "database row refers to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        found, deleted = Counter(), Counter()
        for label, storage, name in orphan_files():
            self.stdout.write(f"{label}: {name}")
            found[label] += 1
            if not dry_run and delete_file(storage, name):
                deleted[label] += 1
        for label, count in sorted(found.items()):
            done = f"would delete {count}" if dry_run else f"deleted {deleted[label]} of {count}"
            self.stdout.write(f"{label}: {done} file(s) no row refers to.")
        if not found:
            self.stdout.write("No photo file without a row.")
