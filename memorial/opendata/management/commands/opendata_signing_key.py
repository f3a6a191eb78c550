"""`manage.py opendata_signing_key`: print a new Ed25519 private key for MEMORIAL_OPENDATA_SIGNING_KEY."""

from django.core.management.base import BaseCommand

from memorial.opendata.signing import new_private_key_text


class Command(BaseCommand):
    help = "Print a new open-data signing key (base64) to set as MEMORIAL_OPENDATA_SIGNING_KEY in production."

    def handle(self, *args, **options):
        self.stdout.write(new_private_key_text())
