from django.conf import settings
from django.core.management.base import BaseCommand

from memorial.submissions.retention import purge_submissions, purgeable


class Command(BaseCommand):
    help = (
        "Remove the personal data and photos of rejected and withdrawn submissions older than "
        "MEMORIAL_SUBMISSION_RETENTION_DAYS, leaving a tombstone that identifies no one (P8). A family's "
        "withdrawal waits until a moderator has confirmed it. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period, in days.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be purged.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.MEMORIAL_SUBMISSION_RETENTION_DAYS if days is None else days
        if dry_run:
            self.stdout.write(f"{purgeable(days=days).count()} submissions would be purged (older than {days} days).")
            return
        count = purge_submissions(days=days)
        self.stdout.write(f"{count} submissions purged (older than {days} days).")
