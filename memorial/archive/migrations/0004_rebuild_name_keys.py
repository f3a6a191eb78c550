"""Rebuild the name keys with the current `name_keys`: Latin names listed in `LATIN_NAMES` are now keyed by
their entry (=muhammad) instead of a consonant skeleton, so keys stored before would miss the queries.

The keys are rebuilt from the public index rather than through the privacy layer, which a migration cannot
use: `refresh_public_surfaces` writes both from one public representation, `sort_name_ar` holding its Arabic
name after `normalise_arabic` and `sort_name_latin` its Latin name lowercased (each falling back on the
other script), and `name_keys` gives those forms the keys of the names themselves."""

from django.db import migrations

from memorial.archive.names import name_keys

BATCH_SIZE = 5000


def rebuild_name_keys(apps, schema_editor):
    VictimNameKey = apps.get_model("archive", "VictimNameKey")
    VictimPublicIndex = apps.get_model("archive", "VictimPublicIndex")
    VictimNameKey.objects.all().delete()
    keys = []
    rows = VictimPublicIndex.objects.values_list("victim_id", "sort_name_ar", "sort_name_latin")
    for victim_id, name_ar, name_latin in rows.iterator(chunk_size=BATCH_SIZE):
        words = dict.fromkeys(name_keys(name_ar or "") + name_keys(name_latin or ""))
        keys.extend(VictimNameKey(victim_id=victim_id, key=key) for key in words)
        if len(keys) >= BATCH_SIZE:
            VictimNameKey.objects.bulk_create(keys)
            keys = []
    VictimNameKey.objects.bulk_create(keys)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_sort_by_name_from_the_index"),
    ]

    operations = [
        migrations.RunPython(rebuild_name_keys, migrations.RunPython.noop),
    ]
