"""Hostile and mistaken files, and the XLSX template: checked by content, refused precisely."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from dxtrack.analytics.periods import parse_period
from dxtrack.reporting.imports import values_import_file
from dxtrack.reporting.imports.files import MAX_UPLOAD_BYTES, display_name, file_inspect
from dxtrack.reporting.imports.rows import ImportFileError
from dxtrack.reporting.imports.xlsx import DATA_SHEET, META_SHEET, template_build
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file, snapshot


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(path, **options) -> str:
    """The one message of a file refused as a whole (on row 0, or on the header's row 1)."""
    report = values_import_file(path=path, filename=path.name, user=None, **options)
    assert report.rejected and [error.row for error in report.errors] in ([0], [1])
    return report.errors[0].message


def test_a_pdf_renamed_to_xlsx_is_refused_by_its_content(tmp_path, seeded):
    path = tmp_path / "values.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert refused(path) == "The file is a PDF document, not a spreadsheet or data file. Upload the XLSX template, CSV or DHIS2 file itself."
    assert refused(path, format="xlsx") == refused(path)
    assert snapshot() == seeded


def test_a_declared_format_that_the_content_contradicts(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,")
    assert refused(path, format="xlsx") == "The file was given as XLSX but its content is CSV."
    assert snapshot() == seeded


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, seeded):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))  # 64 MiB of zeros, ~64 KiB packed
    assert path.stat().st_size < 1024 * 1024
    assert refused(path) == "The workbook would unpack to far more data than it holds (a “zip bomb”); it was not opened."
    assert snapshot() == seeded


def test_a_workbook_with_macros_is_refused(tmp_path, seeded):
    path = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    assert refused(path) == "Workbooks with macros (.xlsm) are refused. Save it as “Excel Workbook (.xlsx)” without macros."
    assert snapshot() == seeded


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "The file is an old Excel 97–2003 (.xls) or Office document. Open it in Excel and save it as “Excel Workbook (.xlsx)”."),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "The file is an image or a compressed archive, not a spreadsheet or data file."),
    (b"\x00\x01\x02binary", "The file is binary, not a spreadsheet or data file."),
    (b"<html><body>login</body></html>", "The file is HTML or XML, not CSV. Upload the XLSX template, CSV or DHIS2 file itself."),
])
def test_other_files_that_are_not_data(tmp_path, seeded, content, message):
    path = tmp_path / "values.csv"
    path.write_bytes(content)
    assert refused(path) == message
    assert snapshot() == seeded


def test_a_word_document_or_a_plain_zip(tmp_path, seeded):
    docx, plain = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("../../etc/passwd", "root")
    assert refused(docx) == "The file is a Word document, not an XLSX workbook."
    assert refused(plain) == "The file is a ZIP archive, not an XLSX workbook."
    assert snapshot() == seeded


def test_a_file_over_50_mb_is_refused_whatever_it_holds(tmp_path, seeded):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: the real limit, without writing 50 MB
        handle.write(b"indicator,org_unit,period,value\n")
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    assert refused(path) == "The file is 50.0 MB; files over 50 MB are refused. Split it into smaller files."
    assert snapshot() == seeded


def test_file_names_are_for_display_only():
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("C:\\Users\\x\\values.xlsx") == "values.xlsx"
    assert display_name("a\x00b\nc.csv") == "abc.csv"
    assert display_name("") == "upload"


def test_formats_are_read_from_the_content(tmp_path):
    (tmp_path / "a.txt").write_text("indicator,org_unit,period,value\n")
    (tmp_path / "b.txt").write_text("\ufeffdataelement,period,orgunit,value\n")
    (tmp_path / "c.txt").write_text('  {"dataValues": []}')
    assert [file_inspect(tmp_path / name).format for name in ("a.txt", "b.txt", "c.txt")] == ["csv", "dhis2-csv", "dhis2-json"]
    with pytest.raises(ImportFileError):
        file_inspect(tmp_path / "a.txt", declared="dhis2-json")


# --- the XLSX template -------------------------------------------------------------------------


def template(tmp_path, form, unit, period="2024"):
    path = tmp_path / "template.xlsx"
    with path.open("wb") as out:
        template_build(out=out, form=form, unit=unit, period=parse_period(period))
    return path


