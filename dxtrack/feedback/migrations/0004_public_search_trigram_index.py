"""On PostgreSQL, a trigram index on the accent-free text of published items, so the public
search (a substring match) does not read every row. SQLite scans, which is fine at its sizes."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS feedback_item_search_trgm ON feedback_item USING gin (search_text gin_trgm_ops) "
    "WHERE state = 'published'",
]
DROP = ["DROP INDEX IF EXISTS feedback_item_search_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_public_list_index")]
    operations = [migrations.RunPython(forwards, backwards)]
