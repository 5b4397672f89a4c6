"""Seed the content kinds of Decree 20/2008 Art. 5 and the default content areas (data/taxonomy.yaml)."""

from pathlib import Path

import yaml
from django.db import migrations

TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"


def seed(apps, schema_editor):
    ContentKind = apps.get_model("feedback", "ContentKind")
    ContentArea = apps.get_model("feedback", "ContentArea")
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    for row in data["kinds"]:
        ContentKind.objects.update_or_create(code=row["code"], defaults={
            "decree_item": row["item"], "name_vi": row["name_vi"], "name_en": row["name_en"],
            "is_recommendation": row["recommendation"],
        })
    for order, row in enumerate(data["areas"], start=1):
        ContentArea.objects.update_or_create(code=row["code"], defaults={
            "name_vi": row["name_vi"], "name_en": row["name_en"], "keywords": row["keywords"],
            "answer_working_days": row["days"], "order": order,
        })


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
