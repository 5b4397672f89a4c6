"""Output shapes of the progress API (the rows of `dxtrack.figures.rows`, documented).

Numbers are JSON numbers rounded to six decimals. Keys marked optional appear only when they
say something (``synthetic``, ``unapproved``, ``missing_periods``, ``calendar`` with
``period_start``/``period_end``, ``notes``; ``coverage`` of the judged
figure only for a roll-up of units), exactly as in `dxtrack progress --format json`.
"""

from ninja import Field, Schema


class IndicatorRefOut(Schema):
    code: str
    name: str


class TargetOut(Schema):
    comparator: str = Field(description="`>=`, `>`, `=`, `<=`, `<`, or `milestone`.")
    value: float | None
    deadline: str = Field(description="YYYY-MM-DD")
    scope: str = Field(description="`area`, or `each_unit:<level>`.")


class CoverageOut(Schema):
    expected: int
    reported: int
    missing: list[str] = Field(description="Names of the expected units that sent nothing.")
    reported_without_parts: list[str] = Field(
        description="Names of the units that sent only a percentage where the rule adds up parts.",
    )


class NoteOut(Schema):
    kind: str = Field(description="`overlap`, `through_predecessors`, `sub_area`, `straddling` or `area_lineage` (docs/figures.md §1, §7).")
    period: str = Field(description="The sub-period the note is of.")
    unit: str = Field(description="The unit the note is about (the new unit, the sub-area, the straddling unit, the area).")
    used: list[str] = Field(description="Names of the units whose values were counted.")
    left_out: list[str] = Field(description="Names of the units whose values were left out (not counted).")


class FigureOut(Schema):
    value: float | None
    period: str
    source: str
    synthetic: bool | None = Field(None, description="Optional: present (true) when sample data went in.")
    unapproved: int | None = Field(None, description="Optional: how many values are not approved yet (only when asked for).")
    missing_periods: list[str] | None = Field(None, description="Optional: sub-periods without a value.")
    calendar: str | None = Field(None, description="Optional: `statutory` when the year runs 15/12 to 14/12 (Decree 09/2019).")
    period_start: str | None = Field(None, description="Optional, with `calendar`: the period's first day (YYYY-MM-DD).")
    period_end: str | None = Field(None, description="Optional, with `calendar`: the period's last day (YYYY-MM-DD).")
    notes: list[NoteOut] | None = Field(None, description="Optional: lineage overlaps, stand-ins, sub-areas' values, straddling units, the area's own lineage (at most 10).")
    notes_more: int | None = Field(None, description="Optional, with `notes`: how many notes beyond the 10 shown were left out of the list.")
    coverage: CoverageOut | None = None


class ProjectionOut(Schema):
    method: str = Field(description="`logistic` or `linear`.")
    value_at_deadline: float
    meets_target: bool
    year_reached: int | None
    sentence: str


class YearValueOut(Schema):
    year: int
    value: float | None


class OtherMethodOut(Schema):
    status: str
    value: float | None
    score: float | None
    sentence: str


class ProgressOut(Schema):
    method: str = Field(description="`linear` (the linear share of the required progress) or `milestone`.")
    status: str = Field(description="`achieved`, `on_track`, `at_risk`, `off_track` or `no_data`.")
    expected: float | None
    actual: float | None
    base: YearValueOut | None
    projection: ProjectionOut | None
    required_path: list[YearValueOut]
    sentence: str
    others: dict[str, OtherMethodOut] | None = Field(None, description="Optional: Open SDG / UNSD results when asked for.")


class ProgressRowOut(Schema):
    pillar: str
    indicator: IndicatorRefOut
    target: TargetOut
    latest: FigureOut | None = Field(description="The figure the target is judged on.")
    met: bool | None
    met_reason: str | None = Field(description="Why `met` is null: `no_data`, `partial`.")
    explanation: str
    provisional: FigureOut | None = Field(description="A later, less complete period, shown beside the judged one.")
    since: FigureOut | None = Field(description="After the deadline: the latest figure since.")
    progress: ProgressOut
