"""Feedback statistics into a programme indicator, through reporting's only write path
(`reporting.services.value_record`: validation, a version per change, the current row moved).

"Share of feedback answered on time" per agency and period: the numerator is the items the agency
answered in the period on or before their working-day due date, the denominator every item it
answered in the period (dashboard.on_time_by_agency). An agency that answered nothing in the period
gets no value (a share of nothing is not 0 %). Running it again with the same figures writes
nothing: value_record keeps an identical figure as it is; a changed figure becomes a new version
with the reason below. Each run is one audit event.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxtrack.accounts.models import User
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.audit.services import audit_record
from dxtrack.feedback.dashboard import on_time_by_agency
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, ValueType
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import value_record

SOURCE = "dxtrack feedback"
METHOD = "computed"  # reporting's method is a short word (40 characters); the note says how
NOTE = "answered on or before the working-day due date / answered in the period (rejected, withdrawn, duplicates excluded)"
REASON = "feedback statistics recomputed"
ACCEPTED_TYPES = (ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS)


class FeedError(Exception):
    """The indicator or the period does not fit; nothing was written."""


@dataclass
class FeedResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # unit code → why value_record refused


def _current_version(indicator: Indicator, unit: OrgUnit, period: str) -> int:
    return DataValue.objects.filter(indicator=indicator, org_unit=unit, period=period).values_list("version", flat=True).first() or 0


def feed_on_time_share(*, indicator: Indicator, period: str, include_sample: bool = False, actor: User | None = None) -> FeedResult:
    if indicator.value_type not in ACCEPTED_TYPES:
        raise FeedError(_("%(code)s is not a percentage indicator (it is: %(type)s).") % {
            "code": indicator.code, "type": indicator.get_value_type_display()})
    try:
        parsed = parse_period(period)
    except AnalyticsError as error:
        raise FeedError(str(error)) from error
    counts = on_time_by_agency(start=parsed.start, end=parsed.end, include_sample=include_sample)
    result = FeedResult()
    units = OrgUnit.objects.in_bulk(list(counts))
    for agency_id, (on_time, answered) in sorted(counts.items(), key=lambda pair: units[pair[0]].code):
        unit = units[agency_id]
        parts = {"numerator": Decimal(on_time), "denominator": Decimal(answered)} if indicator.has_parts else {
            "value": (Decimal(on_time) * 100 / Decimal(answered)).quantize(Decimal("0.000001"))}
        before = _current_version(indicator, unit, parsed.code)
        try:
            with transaction.atomic():
                saved = value_record(indicator=indicator, org_unit=unit, period=parsed.code, source=SOURCE, method=METHOD, note=NOTE,
                                     is_synthetic=include_sample, recorded_by=actor, reason=REASON, **parts)
        except ValidationError as error:
            result.refused[unit.code] = "; ".join(error.messages)
            continue
        (result.written if saved.version != before else result.unchanged).append(unit.code)
    audit_record(actor=actor, action="feedback.indicator_fed", obj=indicator, details={
        "period": parsed.code, "written": result.written, "unchanged": result.unchanged, "refused": result.refused,
    })
    return result
