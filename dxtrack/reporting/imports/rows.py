"""The shapes every import format reads into and every caller reads back.

A reader turns a file (CSV, DHIS2 JSON or CSV, the XLSX template) into `ValueRow`s; the one
import service checks and writes them and answers with an `ImportReport`. A fault in the file
as a whole (a missing column, a PDF named .xlsx) is an `ImportFileError`, raised before or
while rows are read; the service reports it as an error on row 0 of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Errors kept in memory and in the job row: beyond this a file is plainly the wrong file, and
# keeping every message of a million-row file would break the flat-memory budget.
MAX_ERRORS_KEPT = 10_000


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One figure as the file gave it: text (or a number from a spreadsheet cell), unchecked.

    `row` is what a person finds in the file: the line number of a CSV (header = 1), the row of
    the worksheet, or the position of the entry in a DHIS2 `dataValues` list (first = 1).
    """

    row: int
    indicator_code: str
    unit_code: str
    period: str
    value: Any = None
    numerator: Any = None
    denominator: Any = None
    comment: str = ""
    # Faults the reader saw that belong to no field above: (column, message) pairs.
    problems: tuple[tuple[str, str], ...] = ()
    # The file's sample mark ("true" / "" …); None when the file has no such column.
    sample: Any = None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 0: the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""

    def __init__(self, message: str, *, row: int = 0, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def as_row_error(self) -> RowError:
        return RowError(row=self.row, column=self.column, message=self.message)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a rejected file, would have done)."""

    source: str
    format: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # template rows left blank
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row=row, column=column, message=str(message)))

    @property
    def rejected(self) -> bool:
        return self.error_count > 0

    @property
    def imported(self) -> bool:
        """True when the values were written: no error and not a dry run."""
        return not self.rejected and not self.dry_run
