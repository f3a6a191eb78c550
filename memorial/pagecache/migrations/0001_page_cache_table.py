"""The table of the page cache (settings: CACHES["pages"]). Created whatever cache the settings name at migrate time,
so that `make run` and the tests need no createcachetable, and a site moved off Redis finds it."""

from django.core.management import call_command
from django.db import migrations

TABLE = "memorial_page_cache"


def create_cache_table(apps, schema_editor):
    # createcachetable leaves an existing table alone.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
