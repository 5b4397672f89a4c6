"""The shapes every page, report, command and API reads (see /work/brief/FIGURES-CONTRACT.md).

Plain frozen dataclasses with Decimals and dates, no model instances, so that consumers can
cache them, put them in templates and serialise them without touching the database.

==================  ==============================================================================
Shape               What it is
==================  ==============================================================================
``FigureOptions``   how to compute: as of a date, with unapproved values, with sample data
``Coverage``        how many units were expected, reported, missing, reported without parts
``Figure``          one indicator × unit × period: value, parts, coverage, provenance flags
``CoverageUnits``   the names behind a coverage (built on request, for drill-down)
``Explanation``     "why this number": the values, links, rules and method behind a figure
``Projection``      where the trend leads by the deadline (method named)
``Progress``        the default progress verdict of a target, and the other methods on request
``TargetStatus``    a target: the figure it is judged on, provisional / since figures, met or not
``ContextFigure``   an indicator without a target, shown as context in its pillar
``ProgrammeStatus`` every target, milestone and context figure of a programme, with counts
==================  ==============================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dxtrack.analytics.progress import ProgressResult
from dxtrack.figures.numbers import display, short_date

ONE = Decimal(1)
ZERO = Decimal(0)
DEFAULT_THRESHOLD = Decimal("0.80")

# Progress statuses pages colour by (Progress.status).
ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
MILESTONE = "milestone"


@dataclass(frozen=True)
class FigureOptions:
    """How figures are computed.

    ``as_of``: None = now (every value as it stands; the running period included as a
    provisional figure); a date = the programme as it stood then: periods ending by then,
    values and approvals as recorded by the end of that day. ``include_unapproved``: officers
    may opt in; figures then count how many values are unapproved. ``include_sample``: None =
    ``settings.DXTRACK_SHOW_SYNTHETIC``. ``methods``: other progress methods to compute
    besides the default ("opensdg", "unsd").
    """

    as_of: date | None = None
    include_unapproved: bool = False
    include_sample: bool | None = None
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """Units behind a figure. ``missing`` = expected − reported − without_parts.

    For a figure built from several sub-periods (a year from months) the counts are those of
    its least complete due sub-period (``sum``, ``mean``) or of the sub-period its value was
    taken from (``last``): a year is only as complete as its weakest month.
    """

    expected: int
    reported: int
    missing: int
    without_parts: int
    threshold: Decimal = DEFAULT_THRESHOLD

    @property
    def share(self) -> Decimal:
        """reported / expected; 1 when nothing was expected but something was reported."""
        if self.expected == 0:
            return ONE if self.reported > 0 else ZERO
        return Decimal(self.reported) / Decimal(self.expected)

    @property
    def meets_threshold(self) -> bool:
        return (self.expected > 0 or self.reported > 0) and self.share >= self.threshold


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name_vi: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_vi


@dataclass(frozen=True)
class LineageNote:
    """Provenance across units (docs/figures.md §1, §7), one per unit and sub-period:

    - ``overlap``: an old and a new unit reported the same period for the same territory;
      ``unit``'s own value was ``used``, the values of ``left_out`` (the units it was formed
      from) were not counted;
    - ``through_predecessors``: ``unit`` did not report; the values of ``used`` (the units it was
      formed from) stand in for it;
    - ``sub_area``: a sub-area's own value (``used``) stands for its communes, whose values
      (``left_out``) are not counted (real before sample, per sub-area);
    - ``straddling``: ``unit`` was formed partly from outside the area; what part of it lies
      inside is not known, so it is not counted;
    - ``area_lineage``: ``unit`` is the area itself, linked by lineage links that are not
      between communes to ``left_out`` (province 74 → city 79): those links are not followed,
      only the communes' own links are (rule 7).
    """

    kind: str
    period: str
    unit: UnitRef
    used: tuple[UnitRef, ...] = ()
    left_out: tuple[UnitRef, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One figure. ``value`` None means no figure; ``reason`` says why (machine code):
    ``no_data``, ``only_percentages`` (every unit sent a percentage where the rule needs parts),
    ``zero_denominator``, ``zero_weights``, ``not_aggregated`` (the indicator has no roll-up
    rule and the unit reported nothing itself), ``no_units``."""

    indicator_id: int
    indicator_code: str
    unit_id: int
    unit_code: str
    unit_name_vi: str
    unit_name_en: str
    period: str
    period_start: date
    period_end: date
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    unit_of_measure: str
    coverage: Coverage
    missing_subperiods: tuple[str, ...]
    complete: bool
    own: bool
    lineage: bool
    unapproved: int
    sample_share: Decimal
    sources: tuple[str, ...]
    unit_rule: str
    period_rule: str
    reason: str | None = None
    # Added to the contract: which variant of the values was read, the notes behind flags
    # (``overlap``: a value before the reform was replaced by its successor's for the same
    # period; ``left_out_straddling``: units formed partly outside the area are not counted;
    # ``through_predecessors``: a unit's figure comes from the units it was formed from), and
    # how many values went in.
    notes: tuple[str, ...] = ()
    values_count: int = 0
    as_of: date | None = None
    include_unapproved: bool = False
    include_sample: bool = True
    coverage_period: str = ""  # the sub-period the coverage counts are of
    # Which year the period is of (docs/figures.md, rule 2): "calendar", or "statutory" — the
    # year of Decree 09/2019 (15/12 of the year before to 14/12), whose dates period_start and
    # period_end then carry.
    calendar: str = "calendar"
    provenance: tuple[LineageNote, ...] = ()  # the notes behind ``notes``, naming the units

    @property
    def is_sample(self) -> bool:
        return self.sample_share > 0

    @property
    def partial(self) -> bool:
        return bool(self.missing_subperiods) or not self.coverage.meets_threshold

    @property
    def year(self) -> int:
        return self.period_end.year

    @property
    def statutory(self) -> bool:
        return self.calendar == "statutory"

    def period_label(self, language: str) -> str:
        """'2025', or for a statutory period the dates it stands for: '2025 (15/12/2024–14/12/2025)'."""
        if not self.statutory:
            return self.period
        return f"{self.period} ({short_date(self.period_start, language)}–{short_date(self.period_end, language)})"

    def unit_name(self, language: str) -> str:
        return self.unit_name_en if language.startswith("en") and self.unit_name_en else self.unit_name_vi

    def value_text(self, language: str) -> str:
        return display(self.value, self.unit_of_measure, language)

    def text(self, language: str) -> str:
        """'94,3% · 36/36 đơn vị' / '94.3% · 36/36 units' (an own value shows no count)."""
        text = self.value_text(language)
        if self.own:
            return text
        units = "units" if language.startswith("en") else "đơn vị"
        return f"{text} · {self.coverage.reported}/{self.coverage.expected} {units}"


