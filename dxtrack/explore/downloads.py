"""Downloads of the tables a page shows (the series, the breakdown by unit): CSV, XLSX, JSON.

The columns are one contract for the three formats (`COLUMNS`); the files carry the exact
decimals (not the rounded text of the page). CSV is streamed row by row; XLSX is written by
openpyxl's write-only mode into a spooled temporary file, so neither holds the table twice.
Text a spreadsheet would run as a formula is neutralised. Every file says where its numbers
come from and under which licence (JSON: `licence`, `attribution`; XLSX: a second sheet).
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

import openpyxl
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dxtrack.figures.numbers import json_number, plain
from dxtrack.figures.shapes import Figure
from dxtrack.reporting.imports.cells import neutralise

FORMATS = ("csv", "xlsx", "json", "dhis2")
COLUMNS = (
    "indicator", "period", "unit_code", "unit_name", "value", "numerator", "denominator", "unit_of_measure",
    "expected_units", "reported_units", "missing_units", "complete", "provisional", "sample", "sources",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "dhis2": "application/json",
}
LICENCE = "CC BY 4.0"


def attribution() -> str:
    return _("dxtrack — figures computed from the values reported and approved in the programme")


def figure_row(figure: Figure, *, provisional: bool, language: str) -> dict[str, Any]:
    coverage = figure.coverage
    return {
        "indicator": figure.indicator_code,
        "period": figure.period,
        "unit_code": figure.unit_code,
        "unit_name": figure.unit_name(language),
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "unit_of_measure": figure.unit_of_measure,
        "expected_units": coverage.expected,
        "reported_units": coverage.reported,
        "missing_units": coverage.missing,
        "complete": figure.complete,
        "provisional": provisional,
        "sample": figure.is_sample,
        "sources": " | ".join(figure.sources),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # the byte-order mark makes Excel read UTF-8
    for row in rows:
        yield writer.writerow([_text(row[column]) for column in COLUMNS])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return plain(value) if hasattr(value, "as_tuple") else str(value)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    return value


def _dhis2(rows: Iterable[dict[str, Any]], title: str) -> dict[str, Any]:
    """DHIS2's `dataValueSets` shape: data element = indicator code, org unit = GSO code,
    period in DHIS2's notation, value as text; the licence travels in the set's comment."""
    return {
        "comment": f"{title} · {LICENCE} · {attribution()}",
        "dataValues": [
            {"dataElement": row["indicator"], "period": row["period"].replace("-", ""), "orgUnit": row["unit_code"], "value": plain(row["value"])}
            for row in rows if row["value"] is not None
        ],
    }


def table_response(*, rows: Iterable[dict[str, Any]], fmt: str, filename: str, title: str) -> HttpResponse:
    """The rows as a download in `fmt` (one of FORMATS), named `filename`.<fmt> (DHIS2: -dhis2.json)."""
    name = f"{slugify(filename) or 'dxtrack'}.{fmt}" if fmt != "dhis2" else f"{slugify(filename) or 'dxtrack'}-dhis2.json"
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(_csv_lines(rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if fmt == "xlsx":
        out = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(_("Figures")[:31])
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append([_cell(row[column]) for column in COLUMNS])
        about = book.create_sheet(_("About")[:31])
        for line in ((_("Title"), _cell(title)), (_("Licence"), LICENCE), (_("Attribution"), attribution())):
            about.append(list(line))
        book.save(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=name, content_type=CONTENT_TYPES["xlsx"])
    if fmt == "dhis2":
        response = HttpResponse(json.dumps(_dhis2(rows, title), ensure_ascii=False, indent=1), content_type=CONTENT_TYPES["json"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    document = {
        "title": title, "licence": LICENCE, "attribution": attribution(), "columns": list(COLUMNS),
        "rows": [{key: json_number(value) if hasattr(value, "as_tuple") else value for key, value in row.items()} for row in rows],
    }
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type=CONTENT_TYPES["json"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
