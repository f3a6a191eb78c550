"""Delivery becomes a short list with a label in each language; the words typed so far are kept as the
sources' own (`delivery_description`), and the list's value is read from them where they say it plainly."""

from django.db import migrations, models


def delivery_of(words):
    # A frozen copy of demo.delivery_of, as migrations do not import code that may change. The order matters: "helicopter-dropped barrel bombs" was dropped from a helicopter, not an aerial bomb.
    words = words.casefold()
    for value, keys in (
        ("helicopter", ("helicopter", "barrel")),
        ("rockets", ("rocket",)),
        ("artillery", ("artillery",)),
        ("aerial_bomb", ("bomb",)),
    ):
        if any(key in words for key in keys):
            return value
    return ""


def fill_delivery(apps, schema_editor):
    Attack = apps.get_model("archive", "Attack")
    for attack in Attack.objects.exclude(delivery_description="").only("pk", "delivery_description"):
        Attack.objects.filter(pk=attack.pk).update(delivery=delivery_of(attack.delivery_description))


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_admin_name_keys")]

    operations = [
        migrations.RenameField("attack", "delivery", "delivery_description"),
        migrations.AlterField(
            model_name="attack",
            name="delivery_description",
            field=models.CharField(
                blank=True,
                help_text="The words of the sources, e.g. 'two cylinders dropped from a helicopter'.",
                max_length=200,
                verbose_name="delivery as reported",
            ),
        ),
        migrations.AddField(
            model_name="attack",
            name="delivery",
            field=models.CharField(
                blank=True,
                choices=[
                    ("rockets", "Surface-to-surface rockets"),
                    ("artillery", "Artillery"),
                    ("aerial_bomb", "Aerial bomb"),
                    ("helicopter", "Dropped from a helicopter"),
                ],
                help_text="Leave empty when unknown.",
                max_length=20,
                verbose_name="delivery",
            ),
        ),
        # Backwards the words are already where they were: the rename is undone.
        migrations.RunPython(fill_delivery, migrations.RunPython.noop),
    ]
