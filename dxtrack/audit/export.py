"""The audit log as CSV for an inspector: one row per event, oldest first, streamed.

Columns (kept as they are; add, don't rename): occurred_at (ISO 8601, Viet Nam time), actor,
action, outcome, object_type, object_id, object, org_unit, ip_address, path, details (JSON).
Cells a spreadsheet would run as a formula are neutralised (a leading apostrophe).
"""

import csv
import json
from datetime import date, datetime, time
from typing import IO

from django.utils import timezone

from dxtrack.audit.models import AuditEvent
from dxtrack.reporting.imports.cells import neutralise

COLUMNS = ("occurred_at", "actor", "action", "outcome", "object_type", "object_id", "object", "org_unit", "ip_address", "path", "details")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_export_csv(*, out: IO[str], since: date | None = None, until: date | None = None) -> int:
    """Write the events from `since` to `until` (both days included) to `out`; the number written."""
    events = AuditEvent.objects.select_related("org_unit").order_by("occurred_at", "pk")
    if since:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until:
        events = events.filter(occurred_at__lt=_start_of(until) + timezone.timedelta(days=1))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for event in events.iterator(chunk_size=2000):
        writer.writerow([
            timezone.localtime(event.occurred_at).isoformat(), neutralise(event.actor_username), event.action,
            event.outcome, event.object_type, neutralise(event.object_id), neutralise(event.object_repr),
            event.org_unit.code if event.org_unit else "", event.ip_address or "", neutralise(event.path),
            neutralise(json.dumps(event.details, ensure_ascii=False, sort_keys=True)),
        ])
        count += 1
    return count
