"""The report's figures as an XLSX workbook: one sheet per section.

Figures are numbers with number formats (never text), so they can be added up and charted;
every sheet carries the title, the as-of date and the sources above a frozen header row; any
text a spreadsheet would run as a formula is quoted (``reporting.imports.cells.neutralise``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dxtrack.reporting.imports.cells import neutralise
from dxtrack.reports.shapes import Report, TargetLine

HEADER_ROW = 5
VALUE_FORMAT = "#,##0.0##"
SHARE_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def xlsx_write(report: Report, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, report)
    for pillar in report.pillars:
        _targets(workbook, report, f"{pillar.code} {pillar.name}", pillar.lines)
    _attention(workbook, report)
    _completeness(workbook, report)
    _methodology(workbook, report)
    stamp = datetime(report.issued_on.year, report.issued_on.month, report.issued_on.day)
    workbook.properties.title = report.title
    workbook.properties.creator = report.agency
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.language = report.language
    workbook.save(str(path))


def sheet_name(text: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", text)[:31].strip()


def _sheet(workbook: Workbook, report: Report, name: str, header: Sequence[str], widths: Sequence[int]) -> Worksheet:
    sheet = workbook.create_sheet(sheet_name(name))
    sheet["A1"] = _text(report.title)
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"] = _("As of")
    sheet["B2"] = report.as_of
    sheet["B2"].number_format = DATE_FORMAT
    sheet["B2"].alignment = Alignment(horizontal="left")
    sheet["A3"] = _("Sources")
    sheet["B3"] = _text("; ".join(report.sources) or "—")
    if report.sample_notice:
        sheet["A4"] = _text(report.sample_notice)
        sheet["A4"].font = Font(italic=True)
    for column, (title, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=_text(title))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    return sheet


def _text(value: str) -> str:
    return neutralise(value)


def _append(sheet: Worksheet, values: Sequence[Any], formats: Sequence[str | None]) -> None:
    row = sheet.max_row + 1
    for column, (value, number_format) in enumerate(zip(values, formats, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=_text(value) if isinstance(value, str) else value)
        if number_format and value is not None:
            cell.number_format = number_format


def _summary(workbook: Workbook, report: Report) -> None:
    labels = [label for _key, label in report.statuses]
    sheet = _sheet(workbook, report, _("Summary"), [_("Pillar"), *labels, _("Total")], [40, *[14] * len(labels), 10])
    formats = [None, *[COUNT_FORMAT] * (len(labels) + 1)]
    for pillar in report.pillars:
        counts = [pillar.counts.get(key, 0) for key, _label in report.statuses]
        _append(sheet, [pillar.name, *counts, sum(counts)], formats)
    counts = [report.counts.get(key, 0) for key, _label in report.statuses]
    _append(sheet, [_("Whole programme"), *counts, sum(counts)], formats)
    sheet.cell(row=sheet.max_row + 2, column=1, value=_text(report.headline))


TARGET_HEADER = (
    pgettext_lazy("report", "Indicator code"),
    pgettext_lazy("report", "Indicator"),
    pgettext_lazy("report", "Target"),
    pgettext_lazy("report", "Deadline"),
    pgettext_lazy("report", "Figure"),
    pgettext_lazy("report", "Unit"),
    pgettext_lazy("report", "Period"),
    pgettext_lazy("report", "Units reported"),
    pgettext_lazy("report", "Units expected"),
    pgettext_lazy("report", "Coverage"),
    pgettext_lazy("report", "Status"),
    pgettext_lazy("report", "Projected at deadline"),
    pgettext_lazy("report", "Responsible agency"),
    pgettext_lazy("report", "Sample data"),
)


def _target_values(line: TargetLine) -> list[Any]:
    return [
        line.indicator_code, line.indicator_name, line.target_text, line.deadline, line.value, line.unit_of_measure,
        line.period, line.coverage_reported, line.coverage_expected, line.coverage_share, line.status_label,
        line.projection_value, line.responsible_agency, _("yes") if line.is_sample else "",
    ]


TARGET_FORMATS = (None, None, None, DATE_FORMAT, VALUE_FORMAT, None, None, COUNT_FORMAT, COUNT_FORMAT, SHARE_FORMAT,
                  None, VALUE_FORMAT, None, None)
TARGET_WIDTHS = (12, 50, 24, 12, 12, 8, 8, 10, 10, 10, 14, 14, 36, 8)


def _targets(workbook: Workbook, report: Report, name: str, lines: Sequence[TargetLine]) -> None:
    sheet = _sheet(workbook, report, name, [str(title) for title in TARGET_HEADER], TARGET_WIDTHS)
    for line in lines:
        _append(sheet, _target_values(line), TARGET_FORMATS)


def _attention(workbook: Workbook, report: Report) -> None:
    header = [str(title) for title in TARGET_HEADER] + [_("Next year on the required path"), _("Gap to close per year")]
    sheet = _sheet(workbook, report, _("Off track and at risk"), header, [*TARGET_WIDTHS, 14, 14])
    for line in report.attention:
        _append(sheet, [*_target_values(line), line.required_next, line.gap_per_year], [*TARGET_FORMATS, VALUE_FORMAT, VALUE_FORMAT])


def _completeness(workbook: Workbook, report: Report) -> None:
    header = [_("Form code"), _("Form"), _("Unit code"), _("Unit"), pgettext("report", "Period"), _("Indicators reported"),
              _("Indicators expected"), _("Share")]
    sheet = _sheet(workbook, report, pgettext("report", "Completeness"), header, [14, 40, 10, 30, 8, 12, 12, 10])
    for row in report.completeness:
        _append(sheet, [row.form_code, row.form_name, row.unit_code, row.unit_name, row.period, row.reported, row.expected, row.share],
                [None, None, None, None, None, COUNT_FORMAT, COUNT_FORMAT, SHARE_FORMAT])


def _methodology(workbook: Workbook, report: Report) -> None:
    sheet = _sheet(workbook, report, _("Methodology"), [_("Rule")], [120])
    for text in (*report.methodology, *(f"{_('Source')}: {source}" for source in report.sources), report.sample_notice):
        if text:
            _append(sheet, [text], [None])
            sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True)


