"""Exports and imports stream: more rows than one chunk (or batch) go through whole, and an
export's memory does not grow with the rows.

The chunk and batch sizes are made small here so that a few thousand rows span many chunks (the
production size is 5,000); a million-row import is measured in bench/bench_import.py. This
replaces "an export of a million rows streams", which exported 4 rows.
"""

import csv
import json
import tracemalloc
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from dxtrack.analytics.periods import parse_period
from dxtrack.reporting import exports
from dxtrack.reporting.exports import values_export
from dxtrack.reporting.imports import service, values_import_file
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file

CHUNK = 100
FEW, MANY = 300, 2_400  # 3 and 24 chunks
SUFFIX = {"csv": "csv", "dhis2-csv": "csv", "dhis2-json": "json", "xlsx": "xlsx"}


def add_values(indicator, unit, first_year: int, count: int) -> None:
    """*count* values straight into the table (one a year from *first_year*): the export reads
    rows, and this is the quick way to have thousands of them."""
    now = timezone.now()
    rows = []
    for offset in range(count):
        period = parse_period(str(first_year + offset))
        rows.append(DataValue(
            indicator=indicator, org_unit=unit, period=period.code, period_start=period.start,
            period_end=period.end, value=Decimal(offset), note=f"row {offset}", recorded_at=now,
        ))  # fmt: skip
    DataValue.objects.bulk_create(rows, batch_size=500)


def exported_rows(path, format: str) -> int:  # noqa: A002
    if format == "csv":
        with path.open(encoding="utf-8-sig", newline="") as file:
            return sum(1 for _ in csv.DictReader(file))
    if format == "dhis2-csv":
        with path.open(encoding="utf-8", newline="") as file:
            return sum(1 for _ in csv.reader(file)) - 1
    if format == "dhis2-json":
        return len(json.loads(path.read_text(encoding="utf-8"))["dataValues"])
    book = openpyxl.load_workbook(path, read_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows()) - 1


def export_peak(tmp_path, format: str) -> tuple[int, int]:  # noqa: A002
    """The number of values written and the peak of memory allocated while writing them."""
    path = tmp_path / f"export.{SUFFIX[format]}"
    tracemalloc.start()
    try:
        with path.open("wb") as out:
            count = values_export(out=out, format=format)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exported_rows(path, format) == count
    return count, peak


@pytest.mark.parametrize("format", ["csv", "dhis2-json", "xlsx"])
def test_an_export_of_many_chunks_is_whole_and_its_memory_stays_flat(
    tmp_path, indicators, units, monkeypatch, django_assert_max_num_queries, format
):
    monkeypatch.setattr(exports, "CHUNK", CHUNK)
    add_values(indicators["COUNT"], units["ward_a"], 1000, FEW)
    few, few_peak = export_peak(tmp_path, format)
    add_values(indicators["COUNT"], units["ward_b"], 1000, MANY - FEW)
    with django_assert_max_num_queries(3):  # chunked reads of one query, not a query a chunk
        many, many_peak = export_peak(tmp_path, format)
    assert (few, many) == (FEW, MANY)
    # Eight times the rows: a list of all rows would grow the peak about eightfold; streamed, it
    # is what one chunk and the writer's buffers take, whatever the number of rows.
    assert many_peak < few_peak * 1.5 + 64 * 1024, (few_peak, many_peak)


def test_an_import_of_more_rows_than_one_batch_is_written_whole(tmp_path, indicators, units, monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 40)
    seen: list[int] = []
    lines = [
        f"QCOUNT,{unit},{year}Q{quarter},{year - 2000 + quarter},,,"
        for unit in ("25747", "25741")
        for year in range(2000, 2025)
        for quarter in range(1, 5)
    ]  # 200 rows: five batches
    path = csv_file(tmp_path, *lines)
    report = values_import_file(path=path, filename="v.csv", user=None, progress=seen.append)
    assert (report.imported, report.rows, report.created, report.error_count) == (True, 200, 200, 0), report.errors
    assert seen[:5] == [40, 80, 120, 160, 200]
    stored = DataValue.objects.filter(indicator=indicators["QCOUNT"])
    assert stored.count() == 200
    assert stored.get(org_unit__code="25741", period="2024Q4").value == Decimal(28)
