"""Exports of reported values: dxtrack CSV, DHIS2 CSV, DHIS2 `dataValueSets` JSON and XLSX.

`values_export` streams: rows come from the database in chunks of `CHUNK` and go straight to
the output, so a million values cost the memory of a few thousand (XLSX is written by
openpyxl's write-only mode, which also streams). Every text cell that a spreadsheet could run
as a formula is neutralised (see `imports.cells.neutralise`); each export imports back as it is.

Filters: `programme` (its indicators), `unit` (the unit and every unit below it), `period`
(values whose period lies within it: 2024 gives 2024, 2024S1…, 2024Q1…, 2024-01…).
Synthetic sample values follow DXTRACK_SHOW_SYNTHETIC, like every page.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.db.models import QuerySet

from dxtrack.analytics.periods import Period, parse_period
from dxtrack.orgunits.models import OrgUnit
from dxtrack.orgunits.selectors import orgunit_get_by_code, orgunit_get_for_period, orgunit_subtree
from dxtrack.programmes.models import Programme
from dxtrack.reporting.imports.cells import neutralise
from dxtrack.reporting.imports.readers import CSV_COLUMNS, DHIS2_CSV_COLUMNS
from dxtrack.reporting.imports.xlsx import header_label, text_cell
from dxtrack.reporting.models import DataValue

EXPORT_FORMATS = ("csv", "dhis2-csv", "dhis2-json", "xlsx")
CHUNK = 5_000
XLSX_EXPORT_COLUMNS = (
    "indicator", "indicator_name", "org_unit", "org_unit_name", "period", "value", "numerator", "denominator", "comment",
    "sample",
)
_FIELDS = (
    "indicator__code", "indicator__name_vi", "org_unit__code", "org_unit__name_vi", "period",
    "value", "numerator", "denominator", "note", "recorded_by__username", "recorded_at", "is_synthetic",
)


def sample_mark(is_synthetic: bool) -> str:
    """The `sample` column: "true" for a synthetic sample value, empty for a real one."""
    return "true" if is_synthetic else ""


def values_export_queryset(
    *, programme: Programme | None = None, unit: OrgUnit | None = None, period: Period | str | None = None,
) -> QuerySet[DataValue]:
    values = DataValue.objects.all()
    if programme is not None:
        values = values.filter(indicator__programme=programme)
    if unit is not None:
        values = values.filter(org_unit__in=orgunit_subtree(unit).values("pk"))
    if period is not None:
        period = parse_period(period) if isinstance(period, str) else period
        values = values.filter(period_start__gte=period.start, period_end__lte=period.end)
    if not getattr(settings, "DXTRACK_SHOW_SYNTHETIC", True):
        values = values.filter(is_synthetic=False)
    return values.order_by("period_start", "period", "org_unit__code", "indicator__code")


def values_export(
    *,
    out: IO[bytes],
    format: str,  # noqa: A002 - the word of the command line
    programme: Programme | None = None,
    unit: OrgUnit | None = None,
    period: Period | str | None = None,
) -> int:
    """Write the chosen values to the binary stream `out`; returns how many values."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(EXPORT_FORMATS)}")
    rows = _rows(values_export_queryset(programme=programme, unit=unit, period=period))
    writer = {"csv": _csv, "dhis2-csv": _dhis2_csv, "dhis2-json": _dhis2_json, "xlsx": _xlsx}[format]
    return writer(out, rows)


def _rows(values: QuerySet[DataValue]) -> Iterator[dict[str, Any]]:
    for record in values.values_list(*_FIELDS).iterator(chunk_size=CHUNK):
        yield dict(zip(_FIELDS, record, strict=True))


