"""Listings read a page of victims from the public index alone: each row now holds the public name as shown, the
shown age and date precision, and the flags that let page cursors read the date orders from an index.

The names can only be computed by the privacy layer, which a migration cannot use (see 0004_rebuild_name_keys):
after upgrading, run `manage.py refresh_public_surfaces` once, which rewrites every row from the public
representation (until then a listing shows the rows it has not rewritten without a name, never with one). The
date flag is set here, from the dates the index already holds."""

from django.db import migrations, models


def flag_missing_dates(apps, schema_editor):
    VictimPublicIndex = apps.get_model("archive", "VictimPublicIndex")
    VictimPublicIndex.objects.filter(date=None).update(date_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_attack_delivery_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="victimpublicindex",
            name="age",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="victimpublicindex",
            name="date_missing",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="victimpublicindex",
            name="date_precision",
            field=models.CharField(blank=True, max_length=5),
        ),
        migrations.AddField(
            model_name="victimpublicindex",
            name="name_ar",
            field=models.CharField(blank=True, max_length=400),
        ),
        migrations.AddField(
            model_name="victimpublicindex",
            name="name_is_pseudonym",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="victimpublicindex",
            name="name_latin",
            field=models.CharField(blank=True, max_length=400),
        ),
        migrations.AddIndex(
            model_name="victimnamekey",
            index=models.Index(fields=["key", "victim"], name="name_key_victims"),
        ),
        migrations.AddIndex(
            model_name="victimpublicindex",
            index=models.Index(
                fields=["attack", "name_missing", "sort_name_ar", "public_id"], name="victim_index_attack_ar"
            ),
        ),
        migrations.AddIndex(
            model_name="victimpublicindex",
            index=models.Index(
                fields=["attack", "name_missing", "sort_name_latin", "public_id"], name="victim_index_attack_latin"
            ),
        ),
        migrations.AddIndex(
            model_name="victimpublicindex",
            index=models.Index(fields=["date_missing", "date", "public_id"], name="victim_index_by_date"),
        ),
        migrations.AddIndex(
            model_name="victimpublicindex",
            index=models.Index(fields=["date_missing", "-date", "-public_id"], name="victim_index_by_date_desc"),
        ),
        migrations.RunPython(flag_missing_dates, migrations.RunPython.noop),
    ]
