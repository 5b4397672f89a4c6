"""Parallel imports through the API on PostgreSQL: two callers changing the same value at once
are serialised (one after the other), each change keeps its version, none is lost.

The gate (reporting/tests/lock_gate.py) holds the first request inside its transaction and shows
the second one waiting for the import lock, so the test fails if the lock is taken away."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from dxtrack.accounts.tokens import token_create
from dxtrack.api.tests.conftest import BASE, ApiClient, data_value_set, entry
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.services import value_record
from dxtrack.reporting.tests.lock_gate import ImportLockGate

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL (SQLite serialises writers)"),
    pytest.mark.django_db(transaction=True),
]


def test_two_parallel_imports_of_one_value_keep_both_versions(units, reporter_b, officer, form, indicators, monkeypatch):
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=Decimal(20))
    clients = {
        name: ApiClient(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='parallel')[1]}")
        for name, user in (("reporter_b", reporter_b), ("officer", officer))
    }
    figures = {"reporter_b": 21, "officer": 22}
    gate = ImportLockGate(monkeypatch)
    answers: dict[str, int] = {}

    def send(name: str) -> None:
        try:
            response = clients[name].post_json(f"{BASE}/dataValueSets", data_value_set(entry("COUNT", "25741", figures[name])))
            answers[name] = response.status_code
        finally:
            connections.close_all()

    first = threading.Thread(target=send, args=("reporter_b",))
    second = threading.Thread(target=send, args=("officer",))
    first.start()
    try:
        assert gate.first_holds.wait(20), "the first request never took the import lock"
        second.start()
        assert gate.second_waits(), "the second request did not wait for the first one's lock"
        assert answers == {}
    finally:
        gate.release.set()
        first.join(30)
        second.join(30)
    assert answers == {"reporter_b": 200, "officer": 200}
    stored = DataValue.objects.get(org_unit=units["ward_b"], indicator=indicators["COUNT"], period="2024")
    # One after the other, in the order the gate let them in: 20, then 21, then 22.
    assert (stored.version, stored.value) == (3, 22)
    history = list(DataValueVersion.objects.filter(data_value=stored).order_by("version").values_list("version", "value"))
    assert history == [(1, 20), (2, 21), (3, 22)]
