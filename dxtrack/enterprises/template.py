"""The registry's XLSX template: what an officer downloads, fills in and uploads again.

Three sheets, the data sheet first (the import reads the first sheet only):

* the data sheet: the header of the import's columns (files.py), then one example row, marked
  as an example in its tax code cell (files.EXAMPLE_PREFIXES), which the import skips and
  reports as skipped. Closed columns carry a drop-down list (legal form, status, IT flag, the
  VSIC divisions), the numbers a whole-number check, the tax code column is text (an MST may
  start with 0), and every column is as wide as its content;
* "Hướng dẫn - Instructions": every column explained in Vietnamese and English, the reader's
  language first (both always: a template is passed on between officers);
* "VSIC": the sections (letters A to U) and their divisions, which the VSIC drop-down offers.

Sheet names cannot hold "/" (Excel forbids it), hence the dash.
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dxtrack.enterprises.files import COLUMNS, EXAMPLE_PREFIXES, REQUIRED
from dxtrack.enterprises.models import EnterpriseStatus, LegalForm
from dxtrack.enterprises.vsic import vsic_divisions, vsic_sections

DATA_SHEET = "registry"
VSIC_SHEET = "VSIC"
ROWS_VALIDATED = 100_000  # the drop-downs reach this row: more than a province's registry
EXAMPLE = {
    "tax_code": "0100109106", "name": "Công ty TNHH Ví dụ Bình Dương", "name_en": "Example Binh Duong Co., Ltd",
    "legal_form": LegalForm.LLC_MANY, "vsic": "6201", "ward": "25747", "employees": 12,
    "revenue_vnd": 8_000_000_000, "capital_vnd": 2_000_000_000, "status": EnterpriseStatus.ACTIVE,
    "status_since": "", "registered_on": "15/03/2019", "is_it": 1,
    "e_contracts": 1,
}
# Each column in Vietnamese and in English: both go into the instructions sheet whatever the
# reader's language, so they are kept here as pairs, not in the catalogue.
HELP: dict[str, tuple[str, str]] = {
    "tax_code": (
        "Mã số thuế: 10 chữ số, hoặc 13 chữ số (NNNNNNNNNN-NNN) cho chi nhánh. Hộ kinh doanh (hkd) có thể ghi số định danh "
        "cá nhân 12 chữ số của chủ hộ.",
        "Tax code (MST): 10 digits, or 13 (NNNNNNNNNN-NNN) for a branch. A household business (hkd) may give the owner's "
        "12-digit personal ID.",
    ),
    "name": ("Tên doanh nghiệp bằng tiếng Việt.", "The enterprise's name in Vietnamese."),
    "name_en": ("Tên tiếng Anh (không bắt buộc).", "Its name in English (optional)."),
    "legal_form": (
        "Loại hình: dntn (DN tư nhân), hop_danh (công ty hợp danh), tnhh1 (TNHH một thành viên), tnhh2 (TNHH hai thành viên "
        "trở lên), co_phan (cổ phần), htx (hợp tác xã), hkd (hộ kinh doanh).",
        "Legal form: dntn (private enterprise), hop_danh (partnership), tnhh1 (single-member LLC), tnhh2 (multi-member LLC), "
        "co_phan (joint-stock company), htx (cooperative), hkd (household business).",
    ),
    "vsic": (
        "Ngành kinh doanh chính, mã VSIC 2018 từ 2 đến 5 chữ số (ví dụ 6201: lập trình máy vi tính); danh sách ngành cấp 2 ở "
        "trang VSIC.",
        "Main business line, a VSIC 2018 code of 2 to 5 digits (e.g. 6201: computer programming); the divisions are listed "
        "on the VSIC sheet.",
    ),
    "ward": (
        "Phường, xã: mã đơn vị hành chính (mới hoặc trước 1/7/2025) hoặc địa chỉ \"phường, (huyện,) tỉnh\".",
        "Ward: its administrative code (today's or before 1 July 2025), or an address \"ward, (district,) province\".",
    ),
    "employees": (
        "Số lao động tham gia bảo hiểm xã hội bình quân năm (số nguyên).",
        "Yearly average of employees with social insurance (a whole number).",
    ),
    "revenue_vnd": (
        "Tổng doanh thu năm (đồng). Ghi doanh thu hoặc nguồn vốn, hoặc cả hai: quy mô (Nghị định 80/2021) được tính từ đó.",
        "Yearly revenue (VND). Give the revenue or the capital, or both: the size class (Decree 80/2021) is computed from them.",
    ),
    "capital_vnd": ("Tổng nguồn vốn (đồng).", "Total capital (VND)."),
    "status": (
        "Tình trạng: active (đang hoạt động, mặc định), suspended (tạm ngừng), dissolved (giải thể).",
        "Status: active (the default), suspended, dissolved.",
    ),
    "status_since": ("Ngày tình trạng có hiệu lực (31/12/2024 hoặc 2024-12-31).", "The date the status took effect (31/12/2024 or 2024-12-31)."),
    "registered_on": ("Ngày đăng ký doanh nghiệp.", "The registration date."),
    "is_it": (
        "Doanh nghiệp công nghệ thông tin: 1 (có) hoặc 0 (không); để trống thì theo ngành VSIC (26, 61, 62, 63, 95).",
        "IT enterprise: 1 (yes) or 0 (no); blank: by the VSIC division (26, 61, 62, 63, 95).",
    ),
    "e_contracts": (
        "Doanh nghiệp có ký hợp đồng điện tử không: 1 (có) hoặc 0 (không); để trống nếu chưa biết.",
        "Does the enterprise sign contracts electronically (e-contracts): 1 (yes) or 0 (no); blank if not known.",
    ),
}
CLOSED_LISTS = {
    "legal_form": tuple(LegalForm.values),
    "status": tuple(EnterpriseStatus.values),
    "is_it": ("1", "0"),
    "e_contracts": ("1", "0"),
}
WHOLE_NUMBERS = ("employees", "revenue_vnd", "capital_vnd")
_BOLD = Font(bold=True)
_EXAMPLE_FONT = Font(italic=True, color="666666")
_EXAMPLE_FILL = PatternFill("solid", fgColor="EEEEEE")


def registry_template_xlsx(*, language: str) -> bytes:
    """The template workbook as bytes; `language` ("vi" or "en") says which language comes first."""
    vietnamese_first = language != "en"
    workbook = openpyxl.Workbook()
    _data_sheet(workbook.active, vietnamese_first=vietnamese_first)
    _instructions_sheet(workbook.create_sheet(instructions_title(vietnamese_first)), vietnamese_first=vietnamese_first)
    _vsic_sheet(workbook.create_sheet(VSIC_SHEET), vietnamese_first=vietnamese_first)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def instructions_title(vietnamese_first: bool) -> str:
    return "Hướng dẫn - Instructions" if vietnamese_first else "Instructions - Hướng dẫn"


def example_marker(vietnamese_first: bool) -> str:
    vietnamese, english = EXAMPLE_PREFIXES
    first, second = (vietnamese, english) if vietnamese_first else (english, vietnamese)
    return f"{first.capitalize()} / {second.capitalize()}: "


def _data_sheet(sheet, *, vietnamese_first: bool) -> None:
    sheet.title = DATA_SHEET
    sheet.append(list(COLUMNS))
    example = dict(EXAMPLE, tax_code=example_marker(vietnamese_first) + EXAMPLE["tax_code"])
    sheet.append([example[name] for name in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = _BOLD
        cell = sheet.cell(row=2, column=index)
        cell.font, cell.fill = _EXAMPLE_FONT, _EXAMPLE_FILL
        sheet.column_dimensions[letter].width = min(60, max(len(name), len(str(example[name]))) + 4)
        cells = f"{letter}2:{letter}{ROWS_VALIDATED}"
        if name in CLOSED_LISTS:
            _validate(sheet, cells, DataValidation(type="list", formula1=f'"{",".join(CLOSED_LISTS[name])}"', allow_blank=True))
        elif name in WHOLE_NUMBERS:
            _validate(sheet, cells, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True))
        elif name == "vsic":
            # A suggestion, not a rule: the list offers the divisions, and a longer code (6201) is allowed too.
            divisions = f"'{VSIC_SHEET}'!$C$2:$C${len(vsic_divisions()) + 1}"
            _validate(sheet, cells, DataValidation(type="list", formula1=divisions, allow_blank=True, showErrorMessage=False))
    # Text, not numbers: an MST may start with 0, which a number cell drops.
    sheet.column_dimensions[get_column_letter(COLUMNS.index("tax_code") + 1)].number_format = "@"


def _validate(sheet, cells: str, validation: DataValidation) -> None:
    sheet.add_data_validation(validation)
    validation.add(cells)


def _instructions_sheet(sheet, *, vietnamese_first: bool) -> None:
    def ordered(vietnamese: str, english: str) -> list[str]:
        return [vietnamese, english] if vietnamese_first else [english, vietnamese]

    sheet.append(["Cột / Column", *ordered("Bắt buộc", "Required"), *ordered("Giải thích", "Explanation")])
    for name in COLUMNS:
        required = name in REQUIRED
        sheet.append([name, *ordered("có" if required else "không", "yes" if required else "no"), *ordered(*HELP[name])])
    sheet.append([])
    sheet.append(["", "", "", *ordered(
        "Dòng 2 của trang dữ liệu là dòng ví dụ: khi nhập, dòng có mã số thuế bắt đầu bằng \"Ví dụ\" được bỏ qua. "
        "Cột quy mô (size_class) không cần ghi: hệ thống tự tính.",
        "Row 2 of the data sheet is an example: on import a row whose tax code starts with \"Example\" is skipped. "
        "The size class (size_class) is not filled in: it is computed.",
    )])
    for cell in sheet[1]:
        cell.font = _BOLD
    for letter, width in zip("ABCDE", (16, 10, 10, 70, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _vsic_sheet(sheet, *, vietnamese_first: bool) -> None:
    names = ("Tên (tiếng Việt)", "Name (English)")
    sheet.append(["Ngành cấp 1 / Section", "Tên ngành cấp 1 / Section name", "Ngành cấp 2 / Division",
                  *(names if vietnamese_first else names[::-1])])
    sections = vsic_sections()
    for division in vsic_divisions().values():
        section_vi, section_en = sections[division.section]
        pair = (division.name_vi, division.name_en)
        sheet.append([division.section, section_vi if vietnamese_first else section_en, division.code,
                      *(pair if vietnamese_first else pair[::-1])])
    for cell in sheet[1]:
        cell.font = _BOLD
    for letter, width in zip("ABCDE", (12, 40, 12, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
