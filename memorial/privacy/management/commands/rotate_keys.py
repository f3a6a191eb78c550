"""Re-encrypt every sealed value with the newest key in MEMORIAL_SEALING_KEYS: the sealed fields' values, and the
sealed values inside JSON fields (`sealing.JSONWithSealedKeys`, such as a moderator's edited names)."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F
from django.db.models.functions import Cast

from memorial.privacy.sealing import (
    SealingUnavailable,
    reseal,
    resealed_json,
    sealed_fields,
    sealed_json_fields,
    sealer,
)


class Command(BaseCommand):
    help = "Re-encrypt sealed values with the first key of MEMORIAL_SEALING_KEYS (run after adding a key)."

    def handle(self, *args, **options):
        try:
            sealer()
        except SealingUnavailable as error:
            raise CommandError(str(error)) from error
        total = 0
        for model in apps.get_models():
            fields = sealed_fields(model)
            if fields:
                total += self.rotate(model, fields)
            for field in sealed_json_fields(model):
                total += self.rotate_json(model, field)
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} value(s) with the newest key."))

    @transaction.atomic
    def rotate(self, model, fields):
        # Read the stored text as it is (a plain cast skips decryption) and write it back the same way.
        raw = {field.name: Cast(field.name, models.TextField()) for field in fields}
        rows = model.objects.annotate(**{f"raw_{name}": expression for name, expression in raw.items()})
        count = 0
        for row in rows.values("pk", *(f"raw_{name}" for name in raw)).iterator(chunk_size=1000):
            updates = {}
            for name in raw:
                stored = row[f"raw_{name}"]
                if stored:
                    try:
                        updates[name] = models.Value(reseal(stored), output_field=models.TextField())
                    except Exception as error:
                        raise CommandError(
                            f"{model._meta.label} {row['pk']}: {name} cannot be read with any configured key."
                        ) from error
            if updates:
                model.objects.filter(pk=row["pk"]).update(**updates)
                count += len(updates)
        return count

    @transaction.atomic
    def rotate_json(self, model, field):
        # The field's JSON as stored: decoded as plain JSON, so the sealed values stay as they are in the database.
        rows = model.objects.annotate(raw=ExpressionWrapper(F(field.name), output_field=models.JSONField()))
        count = 0
        for row in rows.values("pk", "raw").iterator(chunk_size=1000):
            try:
                resealed = resealed_json(field, row["raw"])
            except Exception as error:
                raise CommandError(
                    f"{model._meta.label} {row['pk']}: {field.name} cannot be read with any configured key."
                ) from error
            if resealed is not None:
                value = models.Value(resealed, output_field=models.JSONField())
                model.objects.filter(pk=row["pk"]).update(**{field.name: value})
                count += sum(1 for key in field.sealed_keys if key in resealed)
        return count
