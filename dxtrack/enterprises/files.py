"""The registry's file layout (CSV and XLSX, the same columns) and its readers and writers.

Import columns (header row first; names as below, case and spaces ignored):

| column | required | content |
| --- | --- | --- |
| `tax_code` | yes | MST (10 digits, or 13 / `NNNNNNNNNN-NNN` for a branch); a household business (`hkd`) may give the owner's 12-digit personal ID |
| `name` | yes | name in Vietnamese |
| `name_en` | no | name in English |
| `legal_form` | yes | `dntn`, `hop_danh`, `tnhh1`, `tnhh2`, `co_phan`, `htx`, `hkd` |
| `vsic` | yes | main business line, VSIC 2018, 2 to 5 digits |
| `ward` | yes | ward code (old or new) or address |
| `employees` | yes | yearly average of employees with social insurance |
| `revenue_vnd`, `capital_vnd` | yes (columns) | in VND; one of the two may be blank |
| `status`, `status_since` | no | `active` (default), `suspended`, `dissolved`; the date it took effect |
| `registered_on` | no | registration date |
| `is_it` | no | 1/0 (có/không); blank: by the VSIC division (26, 61, 62, 63, 95) |
| `e_contracts` | no | 1/0: signs contracts electronically (KTS-04); blank: not known |

A row whose `tax_code` starts with “Ví dụ” or “Example” is the template's example: skipped.

The export writes the same columns plus `size_class` (Decree 80) and `ward_code` (today's
ward) and `ward_before_2025_code`; these are read back and ignored, so an export imports as it is.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _

from dxtrack.enterprises.text import fold
from dxtrack.reporting.imports.cells import clean_text, neutralise

COLUMNS = (
    "tax_code", "name", "name_en", "legal_form", "vsic", "ward", "employees", "revenue_vnd", "capital_vnd",
    "status", "status_since", "registered_on", "is_it", "e_contracts",
)
REQUIRED = ("tax_code", "name", "legal_form", "vsic", "ward", "employees", "revenue_vnd", "capital_vnd")
COMPUTED = ("size_class", "ward_code", "ward_before_2025_code")
EXPORT_COLUMNS = (*COLUMNS, *COMPUTED)
FORMATS = ("csv", "xlsx")
# A row whose tax code starts with one of these (accents and case aside) is the template's
# example row: skipped, and counted as skipped, so an untouched template imports nothing.
EXAMPLE_PREFIXES = ("ví dụ", "example")
_EXAMPLE_FOLDED = tuple(fold(prefix) for prefix in EXAMPLE_PREFIXES)


class RegistryFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


def header_key(name: Any) -> str:
    return clean_text(name).lower().replace(" ", "_").replace("-", "_")


def check_header(header: list[str]) -> None:
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise RegistryFileError(_("Column(s) %(columns)s appear twice in the header.") % {"columns": ", ".join(duplicates)})
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RegistryFileError(
            _("Missing column(s): %(missing)s. The header must name at least: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(REQUIRED)}
        )
    unknown = [name for name in header if name and name not in EXPORT_COLUMNS]
    if unknown:
        raise RegistryFileError(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)}
        )


def is_example_row(cells: dict[str, Any]) -> bool:
    tax_code = cells.get("tax_code")
    return isinstance(tax_code, str) and not tax_code[:1].isdigit() and fold(tax_code).startswith(_EXAMPLE_FOLDED)


def format_of(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        return "xlsx"
    if path.suffix.lower() in (".xlsx", ".xls", ".pdf", ".docx"):
        raise RegistryFileError(_("The file is not an XLSX workbook: save it from Excel as .xlsx, or as CSV UTF-8."))
    return "csv"


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a person finds it, {column: cell}) for every non-blank row after the header."""
    path = Path(path)
    rows = _xlsx_rows(path) if format_of(path) == "xlsx" else _csv_rows(path)
    try:
        first = next(rows)
    except StopIteration:
        raise RegistryFileError(_("The file is empty: the first row must be the header.")) from None
    header = [header_key(name) for name in first]
    check_header(header)
    for number, cells in enumerate(rows, start=2):
        if not any(clean_text(cell) for cell in cells):
            continue
        yield number, {name: cells[index] if index < len(cells) else None for index, name in enumerate(header) if name}


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            sample = handle.readline()
            delimiter = max((",", ";", "\t"), key=sample.count)
            handle.seek(0)
            if handle.read(1) != "\ufeff":
                handle.seek(0)
            yield from csv.reader(handle, delimiter=delimiter)
    except UnicodeDecodeError:
        raise RegistryFileError(_("The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”.")) from None
    except csv.Error as error:
        raise RegistryFileError(_("The file is not valid CSV: %(error)s") % {"error": error}) from None


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    # A handle, not the path: openpyxl refuses a path whose name does not end in .xlsx, and a
    # web upload is stored as `upload`, without its name.
    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise RegistryFileError(_("The file is not a readable XLSX workbook.")) from None
        try:
            sheet = workbook.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()


def write_csv(rows: Iterable[dict[str, Any]], handle: IO[str]) -> None:
    """CSV UTF-8 with a byte-order mark (what Excel opens as UTF-8), formulas neutralised."""
    handle.write("\ufeff")
    writer = csv.writer(handle)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_cell_text(row.get(name)) for name in EXPORT_COLUMNS])


def write_xlsx(rows: Iterable[dict[str, Any]], path: Path, *, sheet_title: str) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([_cell_value(row.get(name)) for name in EXPORT_COLUMNS])
    workbook.save(path)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(str(value))


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int) or value is None:
        return value
    return neutralise(str(value))
