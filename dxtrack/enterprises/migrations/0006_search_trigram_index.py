"""On PostgreSQL, a trigram index for the registry's accent-insensitive search (LIKE '%word%'
on the folded name): a selective word is found through the index instead of reading all
68,000 rows. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create
it. SQLite has no such index and searches the column directly; nothing is done there."""

from django.db import migrations

INDEX = "enterprise_search_text_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON enterprises_enterprise USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
