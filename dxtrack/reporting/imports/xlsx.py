"""XLSX: the template a unit fills in for one form and period, and the reader of any XLSX upload.

The template has three sheets:

* **Số liệu (Data)** — one row per indicator of the form: code, name, measure, unit code and
  name, period (pre-filled and locked), then value, numerator, denominator and note to type
  in (pre-filled with the current figures). Excel checks each input cell: a decimal ≥ 0, at
  most the limit for percentages (100 unless the indicator says otherwise), 0–1 for an index.
* **Hướng dẫn (Instructions)** — how to fill it in and send it, in Vietnamese then English.
* **_meta** — very hidden: the form code and revision, unit, period. An upload made from an
  older revision of the form is refused ("wrong template version").

The header cells read "Vietnamese label (key)"; the reader keys columns by the word in
brackets, or by the plain key, so the XLSX export (same columns) imports back as it is.
Rows whose value, numerator and denominator are all blank are skipped: a line of the template
left empty reports nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from dxtrack.reporting.imports.cells import clean_comment, clean_text, neutralise
from dxtrack.reporting.imports.readers import CSV_COLUMNS, CSV_REQUIRED, _check_header, _header_key
from dxtrack.reporting.imports.rows import ImportFileError, ValueRow

TEMPLATE_KIND = "dxtrack-values"
TEMPLATE_LAYOUT = 1  # raised if the sheet's columns ever change
META_SHEET = "_meta"
DATA_SHEET = "Số liệu"
# Columns shown for reading that the import ignores.
INFO_COLUMNS = ("indicator_name", "measure", "org_unit_name")
XLSX_COLUMNS = (*CSV_COLUMNS, *INFO_COLUMNS)
LABELS = {
    "indicator": "Mã chỉ tiêu",
    "indicator_name": "Tên chỉ tiêu",
    "measure": "Đơn vị tính",
    "org_unit": "Mã đơn vị",
    "org_unit_name": "Tên đơn vị",
    "period": "Kỳ báo cáo",
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "comment": "Ghi chú",
    "sample": "Dữ liệu mẫu",
}
TEMPLATE_ORDER = (
    "indicator", "indicator_name", "measure", "org_unit", "org_unit_name", "period",
    "value", "numerator", "denominator", "comment",
)
INPUT_COLUMNS = ("value", "numerator", "denominator", "comment")
_KEY_IN_BRACKETS = re.compile(r"\(([a-z_]+)\)\s*$")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


def header_label(key: str) -> str:
    return f"{LABELS[key]} ({key})"


def text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A cell that Excel shows as text whatever it starts with (formula injection guard)."""
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.data_type = "s"
    return cell


# --- the template ---------------------------------------------------------------------------


def _limits(indicator: Any) -> tuple[Decimal | None, Decimal | None]:
    """(lowest, highest) value Excel should accept for an indicator; None: no bound."""
    from dxtrack.programmes.models import ValueType

    limit = indicator.natural_limit
    if indicator.value_type in (ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS):
        return Decimal(0), limit if limit is not None else Decimal(100)
    if indicator.value_type in (ValueType.INDEX, ValueType.MILESTONE):
        return Decimal(0), Decimal(1)
    if indicator.value_type in (ValueType.COUNT, ValueType.AMOUNT_VND):
        return Decimal(0), limit
    return None, limit


def _validation(low: Decimal | None, high: Decimal | None, *, whole: bool = False) -> DataValidation | None:
    kind = "whole" if whole else "decimal"
    if low is not None and high is not None:
        rule = DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high))
        shown = _("A number from %(low)s to %(high)s.") % {"low": low, "high": high}
    elif low is not None:
        rule = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(low))
        shown = _("A number of at least %(low)s.") % {"low": low}
    elif high is not None:
        rule = DataValidation(type=kind, operator="lessThanOrEqual", formula1=str(high))
        shown = _("A number of at most %(high)s.") % {"high": high}
    else:
        rule = DataValidation(type=kind, operator="between", formula1="-1E+18", formula2="1E+18")
        shown = _("A number.")
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = "Giá trị không hợp lệ / Invalid value"
    rule.error = shown
    rule.promptTitle = "Nhập số / Enter a number"
    rule.prompt = shown
    rule.showInputMessage = True
    return rule