def number(value: Decimal | None) -> str:
    """A stored figure as plain text without trailing zeros: 37.500000 → 37.5, 12.000000 → 12."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text_stream(out: IO[bytes], *, bom: bool) -> io.TextIOWrapper:
    return io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=False)


def _csv(out: IO[bytes], rows: Iterator[dict[str, Any]]) -> int:
    # A byte-order mark, so that Excel shows Vietnamese letters; the importer accepts it.
    text = _text_stream(out, bom=True)
    writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180; fields holding CR or LF get quoted
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        count += 1
        writer.writerow([
            neutralise(row["indicator__code"]), neutralise(row["org_unit__code"]), row["period"],
            number(row["value"]), number(row["numerator"]), number(row["denominator"]), neutralise(row["note"]),
            sample_mark(row["is_synthetic"]),
        ])
    text.flush()
    text.detach()
    return count


def _dhis2_entries(row: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(category option combo, value, comment) of each DHIS2 data value a figure becomes."""
    yield "", number(row["value"]), row["note"]
    if row["numerator"] is not None and row["denominator"] is not None:
        yield "numerator", number(row["numerator"]), ""
        yield "denominator", number(row["denominator"]), ""


def _dhis2_common(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        row["indicator__code"], parse_period(row["period"]).dhis2, row["org_unit__code"],
        row["recorded_by__username"] or "",
    )


def _dhis2_csv(out: IO[bytes], rows: Iterator[dict[str, Any]]) -> int:
    # No byte-order mark: DHIS2 reads the first header name with it otherwise.
    text = _text_stream(out, bom=False)
    writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180; fields holding CR or LF get quoted
    writer.writerow(DHIS2_CSV_COLUMNS)
    count = 0
    for row in rows:
        count += 1
        element, period, unit, stored_by = _dhis2_common(row)
        updated = row["recorded_at"].isoformat(timespec="seconds") if row["recorded_at"] else ""
        for combo, value, comment in _dhis2_entries(row):
            writer.writerow([
                neutralise(element), period, neutralise(unit), combo, "", value,
                neutralise(stored_by), updated, neutralise(comment), "false",
            ])
    text.flush()
    text.detach()
    return count


def _dhis2_json(out: IO[bytes], rows: Iterator[dict[str, Any]]) -> int:
    out.write(b'{"dataValues": [')
    count = 0
    separator = b"\n"
    for row in rows:
        element, period, unit, stored_by = _dhis2_common(row)
        for combo, value, comment in _dhis2_entries(row):
            entry: dict[str, Any] = {"dataElement": element, "period": period, "orgUnit": unit}
            if combo:
                entry["categoryOptionCombo"] = combo
            entry.update(value=value, storedBy=stored_by)
            if row["recorded_at"]:
                entry["lastUpdated"] = row["recorded_at"].isoformat(timespec="seconds")
            if comment:
                entry["comment"] = comment
            entry["followup"] = False
            out.write(separator + json.dumps(entry, ensure_ascii=False).encode())
            separator = b",\n"
        count += 1
    out.write(b"\n]}\n")
    return count


def _xlsx(out: IO[bytes], rows: Iterator[dict[str, Any]]) -> int:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append([header_label(key) for key in XLSX_EXPORT_COLUMNS])
    count = 0
    for row in rows:
        count += 1
        sheet.append([
            text_cell(sheet, row["indicator__code"]), text_cell(sheet, row["indicator__name_vi"]),
            text_cell(sheet, row["org_unit__code"]), text_cell(sheet, row["org_unit__name_vi"]),
            text_cell(sheet, row["period"]), row["value"], row["numerator"], row["denominator"],
            text_cell(sheet, row["note"]), text_cell(sheet, sample_mark(row["is_synthetic"])),
        ])
    book.save(out)
    return count


def unit_for_export(code: str, *, period: Period | None = None) -> OrgUnit | None:
    """The unit a code names: for a period, as imports resolve it; otherwise today's unit,
    else the one that existed last (old Binh Duong's 74)."""
    if period is not None:
        return orgunit_get_for_period(code, start=period.start, end=period.end)
    return orgunit_get_by_code(code) or OrgUnit.objects.filter(code=code).order_by("-valid_to").first()
