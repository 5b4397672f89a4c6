"""The seeded taxonomy (data/taxonomy.yaml): Decree 20/2008 Art. 5's content kinds and the default
content areas. Loaded by migration 0002 and, idempotently, by anything that needs it after a
database flush (the tests)."""

from pathlib import Path

import yaml

TAXONOMY = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


def taxonomy_load(content_kind, content_area) -> None:
    """Create or update the seeded rows; the model classes are passed so a migration can use its historical ones."""
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    for row in data["kinds"]:
        content_kind.objects.update_or_create(code=row["code"], defaults={
            "decree_item": row["item"], "name_vi": row["name_vi"], "name_en": row["name_en"],
            "is_recommendation": row["recommendation"],
        })
    for order, row in enumerate(data["areas"], start=1):
        content_area.objects.get_or_create(code=row["code"], defaults={
            "name_vi": row["name_vi"], "name_en": row["name_en"], "keywords": row["keywords"],
            "answer_working_days": row["days"], "order": order,
        })


def reminder_steps_load(reminder_step) -> None:
    """Create the default reminder steps that are missing (an administrator's changes are kept)."""
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    for row in data["reminder_steps"]:
        reminder_step.objects.get_or_create(area=None, agency=None, code=row["code"], defaults={
            "offset": row["offset"], "recipients": row["recipients"]})
