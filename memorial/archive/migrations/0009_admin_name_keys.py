"""The admin's name keys: the public label's keys for every record, drafts included.

A published record's label names it as its public page does, so its admin keys are its public keys, copied
here. A draft's label can only be computed by the privacy layer, which a migration cannot use (see
0004_rebuild_name_keys); a draft gets its keys the next time it is saved or its identity or policy changes."""

import django.db.models.deletion
from django.db import migrations, models

BATCH_SIZE = 5000


def copy_public_keys(apps, schema_editor):
    VictimNameKey = apps.get_model("archive", "VictimNameKey")
    VictimAdminNameKey = apps.get_model("archive", "VictimAdminNameKey")
    keys = []
    for victim_id, key in VictimNameKey.objects.values_list("victim_id", "key").iterator(chunk_size=BATCH_SIZE):
        keys.append(VictimAdminNameKey(victim_id=victim_id, key=key))
        if len(keys) >= BATCH_SIZE:
            VictimAdminNameKey.objects.bulk_create(keys)
            keys = []
    VictimAdminNameKey.objects.bulk_create(keys)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_cache_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="VictimAdminNameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=100)),
                (
                    "victim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="admin_name_keys",
                        to="archive.victim",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("victim", "key"), name="unique_admin_name_key_per_victim")
                ],
            },
        ),
        migrations.RunPython(copy_public_keys, migrations.RunPython.noop),
    ]
