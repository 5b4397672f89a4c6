"""Seed the content kinds of Decree 20/2008 Art. 5 and the default content areas (data/taxonomy.yaml)."""

from django.db import migrations

from dxtrack.feedback.taxonomy import taxonomy_load


def seed(apps, schema_editor):
    taxonomy_load(apps.get_model("feedback", "ContentKind"), apps.get_model("feedback", "ContentArea"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
