"""The audit log as CSV for an inspector: one row per event, oldest first, streamed.

Columns (kept as they are; add, don't rename): occurred_at (ISO 8601, Viet Nam time), actor,
action, outcome, object_type, object_id, object, org_unit, ip_address, path, details (JSON).
Cells a spreadsheet would run as a formula are neutralised (a leading apostrophe).
Used by `dxtrack audit export` and the staff page /audit/ (dxtrack/audit/views.py).
"""

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone

from dxtrack.audit.models import AuditEvent
from dxtrack.reporting.imports.cells import neutralise

COLUMNS = ("occurred_at", "actor", "action", "outcome", "object_type", "object_id", "object", "org_unit", "ip_address", "path", "details")
CHUNK = 2000


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_filtered(*, since: date | None = None, until: date | None = None, actor: str = "",
                          action: str = "") -> QuerySet[AuditEvent]:
    """Events from `since` to `until` (both days included, Viet Nam time), of one actor
    (username, any case) and one action when given; oldest first."""
    events = AuditEvent.objects.select_related("org_unit").order_by("occurred_at", "pk")
    if since:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until:
        events = events.filter(occurred_at__lt=_start_of(until) + timezone.timedelta(days=1))
    if actor:
        events = events.filter(actor_username__iexact=actor)
    if action:
        events = events.filter(action=action)
    return events


def audit_csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    """The header, then one row per event, read from the database a chunk at a time."""
    yield list(COLUMNS)
    for event in events.iterator(chunk_size=CHUNK):
        yield [
            timezone.localtime(event.occurred_at).isoformat(), neutralise(event.actor_username), event.action,
            event.outcome, event.object_type, neutralise(event.object_id), neutralise(event.object_repr),
            event.org_unit.code if event.org_unit else "", event.ip_address or "", neutralise(event.path),
            neutralise(json.dumps(event.details, ensure_ascii=False, sort_keys=True)),
        ]


def audit_export_csv(*, out: IO[str], since: date | None = None, until: date | None = None) -> int:
    """Write the events from `since` to `until` (both days included) to `out`; the number written."""
    writer = csv.writer(out, lineterminator="\r\n")
    rows = audit_csv_rows(audit_events_filtered(since=since, until=until))
    writer.writerow(next(rows))
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


class _Line:
    """csv.writer's file: hands each written line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def audit_csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    """The CSV as text lines for a streamed answer (a byte-order mark first, for Excel)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    rows = audit_csv_rows(events)
    yield "\ufeff" + writer.writerow(next(rows))
    for row in rows:
        yield writer.writerow(row)
