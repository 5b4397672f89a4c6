"""Seed the default reminder steps (data/taxonomy.yaml), as they were fixed in code before."""

from django.db import migrations

from dxtrack.feedback.taxonomy import reminder_steps_load


def seed(apps, schema_editor):
    reminder_steps_load(apps.get_model("feedback", "ReminderStep"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0011_reminder_steps")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
