"""Every bad input of the issue: a precise message, and the data exactly as before."""

from datetime import date

import pytest
from django.utils import translation

from dxtrack.reporting.imports import values_import_file
from dxtrack.reporting.models import Submission, SubmissionStatus
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import CSV_HEADER, csv_file, snapshot, write


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rejected(path, **options) -> list[tuple[int, str, str]]:
    report = values_import_file(path=path, filename=path.name, user=None, **options)
    assert report.rejected and not report.imported
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    return [(error.row, error.column, error.message) for error in report.errors]


def test_a_missing_column_is_named(tmp_path, seeded):
    path = write(tmp_path / "v.csv", "indicator,org_unit,period,comment\nCOUNT,25747,2024,x\n")
    assert rejected(path) == [(1, "", "Missing column(s): value. The header must name: indicator, org_unit, period, value, numerator, denominator, comment, sample.")]
    assert snapshot() == seeded


def test_an_extra_column_is_named(tmp_path, seeded):
    path = write(tmp_path / "v.csv", "indicator,org_unit,period,value,colour\nCOUNT,25747,2024,12,red\n")
    assert rejected(path) == [(1, "", "Unknown column(s): colour. The columns are: indicator, org_unit, period, value, numerator, denominator, comment, sample.")]
    assert snapshot() == seeded


