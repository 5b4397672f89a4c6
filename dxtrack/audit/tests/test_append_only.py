"""Audit events are written once and never changed; only audit_prune deletes old ones."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from dxtrack.audit.models import AuditEvent, AuditLogIsAppendOnly
from dxtrack.audit.services import audit_record


@pytest.fixture
def event(db) -> AuditEvent:
    return audit_record(action="programme.load", details={"code": "05-NQ/TU"})


def test_saving_an_existing_event_is_refused(event):
    event.action = "nothing.happened"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing.happened")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_update_too(event):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = %s WHERE id = %s", ["nothing.happened", event.pk])  # noqa: S608
    event.refresh_from_db()
    assert event.action == "programme.load"


def test_the_admin_shows_events_and_changes_none(admin_client, event):
    assert admin_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    response = admin_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "x"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "programme.load"


def test_the_admin_escapes_what_users_typed(admin_client, db):
    audit_record(action="auth.login_failed", details={"username": "<script>alert(1)</script>"}, object_repr="<img src=x onerror=alert(1)>")
    page = admin_client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
