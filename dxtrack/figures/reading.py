"""Reading values for figures: which version of each value a figure sees.

A figure is computed in one **variant** of the values: approved only (the public figure) or
every current value (officers who opt in), with or without sample data, and now or as of a
date (values and approvals as recorded by the end of that day).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from dxtrack.figures.shapes import FigureOptions
from dxtrack.reporting.models import DataValue, SubmissionStatus


@dataclass(frozen=True)
class Variant:
    approved_only: bool = True
    sample: bool = True
    as_of: date | None = None

    @classmethod
    def of(cls, options: FigureOptions) -> Variant:
        return cls(
            approved_only=not options.include_unapproved,
            sample=show_sample() if options.include_sample is None else options.include_sample,
            as_of=options.as_of,
        )


def show_sample() -> bool:
    return bool(getattr(settings, "DXTRACK_SHOW_SYNTHETIC", True))


@dataclass(frozen=True)
class Reading:
    """One value as a figure in a variant sees it."""

    indicator_id: int
    unit_id: int
    period: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    sample: bool
    approved: bool
    source: str
    data_value_id: int
    version: int


_FIELDS = (
    "id", "indicator_id", "org_unit_id", "period", "value", "numerator", "denominator", "is_synthetic",
    "source", "version", "submission__status", "submission__modified_since_approval",
)


def read_values(
    *, indicator_ids: Collection[int], variant: Variant, periods: Collection[str] | None = None,
    unit_ids: Iterable[int] | None = None,
) -> list[Reading]:
    """The values of these indicators (and periods, and units) that the variant counts."""
    values = DataValue.objects.filter(indicator_id__in=list(indicator_ids))
    if periods is not None:
        values = values.filter(period__in=list(periods))
    if unit_ids is not None:
        values = values.filter(org_unit_id__in=list(unit_ids))
    if not variant.sample:
        values = values.filter(is_synthetic=False)
    readings = []
    for pk, indicator, unit, period, value, numerator, denominator, sample, source, version, status, modified in (
        values.values_list(*_FIELDS)
    ):
        approved = status is None or (status == SubmissionStatus.APPROVED and not modified)
        if variant.approved_only and not approved:
            continue
        readings.append(Reading(indicator, unit, period, value, numerator, denominator, sample, approved, source, pk, version))
    return readings