def test_a_row_longer_than_the_header_is_refused(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,12,,,,surprise")
    assert rejected(path) == [(2, "", "This row has 8 cells but the header names 7 columns.")]
    assert snapshot() == seeded


def test_text_in_a_numeric_cell(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,twelve,,,", "SHARE,25741,2024,,3,eight,")
    assert rejected(path) == [
        (2, "value", "“twelve” is not a number."),
        (3, "denominator", "“eight” is not a number."),
    ]
    assert snapshot() == seeded


def test_a_decimal_comma_is_explained(tmp_path, seeded):
    path = csv_file(tmp_path, 'PCT,25747,2024,"12,5",,,')
    assert rejected(path) == [(2, "value", "“12,5” is not a number: write numbers without thousands separators and with a point before the decimals, e.g. 1234.5.")]
    assert snapshot() == seeded


def test_a_percentage_of_120(tmp_path, seeded):
    path = csv_file(tmp_path, "PCT,25747,2024,120,,,", "SHARE,25741,2024,,9,8,", "IDX,25747,2024,1.5,,,")
    assert rejected(path) == [
        (2, "value", "A percentage must be between 0 and 100; got 120."),
        (3, "numerator", "The numerator (9) is larger than the denominator (8)."),
        (4, "value", "An index must be between 0 and 1; got 1.5."),
    ]
    assert snapshot() == seeded


def test_duplicated_rows_name_both_rows(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,12,,,", "PCT,25747,2024,50,,,", "COUNT,25747,2024,13,,,")
    assert rejected(path) == [(4, "indicator", "Rows 2 and 4 both give indicator COUNT, unit 25747, period 2024: keep one.")]
    assert snapshot() == seeded


def test_unknown_unit_and_indicator_codes(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,99999,2024,12,,,", "NOPE,25747,2024,12,,,")
    assert rejected(path) == [
        (2, "org_unit", "Unknown unit code 99999."),
        (3, "indicator", "Unknown indicator code NOPE: programme T-IMP has no such indicator."),
    ]
    assert snapshot() == seeded


def test_periods_unparsable_of_the_wrong_type_or_not_begun(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024Q5,12,,,", "QCOUNT,25747,2024,12,,,", "COUNT,25747,2099,1,,,")
    assert rejected(path) == [
        (2, "period", "“2024Q5” is not a period: use 2024, 2024S1, 2024Q3, 2024-05 or 202405."),
        (3, "period", "Indicator QCOUNT is reported by Quarter; 2024 is not such a period."),
        (4, "period", "Period 2099 has not begun yet."),
    ]
    assert snapshot() == seeded


def test_a_ward_that_no_longer_existed_after_the_2025_merger(tmp_path, seeded):
    path = csv_file(tmp_path, "QCOUNT,25747,2025Q3,12,,,")
    assert rejected(path) == [(2, "org_unit", "Unit 25747 did not exist in 2025Q3 (it existed … – 2025-06-30).")]
    assert snapshot() == seeded


def test_a_ward_that_existed_during_the_year_takes_the_years_value(tmp_path, indicators, units):
    report = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2025,12,,,"), filename="v.csv", user=None)
    assert report.imported and report.created == 1
    assert snapshot()[0][0][:3] == ("COUNT", "25747", "2025")


def test_an_approved_value_is_locked_until_the_submission_is_reopened(tmp_path, seeded, form, units):
    Submission.objects.create(
        form=form, org_unit=units["ward_a"], period="2024", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        deadline=date(2025, 1, 10), status=SubmissionStatus.APPROVED,
    )
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,", "COUNT,25741,2024,5,,,")
    assert rejected(path) == [(2, "", (
        "This value is in the approved submission of form F-IMP for this unit and period: ask the approver to reopen "
        "the submission, then import again."
    ))]
    assert snapshot() == seeded
    # The same figure again changes nothing, so it is no reason to refuse the file.
    unchanged = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,10,,,", name="same.csv"), filename="same.csv", user=None)
    assert unchanged.imported and unchanged.unchanged == 1


def test_numerator_and_denominator_on_an_indicator_without_parts(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,,1,2,")
    assert rejected(path) == [(2, "numerator", "Indicator COUNT has no numerator and denominator: give the value only.")]
    assert snapshot() == seeded


def test_every_error_of_the_file_is_reported_at_once(tmp_path, seeded):
    lines = ["COUNT,25747,2024,12,,,"] * 1 + [f"PCT,{unit},2024,{value},,," for unit, value in (("25741", 101), ("25747", "x"))]
    report = values_import_file(path=csv_file(tmp_path, *lines), filename="v.csv", user=None)
    assert report.error_count == 2 and report.rows == 3
    assert snapshot() == seeded


def test_an_empty_or_non_utf8_file(tmp_path, seeded):
    assert rejected(write(tmp_path / "e.csv", "")) == [(0, "", "The file is empty.")]
    latin = tmp_path / "l.csv"
    latin.write_bytes((CSV_HEADER + "COUNT,25747,2024,12,,,Hà Nam\n").encode("latin-1"))
    assert rejected(latin) == [(0, "", "The file is not UTF-8 text. In Excel choose “Save as… CSV UTF-8”, or upload the XLSX template.")]
    assert snapshot() == seeded


def test_an_indicator_code_of_two_programmes_needs_the_programme(tmp_path, seeded, programme, units):
    from dxtrack.programmes.models import Indicator, Pillar, Programme

    other = Programme.objects.create(code="T-OTHER", title_vi="Khác", horizon_start=2022, horizon_end=2030, area=units["province"])
    pillar = Pillar.objects.create(programme=other, code="P", name_vi="Trụ cột")
    Indicator.objects.create(programme=other, pillar=pillar, code="COUNT", name_vi="Số", value_type="count",
                             unit_aggregation="sum", period_aggregation="last")
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,")
    assert rejected(path) == [(0, "", "Indicator code COUNT exists in several programmes (T-IMP, T-OTHER): choose the programme of the file.")]
    assert snapshot() == seeded
    chosen = values_import_file(path=path, filename="v.csv", user=None, programme_code="T-IMP")
    assert chosen.imported and chosen.updated == 1
    assert rejected(path, programme_code="NOPE") == [(0, "", "Unknown programme code NOPE.")]


def test_a_numerator_without_denominator(tmp_path, seeded):
    path = csv_file(tmp_path, "SHARE,25741,2024,,3,,")
    assert rejected(path) == [(2, "denominator", "Give both the numerator and the denominator, or neither.")]
    assert snapshot() == seeded


def test_messages_follow_the_active_language(tmp_path, seeded):
    with translation.override("vi"):
        report = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,abc,,,"), filename="v.csv", user=None)
        expected = translation.gettext("“%(text)s” is not a number.") % {"text": "abc"}
    assert report.errors[0].message == expected
    assert snapshot() == seeded


def test_a_non_utf8_line_deep_in_the_file_is_named(tmp_path, seeded):
    # Past the first 8 KiB that the type check reads: the reader names the line.
    path = tmp_path / "late.csv"
    long_comment = "a" * 9000
    path.write_bytes(
        (CSV_HEADER + f"PCT,25741,2024,1,,,{long_comment}\n").encode() + "COUNT,25747,2024,1,,,Hà\n".encode("latin-1")
    )
    assert rejected(path) == [(3, "", "The file is not UTF-8 text (line 3). In Excel choose “Save as… CSV UTF-8”.")]
    assert snapshot() == seeded
