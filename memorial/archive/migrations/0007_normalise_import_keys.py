"""Store every imported record's source and id as `identifier_key` gives them, the form imports now match on,
so that a re-import of `RT` finds the record imported as `rt`.

Records that would end up with the same (source, id) are two records for what the partner calls one person:
merging them is a moderator's decision, not a migration's. They are left as they are and listed (by primary
key and public id, never by name) for a moderator to resolve; an import still refuses a row that matches a
withdrawn one of them."""

import sys
from collections import defaultdict

from django.db import migrations

from memorial.archive.text import identifier_key

MAX_LENGTH = 100


def report(problem):
    sys.stdout.write(f"\n  {problem}; left unchanged for a moderator to resolve.")


def normalise_import_keys(apps, schema_editor):
    Victim = apps.get_model("archive", "Victim")
    records = Victim.objects.exclude(external_id="").order_by("pk")
    records = records.values_list("pk", "public_id", "external_source", "external_id")
    by_key = defaultdict(list)
    for pk, public_id, source, external_id in records.iterator():
        by_key[identifier_key(source), identifier_key(external_id)].append((pk, public_id, source, external_id))
    for (source, external_id), group in by_key.items():
        listed = ", ".join(f"{pk} (public id {public_id or 'none'})" for pk, public_id, *_ in group)
        if len(group) > 1:
            report(f"Victims {listed} share source {source!r} and id {external_id!r} once case and spaces are ignored")
            continue
        if max(len(source), len(external_id)) > MAX_LENGTH:
            report(f"Victim {listed} would have a source or id longer than {MAX_LENGTH} characters")
            continue
        ((pk, _public_id, stored_source, stored_id),) = group
        if (stored_source, stored_id) != (source, external_id):
            Victim.objects.filter(pk=pk).update(external_source=source, external_id=external_id)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_source_title_optional_and_labels"),
    ]

    operations = [migrations.RunPython(normalise_import_keys, migrations.RunPython.noop, elidable=False)]
