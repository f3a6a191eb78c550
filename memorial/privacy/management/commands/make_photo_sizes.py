"""Make the responsive sizes of public photos published before sizes existed: every record's public version and
every published tribute's photo without sizes gets them, made from that public file (never from the original).
Safe to run at any time; a photo that has its sizes is left alone."""

from django.core.management.base import BaseCommand
from django.db import transaction

from memorial.pagecache import store as pagecache
from memorial.privacy.photos import photos_without_sizes


class Command(BaseCommand):
    help = "Make the WebP and JPEG sizes of every public photo version and tribute photo that has none."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the photos without sizes; make nothing.")

    def handle(self, *args, dry_run=False, **options):
        missing = photos_without_sizes()
        if dry_run:
            self.stdout.write(f"{len(missing)} public photo(s) without sizes.")
            return
        for public_file, make in missing:
            # One photo at a time: a photo deleted meanwhile, or a file that fails, leaves the others made.
            with transaction.atomic():
                make(public_file)
        if missing:
            # The pages that show these photos gain their sizes' markup (srcset, WebP): none is served without it.
            pagecache.purge_all()
        self.stdout.write(f"Made the sizes of {len(missing)} public photo(s).")
