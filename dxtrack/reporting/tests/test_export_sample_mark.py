"""The sample mark travels with the values: export → import changes nothing, and a refused file
names the approved form on every row (a small programme; see imports_fixtures)."""

import csv
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from dxtrack.reporting.exports import values_export
from dxtrack.reporting.imports import service, values_import_file
from dxtrack.reporting.models import DataValue, DataValueVersion, Submission, SubmissionStatus
from dxtrack.reporting.services import value_record
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import write

FORMATS = {"csv": "csv", "dhis2-csv": "csv", "dhis2-json": "json", "xlsx": "xlsx"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sample(indicators, units):
    """Ward A's 2024 count is real (12); ward B's is sample data (7), like the demo's wards."""
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_a"], period="2024", value=Decimal(12))
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=Decimal(7), is_synthetic=True)


def marks() -> list[tuple]:
    return sorted(DataValue.objects.values_list("org_unit__code", "value", "is_synthetic", "version"))


def export(tmp_path, format):
    path = tmp_path / f"export.{FORMATS[format]}"
    with path.open("wb") as out:
        values_export(out=out, format=format)
    return path


def test_the_csv_and_xlsx_exports_carry_the_sample_mark(tmp_path, sample):
    rows = list(csv.DictReader(export(tmp_path, "csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(row["org_unit"], row["value"], row["sample"]) for row in rows] == [("25741", "7", "true"), ("25747", "12", "")]
    sheet = openpyxl.load_workbook(export(tmp_path, "xlsx"), read_only=True).worksheets[0]
    header, *cells = list(sheet.iter_rows(values_only=True))
    assert header[-1] == "Dữ liệu mẫu (sample)"
    assert [(row[2], row[-1]) for row in cells] == [("25741", "true"), ("25747", None)]


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_imports_back_as_everything_unchanged_keeping_the_mark(tmp_path, sample, format):
    before = marks()
    report = values_import_file(path=export(tmp_path, format), filename=f"export.{FORMATS[format]}", user=None)
    assert (report.imported, report.created, report.updated, report.unchanged) == (True, 0, 0, 2), report.errors
    assert marks() == before == [("25741", Decimal(7), True, 1), ("25747", Decimal(12), False, 1)]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_export_recreates_sample_values_as_sample(tmp_path, sample, format):
    path = export(tmp_path, format)
    DataValueVersion.objects.all().delete()
    DataValue.objects.all().delete()
    assert values_import_file(path=path, filename=path.name, user=None).created == 2
    assert [(unit, synthetic) for unit, _value, synthetic, _version in marks()] == [("25741", True), ("25747", False)]


def test_a_changed_value_from_a_file_without_the_column_is_real_data(tmp_path, sample):
    path = write(tmp_path / "v.csv", "indicator,org_unit,period,value\nCOUNT,25741,2024,8\nCOUNT,25747,2024,12\n")
    report = values_import_file(path=path, filename="v.csv", user=None)
    assert (report.updated, report.unchanged) == (1, 1)
    assert marks() == [("25741", Decimal(8), False, 2), ("25747", Decimal(12), False, 1)]


def test_a_bad_sample_mark_is_named(tmp_path, sample):
    path = write(tmp_path / "v.csv", "indicator,org_unit,period,value,sample\nCOUNT,25741,2024,7,maybe\n")
    report = values_import_file(path=path, filename="v.csv", user=None)
    assert not report.imported
    assert [(e.row, e.column) for e in report.errors] == [(2, "sample")]
    assert "“maybe”" in report.errors[0].message


def test_every_refused_row_names_its_approved_form_however_many(tmp_path, form, units, indicators, monkeypatch):
    """The form is looked up for every locked key, a chunk at a time (one key per chunk here)."""
    monkeypatch.setattr(service, "FORM_LOOKUP_CHUNK", 1)
    for ward in (units["ward_a"], units["ward_b"]):
        value_record(indicator=indicators["COUNT"], org_unit=ward, period="2024", value=Decimal(1))
        value_record(indicator=indicators["PCT"], org_unit=ward, period="2024", value=Decimal(50))
        Submission.objects.create(
            form=form, org_unit=ward, period="2024", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
            deadline=date(2025, 1, 10), status=SubmissionStatus.APPROVED,
        )
    path = write(tmp_path / "v.csv", "indicator,org_unit,period,value\n" + "".join(
        f"{code},{unit},2024,2\n" for code in ("COUNT", "PCT") for unit in ("25747", "25741")
    ))
    report = values_import_file(path=path, filename="v.csv", user=None)
    assert not report.imported and len(report.errors) == 4
    assert all("form F-IMP" in error.message for error in report.errors), [e.message for e in report.errors]
