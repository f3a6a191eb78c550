"""The demo's accountability milestones, from the public sources cited beside each in fixtures/milestones.csv."""

import csv
from pathlib import Path

from django.db import transaction

from memorial.accountability.models import Milestone
from memorial.archive.models import Attack, Source

MILESTONES_CSV = Path(__file__).resolve().parent / "fixtures" / "milestones.csv"


@transaction.atomic
def load_milestones(path=MILESTONES_CSV):
    """Create or refresh one published milestone per row. Returns how many were created."""
    created = 0
    attacks = {attack.key: attack for attack in Attack.objects.all()}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            source, _ = Source.objects.update_or_create(
                url=row["source_url"],
                title=row["source_title"],
                defaults={"publisher": row["source_publisher"], "document_number": row["source_document"]},
            )
            milestone, made = Milestone.objects.update_or_create(
                key=row["key"],
                defaults={
                    "date": row["date"],
                    "kind": row["kind"],
                    "body_ar": row["body_ar"],
                    "body_en": row["body_en"],
                    "title_en": row["title_en"],
                    "title_ar": row["title_ar"],
                    "source": source,
                    "to_be_verified": row["to_be_verified"] == "yes",
                    "live": True,
                },
            )
            # A parental relation is written when its owner is saved.
            milestone.attacks.set([attacks[key] for key in row["attacks"].split() if key in attacks])
            milestone.save()
            created += made
    return created
