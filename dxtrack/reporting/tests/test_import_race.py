"""Two imports of one file at the same moment: one effect (PostgreSQL, where they truly overlap)."""

import threading

import pytest
from django.db import connection, connections

from dxtrack.reporting.imports import values_import_file
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file


@pytest.mark.django_db(transaction=True)
def test_two_parallel_imports_of_one_file_create_each_value_once(tmp_path, indicators, units):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time by design")
    path = csv_file(tmp_path, *(f"COUNT,{unit},2024,{n},,," for n, unit in enumerate(("25747", "25741"))))
    reports, start = [], threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            reports.append(values_import_file(path=path, filename="v.csv", user=None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted((r.created, r.unchanged, r.error_count) for r in reports) == [(0, 2, 0), (2, 0, 0)]
    assert DataValue.objects.count() == 2 and DataValueVersion.objects.count() == 2
