"""A development admin account for `make run`, with a random password printed once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
# Wagtail's account settings will not save without a name and an e-mail address (say, to switch to Arabic).
DETAILS = {"first_name": "Development", "last_name": "Admin", "email": "admin@example.invalid"}


class Command(BaseCommand):
    help = "Create the development admin account (or reset its password with --reset) and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give the account a new random password.")

    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError("dev_admin only runs with development settings (DEBUG on).")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user and not reset:
            self.stdout.write(
                f"Admin: log in at /admin/ as '{USERNAME}' with the password printed when it was made "
                "(`make admin` prints a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            User.objects.create_superuser(USERNAME, password=password, **DETAILS)
        else:
            user.set_password(password)
            # An account made before it had details gets them now.
            for field, value in DETAILS.items():
                if not getattr(user, field):
                    setattr(user, field, value)
            user.save(update_fields=["password", *DETAILS])
        self.stdout.write(self.style.SUCCESS(f"Admin: log in at /admin/ as '{USERNAME}' with password {password}"))
        self.stdout.write("The first login asks you to set up an authenticator app (TOTP): every admin account must.")