@dataclass(frozen=True)
class CoverageUnits:
    """The units behind a figure's coverage counts, sorted by code."""

    expected: tuple[UnitRef, ...]
    reported: tuple[UnitRef, ...]
    missing: tuple[UnitRef, ...]
    reported_without_parts: tuple[UnitRef, ...]
    subperiod: str  # the sub-period the counts are of


@dataclass(frozen=True)
class ExplainedValue:
    unit_code: str
    unit_name: str
    period: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    version: int
    recorded_by: str
    recorded_at: str
    approved_by: str
    approved_at: str
    source: str
    is_sample: bool
    share: Decimal = ONE
    via: str = ""  # "" (the unit itself or below it), "lineage", "overlap" (left out), "sub_area", "own"
    counted: bool = True


@dataclass(frozen=True)
class Explanation:
    """'Why this number'."""

    figure: Figure
    values: tuple[ExplainedValue, ...]
    lineage_links: tuple[str, ...]
    rules_vi: tuple[str, ...]
    rules_en: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class Projection:
    method: str
    value_at_deadline: Decimal
    meets_target: bool
    year_reached: int | None
    points: tuple[tuple[int, Decimal], ...]
    sentence_vi: str
    sentence_en: str


@dataclass(frozen=True)
class Progress:
    """The default method: the linear share of the required progress."""

    method: str
    status: str
    expected: Decimal | None
    actual: Decimal | None
    projection: Projection | None
    required_path: tuple[tuple[int, Decimal], ...]
    sentence_vi: str
    sentence_en: str
    others: Mapping[str, ProgressResult] = field(default_factory=dict)
    # Added: the baseline the method started from.
    base_year: int | None = None
    base_value: Decimal | None = None

    def sentence(self, language: str) -> str:
        return self.sentence_en if language.startswith("en") else self.sentence_vi


@dataclass(frozen=True)
class TargetStatus:
    target_id: int
    indicator_id: int
    indicator_code: str
    pillar_code: str
    comparator: str
    target_value: Decimal | None
    deadline: date
    scope: str
    scope_level: str
    judged: Figure | None
    provisional: Figure | None
    since: Figure | None
    met: bool | None
    met_reason: str | None
    explanation_vi: str
    explanation_en: str
    failing_units: tuple[str, ...]
    progress: Progress
    responsible_agency: str
    # Added: names and wording for pages and reports, so they need no model instances.
    indicator_name_vi: str = ""
    indicator_name_en: str = ""
    pillar_name_vi: str = ""
    pillar_name_en: str = ""
    wording_vi: str = ""
    unit_of_measure: str = ""
    milestone_done_on: date | None = None
    evidence: str = ""

    @property
    def status(self) -> str:
        return self.progress.status

    @property
    def is_milestone(self) -> bool:
        return self.comparator == MILESTONE

    def explanation(self, language: str) -> str:
        return self.explanation_en if language.startswith("en") else self.explanation_vi

    def indicator_name(self, language: str) -> str:
        return self.indicator_name_en if language.startswith("en") and self.indicator_name_en else self.indicator_name_vi


@dataclass(frozen=True)
class ContextFigure:
    indicator_id: int
    indicator_code: str
    pillar_code: str
    latest: Figure | None
    indicator_name_vi: str = ""
    indicator_name_en: str = ""


@dataclass(frozen=True)
class ProgrammeStatus:
    programme_id: int
    as_of: date
    rows: tuple[TargetStatus, ...]
    context: tuple[ContextFigure, ...]
    counts: Mapping[str, Mapping[str, int]]
    # Added: the options the figures were computed with and the programme's threshold.
    include_unapproved: bool = False
    include_sample: bool = True
    threshold: Decimal = DEFAULT_THRESHOLD

    @property
    def has_sample(self) -> bool:
        return any(row.judged is not None and row.judged.is_sample for row in self.rows) or any(
            item.latest is not None and item.latest.is_sample for item in self.context
        )
