from django.core.management.base import BaseCommand

from memorial.pagecache import store


class Command(BaseCommand):
    help = (
        "Purge the whole page cache on every server (and, when WAGTAILFRONTENDCACHE is set, the front cache's copies "
        "of the site's main addresses). Nothing else needs it: every change purges what it alters."
    )

    def handle(self, *args, **options):
        store.purge_all()
        self.stdout.write("The page cache is purged.")
