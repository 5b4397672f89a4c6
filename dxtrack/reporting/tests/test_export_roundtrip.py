"""values_export: every format imports back as it is, and no text cell runs as a formula."""

import csv
import json
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from dxtrack.reporting.exports import values_export
from dxtrack.reporting.imports import values_import_file
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.services import value_record
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import snapshot

FORMATS = ("csv", "dhis2-csv", "dhis2-json", "xlsx")
SUFFIX = {"csv": "csv", "dhis2-csv": "csv", "dhis2-json": "json", "xlsx": "xlsx"}
HOSTILE_NOTES = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "'=already quoted", "plain"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def stored(indicators, units):
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_a"], period="2024", value=Decimal(12), note=HOSTILE_NOTES[0])
    value_record(indicator=indicators["SHARE"], org_unit=units["ward_a"], period="2024", numerator=Decimal(3), denominator=Decimal(8), note="Hà Nội, “quoted”")
    value_record(indicator=indicators["PCT"], org_unit=units["ward_b"], period="2023", value=Decimal("99.125"))
    value_record(indicator=indicators["QCOUNT"], org_unit=units["agency"], period="2024Q2", value=Decimal(4))
    return snapshot()


def export(tmp_path, format, **filters):
    path = tmp_path / f"export.{SUFFIX[format]}"
    with path.open("wb") as out:
        count = values_export(out=out, format=format, **filters)
    return path, count


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_imports_back_unchanged(tmp_path, stored, format):
    path, count = export(tmp_path, format)
    assert count == 4
    report = values_import_file(path=path, filename=path.name, user=None)
    assert (report.imported, report.created, report.updated, report.unchanged) == (True, 0, 0, 4), report.errors
    assert snapshot() == stored


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_recreates_the_values_in_an_empty_database(tmp_path, stored, format):
    path, _count = export(tmp_path, format)
    DataValueVersion.objects.all().delete()
    DataValue.objects.all().delete()
    report = values_import_file(path=path, filename=path.name, user=None)
    assert report.created == 4, report.errors
    values, _versions = snapshot()
    assert [row[:7] for row in values] == [row[:7] for row in stored[0]]


def test_exports_are_filtered_by_programme_unit_subtree_and_period(tmp_path, stored, units, programme):
    assert export(tmp_path, "csv", programme=programme)[1] == 4
    assert export(tmp_path, "csv", unit=units["district"])[1] == 3  # both wards, not the agency
    assert export(tmp_path, "csv", unit=units["ward_b"])[1] == 1
    assert export(tmp_path, "csv", period="2024")[1] == 3  # the year and the quarter inside it
    assert export(tmp_path, "csv", period="2024Q2")[1] == 1


def test_dhis2_json_is_a_data_value_set_with_parts(tmp_path, stored):
    path, _count = export(tmp_path, "dhis2-json")
    document = json.loads(path.read_text())
    share = [entry for entry in document["dataValues"] if entry["dataElement"] == "SHARE"]
    assert [(e.get("categoryOptionCombo", ""), e["value"]) for e in share] == [("", "37.5"), ("numerator", "3"), ("denominator", "8")]
    assert {e["period"] for e in document["dataValues"]} == {"2024", "2023", "2024Q2"}


def test_formula_injection_is_neutralised_in_csv_and_xlsx_and_survives_a_round_trip(tmp_path, indicators, units):
    for number, note in enumerate(HOSTILE_NOTES):
        value_record(indicator=indicators["QCOUNT"], org_unit=units["ward_a"], period=f"2024Q{number % 4 + 1}" if number < 4 else f"2023Q{number % 4 + 1}", value=Decimal(number), note=note)
    before = snapshot()
    csv_path, _ = export(tmp_path, "csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        notes = [row[6] for row in csv.reader(handle)][1:]
    for note in notes:
        assert not note or note[0] not in "=+-@\t\r\n\0", note
    assert sorted(notes) == sorted(("'" + n if n[0] in "=+-@\t\r" or n.startswith("'=") else n) for n in HOSTILE_NOTES)
    xlsx_path, _ = export(tmp_path, "xlsx")
    sheet = openpyxl.load_workbook(xlsx_path).active
    for row in sheet.iter_rows(min_row=2):
        assert row[8].data_type == "s"  # text, never a formula
        assert not str(row[8].value or "").startswith(("=", "+", "-", "@"))
    for path in (csv_path, xlsx_path, export(tmp_path, "dhis2-csv")[0], export(tmp_path, "dhis2-json")[0]):
        report = values_import_file(path=path, filename=path.name, user=None)
        assert report.unchanged == len(HOSTILE_NOTES), (path, report.errors)
        assert snapshot() == before
