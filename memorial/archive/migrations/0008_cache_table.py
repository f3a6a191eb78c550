"""The table of the database cache (settings: CACHES). Created whatever cache the settings name at migrate time,
so that a site moved off Redis finds it."""

from django.core.management import call_command
from django.db import migrations

TABLE = "memorial_cache"


def create_cache_table(apps, schema_editor):
    # createcachetable leaves an existing table alone: one made by hand before this migration stays.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_normalise_import_keys"),
    ]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