def template_write(
    *, out: IO[bytes], form: Any, unit: Any, period: Any, rows: Sequence[tuple[Any, Any]]
) -> None:
    """Write the template of `form` for `unit` and `period` (an analytics Period).

    `rows` are (indicator, current DataValue or None) in the form's order.
    """
    book = openpyxl.Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.append([header_label(key) for key in TEMPLATE_ORDER])
    for cell in data[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    rules: dict[tuple[Any, Any, bool], list[str]] = {}
    column = {key: openpyxl.utils.get_column_letter(index + 1) for index, key in enumerate(TEMPLATE_ORDER)}
    for number, (indicator, current) in enumerate(rows, start=2):
        values = {
            "indicator": indicator.code,
            "indicator_name": indicator.name_vi,
            "measure": indicator.unit,
            "org_unit": unit.code,
            "org_unit_name": unit.name_vi,
            "period": period.code,
            "value": current.value if current is not None else None,
            "numerator": current.numerator if current is not None else None,
            "denominator": current.denominator if current is not None else None,
            "comment": current.note if current is not None else "",
        }
        for key in TEMPLATE_ORDER:
            cell = data[f"{column[key]}{number}"]
            value = values[key]
            if isinstance(value, str):
                cell.value = neutralise(value)
                cell.data_type = "s"
            else:
                cell.value = value
            if key in INPUT_COLUMNS:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
        low, high = _limits(indicator)
        rules.setdefault((low, high, indicator.is_milestone), []).append(f"{column['value']}{number}")
        if indicator.has_parts:
            rules.setdefault((Decimal(0), None, False), []).extend(
                [f"{column['numerator']}{number}", f"{column['denominator']}{number}"]
            )
    for (low, high, whole), cells in rules.items():
        rule = _validation(low, high, whole=whole)
        if rule is not None:
            for reference in cells:
                rule.add(reference)
            data.add_data_validation(rule)
    for key, width in {"indicator": 14, "indicator_name": 60, "measure": 12, "org_unit": 12, "org_unit_name": 28,
                       "period": 12, "value": 14, "numerator": 14, "denominator": 14, "comment": 40}.items():
        data.column_dimensions[column[key]].width = width
    data.freeze_panes = "A2"
    # Codes are protected against slips of the keyboard; there is no password to forget.
    data.protection.sheet = True
    data.protection.formatColumns = False
    data.protection.autoFilter = False
    _instructions(book.create_sheet("Hướng dẫn"), form=form, unit=unit, period=period)
    meta = book.create_sheet(META_SHEET)
    for key, value in (
        ("template", TEMPLATE_KIND), ("layout", TEMPLATE_LAYOUT), ("form", form.code), ("revision", form.revision),
        ("org_unit", unit.code), ("period", period.code), ("generated_at", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, value])
        meta.cell(row=meta.max_row, column=2).data_type = "s" if isinstance(value, str) else "n"
    meta.sheet_state = "veryHidden"
    book.active = 0
    book.save(out)


def _instructions(sheet: Any, *, form: Any, unit: Any, period: Any) -> None:
    lines = [
        ("Biểu mẫu", f"{form.code} — {form.name_vi} (phiên bản {form.revision})"),
        ("Đơn vị", f"{unit.code} — {unit.name_vi}"),
        ("Kỳ báo cáo", period.label_vi),
        ("", ""),
        ("Hướng dẫn", "1. Nhập số liệu vào các ô màu vàng của trang “Số liệu”: Giá trị, hoặc Tử số và Mẫu số cho chỉ tiêu tỷ lệ (giá trị được tính tự động)."),
        ("", "2. Dùng dấu chấm hoặc định dạng số của Excel; không nhập chữ vào ô số. Tỷ lệ phần trăm từ 0 đến 100."),
        ("", "3. Không sửa mã chỉ tiêu, mã đơn vị, kỳ báo cáo; không thêm, xóa hoặc đổi thứ tự cột. Dòng để trống sẽ được bỏ qua."),
        ("", "4. Lưu dưới dạng “Excel Workbook (.xlsx)” (không dùng .xlsm có macro) rồi tải lên trang Nhập số liệu; có thể chọn “Chỉ kiểm tra” trước."),
        ("", "5. Tệp được nhập toàn bộ hoặc không nhập gì: nếu có lỗi, danh sách lỗi theo từng dòng sẽ hiện ra để sửa và tải lên lại."),
        ("", "6. Khi biểu mẫu thay đổi (phiên bản mới), hãy tải mẫu mới: mẫu cũ sẽ bị từ chối. Số liệu đã được phê duyệt chỉ sửa được sau khi mở lại."),
        ("", ""),
        ("Instructions", "1. Type figures into the yellow cells of the “Số liệu” (Data) sheet: the value, or numerator and denominator for a percentage (the value is computed)."),
        ("", "2. Numbers only in number cells; percentages from 0 to 100."),
        ("", "3. Do not change indicator codes, unit codes or periods, nor add, remove or reorder columns. Blank lines are skipped."),
        ("", "4. Save as “Excel Workbook (.xlsx)” (not a macro-enabled .xlsm) and upload it on the Import page; tick “Check only” first if you like."),
        ("", "5. The file is imported whole or not at all: any error is listed row by row, to correct and upload again."),
        ("", "6. When the form changes (new revision) download a new template: old ones are refused. Approved figures change only after the submission is reopened."),
    ]
    for label, text in lines:
        sheet.append([label, text])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 120
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)


# --- reading any XLSX upload -------------------------------------------------------------------


def _column_key(label: Any) -> str:
    text = clean_text(label)
    match = _KEY_IN_BRACKETS.search(text)
    return match[1] if match else _header_key(text)


