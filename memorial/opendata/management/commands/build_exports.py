"""`manage.py build_exports`: build the signed open-data files now (downloads build them too when stale)."""

from django.core.management.base import BaseCommand, CommandError

from memorial.opendata.exports import build_exports


class Command(BaseCommand):
    help = "Build the open-data files (CSV, JSON, SHA256SUMS and its Ed25519 signature) from the public records."

    def handle(self, *args, **options):
        build = build_exports()
        if build is None:
            raise CommandError("Another process is building the open-data files; they will be current when it ends.")
        manifest = build.manifest
        self.stdout.write(
            f"Built {manifest['records']['victims']} victims and {manifest['records']['attacks']} attacks "
            f"into {build.path}."
        )
