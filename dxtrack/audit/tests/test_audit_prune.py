"""`dxtrack audit prune`: audit logs are kept at least 12 months."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from dxtrack.audit.models import Action, AuditEvent
from dxtrack.audit.services import RetentionTooShort, audit_prune, audit_record


def recorded(days_ago: int, action: str) -> AuditEvent:
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        return audit_record(action=action)


@pytest.fixture
def history(db):
    recorded(500, "old.event")
    recorded(401, "old.event")
    recorded(399, "recent.event")
    recorded(10, "recent.event")


def test_prune_deletes_only_events_older_than_the_limit(history):
    out = StringIO()
    call_command("audit", "prune", "--older-than-days", "400", stdout=out)
    assert sorted(AuditEvent.objects.exclude(action=Action.AUDIT_PRUNED).values_list("action", flat=True)) == ["recent.event"] * 2
    assert "2" in out.getvalue()


def test_prune_records_itself(history):
    audit_prune(older_than_days=400)
    event = AuditEvent.objects.get(action=Action.AUDIT_PRUNED)
    assert (event.details["deleted"], event.details["older_than_days"]) == (2, 400)


@pytest.mark.parametrize("days", [0, 30, 364])
def test_prune_refuses_less_than_a_year(history, days):
    with pytest.raises(CommandError, match="365"):
        call_command("audit", "prune", "--older-than-days", str(days))
    with pytest.raises(RetentionTooShort):
        audit_prune(older_than_days=days)
    assert AuditEvent.objects.count() == 4


def test_prune_accepts_exactly_a_year(history):
    assert audit_prune(older_than_days=365) == 3  # 500, 401 and 399 days old
