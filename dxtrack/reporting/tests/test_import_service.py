"""values_import: all or nothing, idempotent, versioned, limited to the uploader's units."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dxtrack.reporting.imports import ValueRow, values_import, values_import_file
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file, snapshot, write


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_file_imported_twice_changes_nothing_the_second_time(tmp_path, indicators, units):
    path = csv_file(tmp_path, "COUNT,25747,2024,12,,,", "SHARE,25747,2024,,3,8,three of eight", "PCT,25741,2024,99.5,,,")
    first = values_import_file(path=path, filename="v.csv", user=None)
    assert (first.created, first.updated, first.unchanged, first.imported) == (3, 0, 0, True)
    after_first = snapshot()
    second = values_import_file(path=path, filename="v.csv", user=None)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert snapshot() == after_first
    share = DataValue.objects.get(indicator=indicators["SHARE"])
    assert (share.value, share.numerator, share.denominator, share.note) == (Decimal("37.5"), 3, 8, "three of eight")


def test_a_changed_figure_adds_a_version_with_the_file_as_reason(tmp_path, seeded, indicators):
    report = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,11,,,", name="june.csv"), filename="june.csv", user=None)
    assert (report.created, report.updated) == (0, 1)
    value = DataValue.objects.get(indicator=indicators["COUNT"])
    assert (value.value, value.version, value.note) == (Decimal(11), 2, "entered by hand")  # a blank comment keeps the note
    history = list(DataValueVersion.objects.filter(data_value=value).values_list("version", "value", "reason", "note"))
    assert history == [(1, Decimal(10), "", "entered by hand"), (2, Decimal(11), "import june.csv", "entered by hand")]


def test_new_values_get_their_first_version(tmp_path, indicators, reporter_a):
    values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,5,,,note"), filename="v.csv", user=reporter_a)
    value = DataValue.objects.get()
    version = DataValueVersion.objects.get()
    assert (version.data_value_id, version.version, version.value, version.reason) == (value.pk, 1, Decimal(5), "import v.csv")
    assert value.recorded_by == version.recorded_by == reporter_a


def test_a_dry_run_counts_and_writes_nothing(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,", "PCT,25741,2024,50,,,", "SHARE,25747,2024,,1,4,")
    report = values_import_file(path=path, filename="v.csv", user=None, dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.rejected, report.imported) == (1, 1, 1, False, False)
    assert snapshot() == seeded


def test_a_dry_run_finds_locked_values_too(tmp_path, seeded, form, units):
    from datetime import date

    from dxtrack.reporting.models import Submission

    Submission.objects.create(form=form, org_unit=units["ward_a"], period="2024", period_start=date(2024, 1, 1),
                              period_end=date(2024, 12, 31), deadline=date(2025, 1, 10), status="approved")
    report = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,11,,,"), filename="v.csv", user=None, dry_run=True)
    assert report.rejected and "reopen" in report.errors[0].message


def test_rows_from_the_api_need_no_file(indicators, units, reporter_a):
    rows = [ValueRow(row=1, indicator_code="COUNT", unit_code="25747", period="2024", value=Decimal(3))]
    report = values_import(rows=rows, user=reporter_a, source="api")
    assert report.imported and DataValue.objects.get().value == 3


def test_a_reporter_imports_only_the_units_of_their_role(tmp_path, seeded, reporter_a):
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,", "COUNT,25741,2024,7,,,")
    report = values_import_file(path=path, filename="v.csv", user=reporter_a)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(3, "org_unit", "You may not import values for unit 25741.")]
    assert snapshot() == seeded


def test_a_programme_officer_imports_for_every_unit_below_the_province(tmp_path, indicators, officer):
    path = csv_file(tmp_path, "COUNT,25747,2024,11,,,", "COUNT,25741,2024,7,,,", "COUNT,74-STTTT,2024,1,,,")
    assert values_import_file(path=path, filename="v.csv", user=officer).created == 3


@pytest.mark.parametrize("persona", ["leader", "enterprise"])
def test_readers_and_enterprises_import_nothing(tmp_path, seeded, persona, request):
    user = request.getfixturevalue(persona)
    report = values_import_file(path=csv_file(tmp_path, "COUNT,25747,2024,11,,,"), filename="v.csv", user=user)
    assert [e.message for e in report.errors] == ["You may not import values: you are not a reporter or programme officer of any unit."]
    assert snapshot() == seeded


def test_dhis2_parts_merge_into_one_figure(tmp_path, indicators, units):
    text = (
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        "SHARE,2024,25747,,,37.5,admin,,note,false\n"
        "SHARE,2024,25747,numerator,,3,,,,\n"
        "SHARE,2024,25747,denominator,,8,,,,\n"
        "COUNT,2024,25747,HllvX50cXC0,,4,,,,\n"
    )
    report = values_import_file(path=write(tmp_path / "d.csv", text), filename="d.csv", user=None)
    assert report.imported and report.rows == 2
    share = DataValue.objects.get(indicator=indicators["SHARE"])
    assert (share.value, share.numerator, share.denominator, share.note) == (Decimal("37.5"), 3, 8, "note")


def test_dhis2_json_with_set_level_defaults(tmp_path, indicators, units):
    text = '{"dataSet": "x", "period": "2024", "orgUnit": "25747", "dataValues": [' \
           '{"dataElement": "COUNT", "value": "7"}, {"dataElement": "PCT", "value": 12.25, "orgUnit": "25741"}]}'
    report = values_import_file(path=write(tmp_path / "d.json", text), filename="d.json", user=None)
    assert report.imported and report.created == 2
    assert DataValue.objects.get(indicator=indicators["PCT"]).org_unit.code == "25741"


def test_dhis2_unsupported_combos_and_deletions_are_errors(tmp_path, seeded):
    text = '{"dataValues": [{"dataElement": "COUNT", "period": "2024", "orgUnit": "25747", "value": "7", ' \
           '"categoryOptionCombo": "Male"}, {"dataElement": "COUNT", "period": "2024", "orgUnit": "25741", "value": "1", "deleted": true}]}'
    report = values_import_file(path=write(tmp_path / "d.json", text), filename="d.json", user=None)
    assert [(e.row, e.column) for e in report.errors] == [(1, "categoryOptionCombo"), (2, "deleted")]
    assert snapshot() == seeded


def test_broken_json_is_refused_with_where(tmp_path, seeded):
    report = values_import_file(path=write(tmp_path / "d.json", '{"dataValues": [{"dataElement": "COUNT",'), filename="d.json", user=None)
    assert [e.message for e in report.errors] == ["The file is not valid JSON at dataValues entry 1."]
    assert snapshot() == seeded


def test_a_semicolon_csv_from_vietnamese_excel(tmp_path, indicators, units):
    text = "\ufeffindicator;org_unit;period;value;numerator;denominator;comment\nPCT;25747;2024;12,5;;;ghi chú\n"
    report = values_import_file(path=write(tmp_path / "v.csv", text), filename="v.csv", user=None)
    assert report.imported and DataValue.objects.get().value == Decimal("12.5")


def test_stored_values_are_read_once_per_batch(tmp_path, indicators, units):
    lines = [f"COUNT,{unit},2024,{n},,," for n, unit in enumerate(("25747", "25741"))]
    path = csv_file(tmp_path, *lines)
    values_import_file(path=path, filename="v.csv", user=None)
    with CaptureQueriesContext(connection) as queries:
        values_import_file(path=path, filename="v.csv", user=None)
    # Which periods hold values, then the stored values of the batch: not one query per row.
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "reporting_datavalue"' in q["sql"]]
    assert len(reads) == 2 and "DISTINCT" in reads[0]


def test_a_first_import_of_a_period_reads_no_stored_values(tmp_path, seeded):
    path = csv_file(tmp_path, "COUNT,25747,2023,1,,,", "COUNT,25741,2023,2,,,")
    with CaptureQueriesContext(connection) as queries:
        report = values_import_file(path=path, filename="v.csv", user=None)
    assert report.created == 2
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and 'FROM "reporting_datavalue"' in q["sql"]]
    assert len(reads) == 1 and "DISTINCT" in reads[0]
