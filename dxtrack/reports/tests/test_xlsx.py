"""The XLSX opened back with openpyxl: numbers as numbers equal to the figures, on every sheet
the as-of date and sources above a frozen header, formulas neutralised."""

from datetime import datetime
from decimal import Decimal

from openpyxl import load_workbook

from dxtrack.figures.selectors import FigureOptions, programme_status
from dxtrack.programmes.models import Indicator
from dxtrack.reports.services import report_file_write
from dxtrack.reports.tests.conftest import AS_OF, ISSUED


def _xlsx(programme, tmp_path, language="vi"):
    path = tmp_path / "report.xlsx"
    report_file_write(programme=programme, as_of=AS_OF, fmt="xlsx", output=path, language=language, issued_on=ISSUED)
    return load_workbook(path)


def test_one_sheet_per_section_each_with_as_of_sources_and_a_frozen_header(programme, tmp_path):
    workbook = _xlsx(programme, tmp_path)
    assert workbook.sheetnames == ["Tóm tắt", "CQS Chính quyền số", "KTS Kinh tế số", "Chậm tiến độ, có nguy cơ",
                                   "Mức độ đầy đủ", "Phương pháp"]
    for sheet in workbook:
        assert sheet["A2"].value == "Tính đến ngày" and sheet["B2"].value == datetime(2024, 12, 31)
        assert sheet["B2"].number_format == "dd/mm/yyyy"
        assert sheet["A3"].value == "Nguồn số liệu" and sheet["B3"].value
        assert sheet.freeze_panes == "A6"


def test_figures_are_numbers_equal_to_the_figures_layers(programme, tmp_path):
    workbook = _xlsx(programme, tmp_path)
    status = programme_status(programme=programme, options=FigureOptions(as_of=AS_OF))
    share = workbook["CQS Chính quyền số"]
    assert [cell.value for cell in share[5]][:5] == ["Mã chỉ số", "Chỉ số", "Chỉ tiêu", "Thời hạn", "Số liệu"]
    row = share[6]
    assert row[0].value == "S"
    assert row[4].data_type == "n" and Decimal(str(row[4].value)) == status.rows[0].judged.value == Decimal(45)
    assert row[4].number_format == "#,##0.0##"
    assert (row[7].value, row[8].value, row[9].value) == (2, 2, 1)
    assert row[9].number_format == "0.0%"
    count = workbook["KTS Kinh tế số"][6]
    assert count[4].value == 100 and count[4].data_type == "n"
    attention = workbook["Chậm tiến độ, có nguy cơ"]
    assert [r[0].value for r in attention.iter_rows(min_row=6)] == [
        r.indicator_code for r in status.rows if r.status in ("off_track", "at_risk")]
    assert (attention["O6"].value, attention["P6"].value) == (95, 50)  # next year's required value, gap per year
    summary = workbook["Tóm tắt"]
    assert [c.value for c in summary[6]] == ["Chính quyền số", 0, 0, 0, 1, 0, 1]
    assert [c.value for c in summary[8]] == ["Toàn chương trình", 1, 0, 0, 1, 0, 2]
    completeness = workbook["Mức độ đầy đủ"]
    assert [c.value for c in completeness[6]] == ["KH09-NAM", "Báo cáo năm", "25741", "Phường Hiệp Thành", "2024", 2, 2, 1]


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(programme, tmp_path):
    Indicator.objects.filter(code="S").update(name_vi='=HYPERLINK("http://example.invalid","x")')
    sheet = _xlsx(programme, tmp_path)["CQS Chính quyền số"]
    assert sheet["B6"].data_type == "s"
    assert sheet["B6"].value == '\'=HYPERLINK("http://example.invalid","x")'


def test_the_english_workbook(programme, tmp_path):
    workbook = _xlsx(programme, tmp_path, "en")
    assert workbook.sheetnames[0] == "Summary" and workbook["Summary"]["A2"].value == "As of"