def test_the_template_is_prefilled_checked_and_carries_its_form(tmp_path, form, units, seeded):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [DATA_SHEET, "Hướng dẫn", META_SHEET]
    assert book[META_SHEET].sheet_state == "veryHidden"
    meta = {row[0]: row[1] for row in book[META_SHEET].iter_rows(values_only=True)}
    assert (meta["form"], meta["revision"], meta["org_unit"], meta["period"]) == ("F-IMP", 1, "25747", "2024")
    sheet = book[DATA_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[3], row[5], row[6]) for row in rows] == [
        ("SHARE", "25747", "2024", Decimal(25)), ("PCT", "25747", "2024", None), ("COUNT", "25747", "2024", Decimal(10)),
    ]
    rules = {(rule.type, rule.operator, rule.formula1, rule.formula2) for rule in sheet.data_validations.dataValidation}
    assert ("decimal", "between", "0", "100.000000") in rules or ("decimal", "between", "0", "100") in rules
    assert ("decimal", "greaterThanOrEqual", "0", None) in rules
    assert "Hướng dẫn" in [cell.value for cell in book["Hướng dẫn"]["A"]]
    assert sheet.protection.sheet and not sheet["G2"].protection.locked and sheet["A2"].protection.locked


def test_a_filled_template_imports(tmp_path, form, units, seeded, reporter_a):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    sheet["G3"] = 55.5  # PCT
    sheet["G4"] = 12  # COUNT, was 10
    sheet["J4"] = "=1+1"  # a note that looks like a formula stays a note
    sheet["J4"].data_type = "s"
    book.save(path)
    report = values_import_file(path=path, filename="template.xlsx", user=reporter_a)
    assert (report.created, report.updated, report.unchanged, report.errors) == (1, 1, 1, [])
    count = DataValue.objects.get(indicator__code="COUNT")
    assert (count.value, count.note) == (12, "=1+1")


def test_blank_template_lines_are_skipped(tmp_path, form, units):
    report = values_import_file(path=template(tmp_path, form, units["ward_b"]), filename="t.xlsx", user=None)
    assert (report.imported, report.rows, report.skipped, report.created) == (True, 0, 3, 0)


def test_a_template_of_an_older_revision_is_refused(tmp_path, form, units, seeded):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    book[DATA_SHEET]["G4"] = 99
    book.save(path)
    form.revision = 2
    form.save()
    assert refused(path) == (
        "Wrong template version: this template is for revision 1 of form F-IMP, which is now at revision 2. "
        "Download a new template and copy your figures into it."
    )
    assert snapshot() == seeded


def test_a_template_row_outside_the_form_or_its_period(tmp_path, form, units, seeded):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    sheet.protection.sheet = False
    sheet["F2"], sheet["G2"], sheet["H2"], sheet["I2"] = "2023", None, 1, 2  # SHARE for another year
    sheet["A3"], sheet["G3"] = "IDX", 0.5  # an indicator the form does not hold
    sheet["F4"], sheet["G4"] = "2024Q1", 3  # a quarter in a yearly form
    book.save(path)
    report = values_import_file(path=path, filename="t.xlsx", user=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Kỳ báo cáo", "Period 2023 is outside this template, which is for 2024."),
        (3, "Mã chỉ tiêu", "Indicator IDX is not on form F-IMP."),
        (4, "Kỳ báo cáo", "Period 2024Q1 is outside form F-IMP, which is reported by Year."),
    ]
    assert snapshot() == seeded


def test_a_template_with_a_column_removed(tmp_path, form, units, seeded):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    book[DATA_SHEET].delete_cols(7)  # the value column
    book.save(path)
    assert refused(path).startswith("Missing column(s): value.")
    assert snapshot() == seeded


def test_text_typed_into_a_template_number_cell(tmp_path, form, units, seeded):
    path = template(tmp_path, form, units["ward_a"])
    book = openpyxl.load_workbook(path)
    book[DATA_SHEET]["G4"] = "mười hai"
    book.save(path)
    report = values_import_file(path=path, filename="t.xlsx", user=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(4, "Giá trị", "“mười hai” is not a number.")]
    assert snapshot() == seeded


def test_an_xlsx_upload_is_read_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_damaged_workbook(tmp_path, seeded):
    path = tmp_path / "broken.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><not-closed>")
    path.write_bytes(buffer.getvalue())
    assert refused(path) == "The workbook cannot be read; open it in Excel and save it again as .xlsx."
    assert snapshot() == seeded
