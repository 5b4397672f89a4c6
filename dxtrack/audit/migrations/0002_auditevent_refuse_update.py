"""The database refuses UPDATE on audit events, whoever asks (a shell, a raw query, a bug).

DELETE is left to the application (``audit_prune``): test teardown and ``flush`` delete rows.
"""

from django.db import migrations

TABLE = "audit_auditevent"

FORWARD = {
    "postgresql": [
        f"""
        CREATE FUNCTION {TABLE}_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only';
        END;
        $$;
        """,
        f"""
        CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_update();
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN
            SELECT RAISE(ABORT, 'audit events are append-only');
        END;
        """,
    ],
}

BACKWARD = {
    "postgresql": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}", f"DROP FUNCTION IF EXISTS {TABLE}_refuse_update()"],
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update"],
}


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
