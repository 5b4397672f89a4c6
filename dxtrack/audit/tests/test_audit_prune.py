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


def test_the_audit_log_exports_as_csv_for_an_inspector(tmp_path, reporter_a):
    import csv
    from datetime import datetime, timedelta

    from django.utils import timezone

    from dxtrack.audit.models import AuditEvent
    from dxtrack.audit.services import audit_record

    audit_record(actor=reporter_a, action="values.import", object_repr="=HYPERLINK(\"x\")", details={"rows": 2})
    with time_machine.travel(timezone.make_aware(datetime(2025, 1, 2, 9)), tick=False):
        audit_record(actor=reporter_a, action="auth.login")  # before --since: not exported
    path = tmp_path / "audit.csv"
    call_command("audit", "export", "--since", (timezone.localdate() - timedelta(days=1)).isoformat(), "--output", str(path))
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["occurred_at", "actor", "action", "outcome", "object_type", "object_id", "object", "org_unit", "ip_address", "path", "details"]
    assert [(row[1], row[2], row[6], row[10]) for row in rows[1:]] == [("reporter_a", "values.import", "'=HYPERLINK(\"x\")", '{"rows": 2}')]
    assert AuditEvent.objects.filter(action="audit.export", details__events=1).exists()  # the export is itself audited


def test_prune_says_its_numbers_grouped_in_the_terminal_language(history):
    from django.utils import translation

    for language, shown in (("vi", "3.650"), ("en", "3,650")):
        out = StringIO()
        with translation.override(language):
            call_command("audit", "prune", "--older-than-days", "3650", stdout=out)
        assert f" {shown} " in out.getvalue(), out.getvalue()
