"""The demo's values dated as they would have been recorded, not at the moment the demo loads.

The figures layer reads a programme as of a date from the values' version history (what was
recorded by then) and the forms' workflow events (what was approved by then). A demo loaded
today would otherwise have no history at all: as of 31 December 2025 nothing would have been
recorded yet, and every sample value would look changed after its form's approval. So, once
loaded, each value (and its versions, shifted by the same amount) is dated:

- a value reported in a submitted form: one hour before the form was submitted (the form's
  sample events are already dated around its deadline, see demo/forms.py);
- any other value (the article's figures, sample values outside a form): 45 days after the end
  of its period, when figures for a year are usually compiled.

A date that would lie in the future is left as loaded. Dating again changes nothing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from dxtrack.analytics.periods import parse_period
from dxtrack.reporting.models import DataValue, DataValueVersion

COMPILED_AFTER = timedelta(days=45)
BEFORE_SUBMITTING = timedelta(hours=1)


def _recorded_when(value: DataValue) -> datetime:
    if value.submission is not None and value.submission.submitted_at is not None:
        return value.submission.submitted_at - BEFORE_SUBMITTING
    end = parse_period(value.period).end
    return timezone.make_aware(datetime.combine(end + COMPILED_AFTER, time(hour=9)))


@transaction.atomic
def demo_history_date() -> int:
    """Date the demo's values as described above; returns how many were moved."""
    now = timezone.now()
    moved: dict[int, timedelta] = {}
    values = []
    for value in DataValue.objects.select_related("submission").iterator(chunk_size=2000):
        dated = _recorded_when(value)
        if dated >= now or dated >= value.recorded_at:
            continue
        moved[value.pk] = dated - value.recorded_at
        value.recorded_at = dated
        values.append(value)
    DataValue.objects.bulk_update(values, ["recorded_at"], batch_size=1000)
    versions = []
    for version in DataValueVersion.objects.filter(data_value_id__in=list(moved)).iterator(chunk_size=2000):
        version.recorded_at += moved[version.data_value_id]
        versions.append(version)
    DataValueVersion.objects.bulk_update(versions, ["recorded_at"], batch_size=1000)
    return len(values)
