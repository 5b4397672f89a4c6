"""Input and output shapes of the reporting API (values, DHIS2 data value sets, forms,
completeness). Inputs end in `In`, outputs in `Out`; the router is `reporting/api.py`.

Figures travel as decimal text ("37.5", "1200"), as DHIS2 sends them, so that no client
rounds them through binary floating point. DHIS2 field names keep DHIS2's spelling.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

# No control characters: a NUL in a code would reach the database (PostgreSQL refuses it).
NO_CONTROLS = r"^[^\x00-\x1f\x7f]*$"
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=NO_CONTROLS)]
UnitCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=NO_CONTROLS)]
PeriodCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16, pattern=NO_CONTROLS)]
MAX_PAGE = 1000
# Far beyond any table we will hold, and far inside the 64-bit integers SQLite and PostgreSQL
# compare offsets with (an offset of 2**63 overflowed there: a 500).
MAX_OFFSET = 1_000_000_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# --- values ------------------------------------------------------------------------------------


class ValueFilterIn(Schema):
    programme: Code | None = Field(None, description="Programme code, e.g. 05-NQ/TU.")
    indicator: Code | None = Field(None, description="Indicator code (within `programme` when given).")
    unit: UnitCode | None = Field(
        None, description="Org unit code (GSO code or agency code): the unit and every unit below it, unless "
        "`descendants` is false. Only the units you may read are returned.",
    )
    descendants: bool = Field(True, description="With `unit`: include the units below it.")
    period: PeriodCode | None = Field(None, description="Exact period: 2024, 2024S1, 2024Q3, 2024-05 (or DHIS2's 202405).")
    limit: int = Field(100, ge=1, le=MAX_PAGE, description=f"Values per page (1–{MAX_PAGE}).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Values to skip (0–{MAX_OFFSET}).")


class ValueOut(Schema):
    programme: str
    indicator: str
    org_unit: str
    org_unit_name: str
    period: str
    period_start: date
    period_end: date
    value: str | None
    numerator: str | None
    denominator: str | None
    note: str
    source: str
    method: str
    approved: bool = Field(description="In an approved submission. Unapproved values are returned too, marked false.")
    synthetic: bool = Field(description="Sample data, not a reported figure.")
    outlier: bool
    version: int
    recorded_by: str | None
    recorded_at: datetime


class ValuePageOut(Schema):
    count: int
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, or null on the last.")
    items: list[ValueOut]


# --- DHIS2 data value sets ----------------------------------------------------------------


def _no_nul(value: object) -> object:
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("nul_character", "A NUL character is not allowed here.")
    return value


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would also take a number of seconds since 1970 for a date."""
    if value is not None and not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        raise PydanticCustomError("date_parsing", "A date is expected here, such as 2025-12-31.")
    return value


class DataValueIn(Schema):
    """One DHIS2 data value. `categoryOptionCombo` is empty (or `default`) for the figure,
    `numerator` / `denominator` for the parts of a percentage, sent as adjacent entries."""

    model_config = ConfigDict(extra="ignore")

    dataElement: str | None = Field(None, max_length=200, description="Indicator code.")  # noqa: N815 - DHIS2's names
    period: str | None = Field(None, max_length=40, description="Period in DHIS2 notation: 2024, 2024Q3, 202405, 2024S1.")
    orgUnit: str | None = Field(None, max_length=200, description="GSO code of an administrative unit, or an agency code.")  # noqa: N815
    categoryOptionCombo: str | None = Field(None, max_length=200)  # noqa: N815
    attributeOptionCombo: str | None = Field(None, max_length=200)  # noqa: N815
    value: Decimal | str | None = Field(None, description="The figure, as a JSON number or decimal text.")
    comment: str | None = Field(None, max_length=5000)
    storedBy: str | None = Field(None, max_length=200)  # noqa: N815
    created: str | None = Field(None, max_length=40)
    lastUpdated: str | None = Field(None, max_length=40)  # noqa: N815
    followup: bool | None = None
    deleted: bool | None = Field(None, description="Deleting by import is not supported: leave false.")

    _no_nul = field_validator("*", mode="before")(_no_nul)


