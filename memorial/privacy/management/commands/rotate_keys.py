"""Re-encrypt every sealed value with the newest key in MEMORIAL_SEALING_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast

from memorial.privacy.sealing import SealingUnavailable, reseal, sealed_fields, sealer


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
