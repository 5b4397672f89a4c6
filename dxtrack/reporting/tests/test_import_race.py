"""Two imports of one file at the same moment: one effect (PostgreSQL, where they truly overlap).

The gate (lock_gate.py) holds the first import inside its transaction and shows the second one
waiting for the programme's lock, so the test fails if the lock is taken away."""

import threading

import pytest
from django.db import connection, connections

from dxtrack.reporting.imports import values_import_file
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import csv_file
from dxtrack.reporting.tests.lock_gate import ImportLockGate


@pytest.mark.django_db(transaction=True)
def test_two_parallel_imports_of_one_file_create_each_value_once(tmp_path, indicators, units, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time by design")
    path = csv_file(tmp_path, *(f"COUNT,{unit},2024,{n},,," for n, unit in enumerate(("25747", "25741"))))
    gate = ImportLockGate(monkeypatch)
    reports: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            reports[name] = values_import_file(path=path, filename="v.csv", user=None)
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first",))
    second = threading.Thread(target=run, args=("second",))
    first.start()
    try:
        assert gate.first_holds.wait(20), "the first import never took the lock"
        second.start()
        assert gate.second_waits(), "the second import did not wait for the first one's lock"
        assert "second" not in reports
    finally:
        gate.release.set()
        first.join(30)
        second.join(30)
    # The first created both values; the second, let in after the first committed, found them.
    assert (reports["first"].created, reports["first"].unchanged, reports["first"].error_count) == (2, 0, 0)
    assert (reports["second"].created, reports["second"].unchanged, reports["second"].error_count) == (0, 2, 0)
    assert DataValue.objects.count() == 2 and DataValueVersion.objects.count() == 2