class DataValueSetIn(Schema):
    """DHIS2 `dataValueSets` JSON. Top-level `period`, `orgUnit` and `attributeOptionCombo`
    apply to the entries that lack their own, as in DHIS2."""

    model_config = ConfigDict(extra="ignore")

    dataSet: str | None = Field(None, max_length=200, description="Ignored: values are matched by indicator code.")  # noqa: N815
    completeDate: str | None = Field(None, max_length=40, description="Ignored: use the submission workflow.")  # noqa: N815
    period: str | None = Field(None, max_length=40)
    orgUnit: str | None = Field(None, max_length=200)  # noqa: N815
    attributeOptionCombo: str | None = Field(None, max_length=200)  # noqa: N815
    dataValues: list[DataValueIn] = Field(max_length=100_000)  # noqa: N815

    _no_nul = field_validator("*", mode="before")(_no_nul)


class ImportCountOut(Schema):
    imported: int = Field(description="New values.")
    updated: int = Field(description="Changed values (each keeps its history).")
    ignored: int = Field(description="Values sent unchanged; when the import is refused, every value sent.")
    deleted: int = Field(0, description="Always 0: deleting by import is not supported.")


class ConflictOut(Schema):
    object: str = Field(description="The field at fault (dataElement, orgUnit, period, value…), empty for the whole request.")
    property: str
    value: str = Field(description="What is wrong and what to do, in the request's language.")
    indexes: list[int] = Field(description="Positions in `dataValues` (first = 0); empty for the whole request.")


class ImportSummaryOut(Schema):
    """DHIS2's import summary. All or nothing: with any conflict, status is ERROR and nothing
    was written; with `dryRun`, nothing was written and the counts say what would have been."""

    responseType: Literal["ImportSummary"] = "ImportSummary"  # noqa: N815
    status: Literal["SUCCESS", "ERROR"]
    description: str
    dryRun: bool  # noqa: N815
    importCount: ImportCountOut  # noqa: N815
    conflicts: list[ConflictOut]


class DataValueSetFilterIn(Schema):
    dataSet: list[Code] = Field([], description="Form codes: their indicators.")  # noqa: N815
    dataElement: list[Code] = Field([], description="Indicator codes.")  # noqa: N815
    programme: Code | None = Field(None, description="Programme code: its indicators.")
    orgUnit: list[UnitCode] = Field([], description="Org unit codes; only the units you may read are exported.")  # noqa: N815
    children: bool = Field(False, description="Include the units below each `orgUnit`.")
    period: list[PeriodCode] = Field([], description="Exact periods (DHIS2 or dxtrack notation).")
    startDate: date | None = Field(None, description="Periods starting on or after this day.")  # noqa: N815
    endDate: date | None = Field(None, description="Periods ending on or before this day.")  # noqa: N815

    _iso_date = field_validator("startDate", "endDate", mode="before")(_iso_date)


class DataValueOut(Schema):
    dataElement: str  # noqa: N815
    period: str
    orgUnit: str  # noqa: N815
    categoryOptionCombo: str | None = None  # noqa: N815
    value: str
    storedBy: str  # noqa: N815
    lastUpdated: datetime  # noqa: N815
    comment: str | None = None
    followup: bool = False


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut]  # noqa: N815


# --- forms -----------------------------------------------------------------------------------


class FormIndicatorOut(Schema):
    code: str
    name: str
    value_type: str
    unit: str
    required: bool


class FormOut(Schema):
    code: str
    name: str
    programme: str
    period_type: str
    calendar: str
    revision: int
    deadline_working_days: int
    approval_level: str
    current_period: str = Field(description="The latest period whose entry has opened.")
    current_deadline: date


class FormDetailOut(FormOut):
    unit_level: str
    indicators: list[FormIndicatorOut]


# --- completeness ------------------------------------------------------------------------------


class CompletenessFilterIn(Schema):
    form: Code = Field(description="Form code.")
    period: PeriodCode | None = Field(None, description="Period of the form's type; the current period when omitted.")


class CompletenessTotalsOut(Schema):
    expected: int
    submitted: int
    on_time: int
    approved: int
    overdue: int
    submitted_share: float | None
    on_time_share: float | None
    approved_share: float | None


class CompletenessUnitOut(Schema):
    unit: str
    unit_name: str
    status: str = Field(description="draft, submitted, returned, approved, or missing (not started).")
    deadline: date
    submitted: bool
    submitted_on: date | None
    on_time: bool
    approved: bool
    overdue: bool
    working_days_late: int


class CompletenessGroupOut(Schema):
    unit: str
    unit_name: str
    depth: int
    totals: CompletenessTotalsOut


class CompletenessOut(Schema):
    form: str
    period: str
    period_start: date
    period_end: date
    opens_on: date
    deadline: date
    totals: CompletenessTotalsOut
    units: list[CompletenessUnitOut]
    groups: list[CompletenessGroupOut]
