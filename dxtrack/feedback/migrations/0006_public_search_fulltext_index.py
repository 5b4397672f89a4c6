"""On PostgreSQL, full-text search replaces the trigram index of 0004: a trigram match of a
phrase such as "chu ky so" had to recheck ten thousand false candidates at 100,000 items, while
a GIN index on the words (the 'simple' configuration: the text is already accent-free and
lower-case, and Vietnamese has no stemming to do) answers exactly."""

from django.db import migrations

CREATE = [
    "DROP INDEX IF EXISTS feedback_item_search_trgm",
    "CREATE INDEX IF NOT EXISTS feedback_item_search_words ON feedback_item "
    "USING gin (to_tsvector('simple', search_text)) WHERE state = 'published'",
]
DROP = ["DROP INDEX IF EXISTS feedback_item_search_words"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_item_segmented_text")]
    operations = [migrations.RunPython(forwards, backwards)]
