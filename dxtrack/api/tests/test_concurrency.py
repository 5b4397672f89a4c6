"""Parallel imports through the API on PostgreSQL: two callers changing the same value at once
are serialised (one after the other), each change keeps its version, none is lost."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from dxtrack.accounts.tokens import token_create
from dxtrack.api.tests.conftest import BASE, ApiClient, data_value_set, entry
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.services import value_record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL (SQLite serialises writers)"),
    pytest.mark.django_db(transaction=True),
]


def test_two_parallel_imports_of_one_value_keep_both_versions(units, reporter_b, officer, form, indicators):
    value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=Decimal(20))
    clients = {
        name: ApiClient(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='parallel')[1]}")
        for name, user in (("reporter_b", reporter_b), ("officer", officer))
    }
    figures = {"reporter_b": 21, "officer": 22}
    start = threading.Barrier(2)
    answers: dict[str, int] = {}

    def send(name: str) -> None:
        try:
            start.wait(10)
            response = clients[name].post_json(f"{BASE}/dataValueSets", data_value_set(entry("COUNT", "25741", figures[name])))
            answers[name] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(name,)) for name in figures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == {"reporter_b": 200, "officer": 200}
    stored = DataValue.objects.get(org_unit=units["ward_b"], indicator=indicators["COUNT"], period="2024")
    assert stored.version == 3 and stored.value in (21, 22)
    history = list(DataValueVersion.objects.filter(data_value=stored).order_by("version").values_list("version", "value"))
    assert [version for version, _value in history] == [1, 2, 3]
    assert {value for _version, value in history[1:]} == {21, 22}  # both changes kept, in some order
