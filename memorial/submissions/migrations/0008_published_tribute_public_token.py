"""A random public token for each published tribute, for the link that asks for its takedown instead of its
internal id; the tributes already published get theirs here, each its own."""

import secrets

from django.db import migrations, models

import memorial.submissions.models


def fill_tokens(apps, schema_editor):
    PublishedTribute = apps.get_model("submissions", "PublishedTribute")
    tributes = list(PublishedTribute.objects.filter(public_token__isnull=True).only("pk"))
    for tribute in tributes:
        tribute.public_token = secrets.token_urlsafe(16)
    PublishedTribute.objects.bulk_update(tributes, ["public_token"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0007_moderator_edits"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedtribute",
            name="public_token",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="publishedtribute",
            name="public_token",
            field=models.CharField(
                default=memorial.submissions.models.tribute_token, editable=False, max_length=32, unique=True
            ),
        ),
    ]