class XlsxReader:
    """Rows of the first worksheet (the template's data sheet); the template's metadata if any."""

    format = "xlsx"
    decimal_comma = False

    def __init__(self, path: Path) -> None:
        if not openpyxl.DEFUSEDXML:  # pragma: no cover - a packaging fault, not user input
            raise ImportFileError(_("XLSX files cannot be read safely on this server (defusedxml is missing)."))
        self.path = Path(path)
        self.meta: dict[str, str] = {}
        self.skipped = 0
        with self._open() as book:
            if META_SHEET in book.sheetnames:
                for row in book[META_SHEET].iter_rows(max_col=2, max_row=50, values_only=True):
                    if row and row[0] is not None:
                        self.meta[str(row[0])] = clean_text(row[1] if len(row) > 1 else "")
            sheet = self._sheet(book)
            first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        self.header = [_column_key(label) for label in first]
        while self.header and not self.header[-1]:
            self.header.pop()
        if not self.header:
            raise ImportFileError(_("The first worksheet is empty: its first row must be the header."), row=1)
        _check_header(self.header, allowed=XLSX_COLUMNS, required=CSV_REQUIRED)
        self.columns = {key: LABELS[key] for key in CSV_COLUMNS}

    def _open(self) -> _Book:
        # A file object, not the path: openpyxl judges a path by its extension, and uploads are
        # stored as "upload" (the type was already checked by content, files.file_inspect).
        handle = self.path.open("rb")
        try:
            return _Book(openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False), handle)
        except Exception:
            handle.close()
            raise ImportFileError(_("The workbook cannot be read; open it in Excel and save it again as .xlsx.")) from None

    def _sheet(self, book: Any) -> Any:
        names = [name for name in book.sheetnames if name != META_SHEET]
        sheet = book[DATA_SHEET] if DATA_SHEET in names else book[names[0]]
        if sheet.__class__.__name__ != "ReadOnlyWorksheet":
            raise ImportFileError(_("The first sheet of the workbook is a chart, not a worksheet."))
        return sheet

    @property
    def form_code(self) -> str:
        return self.meta.get("form", "") if self.meta.get("template") == TEMPLATE_KIND else ""

    @property
    def form_revision(self) -> int | None:
        try:
            return int(Decimal(self.meta["revision"]))
        except (KeyError, ArithmeticError, ValueError):
            return None

    def __iter__(self) -> Iterator[ValueRow]:
        self.skipped = 0
        width = len(self.header)
        index = {key: position for position, key in enumerate(self.header)}

        def cell(values: tuple[Any, ...], key: str) -> Any:
            position = index.get(key)
            return values[position] if position is not None and position < len(values) else None

        with self._open() as book:
            sheet = self._sheet(book)
            try:
                for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width + 20, values_only=True), start=2):
                    if not any(value is not None and str(value).strip() for value in values):
                        continue
                    if all(cell(values, key) in (None, "") for key in ("value", "numerator", "denominator")):
                        self.skipped += 1
                        continue
                    problems = []
                    if any(value is not None and str(value).strip() for value in values[width:]):
                        problems.append(("", _("This row has cells right of the last column of the header.")))
                    yield ValueRow(
                        row=number,
                        indicator_code=clean_text(cell(values, "indicator")),
                        unit_code=clean_text(cell(values, "org_unit")),
                        period=_period_text(cell(values, "period")),
                        value=cell(values, "value"),
                        numerator=cell(values, "numerator"),
                        denominator=cell(values, "denominator"),
                        comment=clean_comment(cell(values, "comment")),
                        problems=tuple(problems),
                        sample=cell(values, "sample") if "sample" in index else None,
                    )
            except ImportFileError:
                raise
            except Exception:
                raise ImportFileError(_("The workbook cannot be read; open it in Excel and save it again as .xlsx.")) from None


def _period_text(value: Any) -> str:
    # Excel turns a typed "2024-05" into a date; read it back as the month it meant.
    if isinstance(value, datetime):
        return f"{value.year}-{value.month:02d}"
    return clean_text(value)


class _Book:
    """openpyxl's read-only workbook keeps its ZIP open until closed: close it on every path."""

    def __init__(self, book: Any, handle: IO[bytes]) -> None:
        self.book = book
        self.handle = handle

    def __enter__(self) -> Any:
        return self.book

    def __exit__(self, *exc: object) -> None:
        self.book.close()
        self.handle.close()


def template_build(*, out: IO[bytes], form: Any, unit: Any, period: Any) -> None:
    """The template of `form` for `unit` and `period`, pre-filled with the current figures."""
    from dxtrack.reporting.models import DataValue, FormIndicator

    links = list(FormIndicator.objects.filter(form=form).select_related("indicator").order_by("order", "indicator__code"))
    current = {
        value.indicator_id: value
        for value in DataValue.objects.filter(
            org_unit=unit, period=period.code, indicator_id__in=[link.indicator_id for link in links]
        )
    }
    template_write(
        out=out, form=form, unit=unit, period=period,
        rows=[(link.indicator, current.get(link.indicator_id)) for link in links],
    )
