"""The report as plain data: every renderer (DOCX, PDF, XLSX) reads this and nothing else.

Built by :func:`dxtrack.reports.builder.report_build` from the figures layer, in one language;
numbers stay Decimals (the XLSX writes them as numbers), texts are already localised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class TargetLine:
    """One target (or milestone) as the report shows it."""

    indicator_code: str
    indicator_name: str
    pillar_code: str
    target_text: str  # "≥ 80%", or the milestone's wording
    deadline: date
    value: Decimal | None  # the judged figure
    value_text: str
    unit_of_measure: str
    period: str
    coverage_reported: int | None
    coverage_expected: int | None
    coverage_share: Decimal | None  # 0–1
    coverage_text: str
    status: str
    status_label: str
    projection_value: Decimal | None
    projection_text: str
    required_next: Decimal | None  # the next year's point on the straight path to the target
    gap_per_year: Decimal | None  # how much the figure must move each year to reach the target
    gap_text: str
    responsible_agency: str
    explanation: str
    is_sample: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PillarSection:
    code: str
    name: str
    counts: dict[str, int]
    lines: tuple[TargetLine, ...]


@dataclass(frozen=True)
class CompletenessRow:
    """One unit × form: how many of the form's indicators the unit has a figure for in the
    period the targets are judged on."""

    form_code: str
    form_name: str
    unit_code: str
    unit_name: str
    period: str
    reported: int
    expected: int

    @property
    def share(self) -> Decimal:
        """reported / expected (0–1)."""
        return Decimal(self.reported) / Decimal(self.expected) if self.expected else Decimal(0)


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    value: Decimal


@dataclass(frozen=True)
class ChartSeries:
    """A target's yearly figures with its target line, for the charts."""

    indicator_code: str
    title: str
    unit_of_measure: str
    points: tuple[SeriesPoint, ...]
    target_value: Decimal | None
    target_year: int


@dataclass(frozen=True)
class Report:
    programme_code: str
    programme_title: str
    language: str
    as_of: date
    issued_on: date
    agency_parent: str
    agency: str
    number: str
    place: str
    title: str
    headline: str
    statuses: tuple[tuple[str, str], ...]  # (status, label) in display order
    counts: dict[str, int]  # the whole programme
    pillars: tuple[PillarSection, ...]
    attention: tuple[TargetLine, ...]  # off track and at risk
    completeness: tuple[CompletenessRow, ...]
    methodology: tuple[str, ...]
    sources: tuple[str, ...]
    sample_notice: str  # "" when no figure is sample data
    signer_title: str
    recipients: tuple[str, ...]
    series: tuple[ChartSeries, ...]

    @property
    def lines(self) -> tuple[TargetLine, ...]:
        return tuple(line for pillar in self.pillars for line in pillar.lines)
