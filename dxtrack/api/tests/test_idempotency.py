"""`Idempotency-Key` on POST /dataValueSets: the same key and payload give the first answer
again without a second effect; another payload is 422; a parallel request with the key is 409."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from dxtrack.accounts.tokens import token_create
from dxtrack.api.models import IdempotencyKey
from dxtrack.api.tests.conftest import BASE, ApiClient, data_value_set, entry
from dxtrack.reporting.models import DataValue, DataValueVersion

DVS = f"{BASE}/dataValueSets"
KEY = "3f1d2c1e-8a7b-4c55-9d7e-0d4c1b2a9e10"


def effects() -> tuple[int, int]:
    return DataValue.objects.count(), DataValueVersion.objects.count()


def test_the_same_key_and_payload_answer_the_same_without_importing_twice(api, values):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", 21), entry("COUNT", "25741", 5, period="2023"))
    first = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 200
    after_first = effects()
    # Another request changes the value in between: a replay must not undo it.
    client.post_json(DVS, data_value_set(entry("COUNT", "25741", 30)))
    after_other = effects()
    second = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert effects() == after_other != after_first
    assert DataValue.objects.get(org_unit__code="25741", period="2024", indicator__code="COUNT").value == 30


def test_key_order_and_spacing_do_not_make_another_payload(api, values):
    client = api("reporter_b")
    one = '{"dataValues": [{"dataElement": "COUNT", "orgUnit": "25741", "period": "2024", "value": 21}]}'
    same = '{ "dataValues" : [ { "value": 21, "period": "2024", "orgUnit": "25741", "dataElement": "COUNT" } ] }'
    assert client.post(DVS, one, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200
    again = client.post(DVS, same, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"


def test_a_refused_import_is_replayed_as_refused(api, values):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", "abc"))
    first = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
    second = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == second.status_code == 422
    assert first.json() == second.json()


def test_the_same_key_with_another_payload_is_422_and_imports_nothing(api, values):
    client = api("reporter_b")
    assert client.post_json(DVS, data_value_set(entry("COUNT", "25741", 21)), HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200
    before = effects()
    response = client.post_json(DVS, data_value_set(entry("COUNT", "25741", 22)), HTTP_IDEMPOTENCY_KEY=KEY, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert effects() == before
    assert DataValue.objects.get(org_unit__code="25741", period="2024", indicator__code="COUNT").value == 21


def test_a_dry_run_and_a_real_run_are_different_requests(api, values):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", 21))
    assert client.post_json(f"{DVS}?dryRun=true", payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200
    assert client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 422


def test_keys_belong_to_their_user(api, values):
    payload = data_value_set(entry("COUNT", "25741", 21))
    assert api("reporter_b").post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200
    # The officer's request with the same key is the officer's own: it runs, and sees no one else's answer.
    response = api("officer").post_json(DVS, data_value_set(entry("COUNT", "25747", 12)), HTTP_IDEMPOTENCY_KEY=KEY)
    assert response.status_code == 200 and not response.has_header("Idempotent-Replayed")
    assert response.json()["importCount"]["updated"] == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "bad key", "khóa"])
def test_a_malformed_key_is_400(api, values, key):
    before = effects()
    response = api("reporter_b").post_json(DVS, data_value_set(entry("COUNT", "25741", 21)), HTTP_IDEMPOTENCY_KEY=key, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.json()
    assert "Idempotency-Key" in response.json()["detail"]
    assert effects() == before


def test_a_key_still_in_progress_is_409(api, values):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", 21))
    assert client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200
    IdempotencyKey.objects.filter(key=KEY).update(completed_at=None)  # as while the first request runs
    before = effects()
    response = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "still being processed" in response.json()["detail"]
    assert effects() == before


def test_an_abandoned_claim_and_an_old_answer_expire(api, values, reporter_b):
    client = api("reporter_b")
    payload = data_value_set(entry("COUNT", "25741", 21))
    IdempotencyKey.objects.create(user=reporter_b, key=KEY, operation="x", fingerprint="0" * 64, created_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200  # the dead claim is taken over
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.post_json(DVS, data_value_set(entry("COUNT", "25741", 22)), HTTP_IDEMPOTENCY_KEY=KEY)
        assert response.status_code == 200  # a day later the key is free again


def test_a_failed_request_releases_its_key(api, values, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("dxtrack.reporting.api.values_import", boom)
    client = api("reporter_b")
    client.raise_request_exception = False
    payload = data_value_set(entry("COUNT", "25741", 21))
    assert client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 500
    assert not IdempotencyKey.objects.filter(key=KEY).exists()
    monkeypatch.undo()
    assert client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL (SQLite serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_two_parallel_requests_with_one_key_have_one_effect_and_the_other_is_409(units, reporter_b, form, monkeypatch):
    from dxtrack.reporting import api as reporting_api

    _token, plain = token_create(user=reporter_b, name="parallel")
    payload = data_value_set(entry("COUNT", "25741", 21))
    importing, release = threading.Event(), threading.Event()
    real_import = reporting_api.values_import

    def slow_import(**kwargs):
        importing.set()
        assert release.wait(20), "the second request never came"
        return real_import(**kwargs)

    monkeypatch.setattr(reporting_api, "values_import", slow_import)
    answers: dict[str, int] = {}

    def first() -> None:
        try:
            client = ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}")
            answers["first"] = client.post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY).status_code
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert importing.wait(20), "the first request never started importing"
        monkeypatch.setattr(reporting_api, "values_import", real_import)
        second = ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}").post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
        answers["second"] = second.status_code
    finally:
        release.set()
        thread.join(30)
    assert answers == {"first": 200, "second": 409}
    assert DataValue.objects.get(org_unit__code="25741", period="2024", indicator__code="COUNT").version == 1
    assert DataValueVersion.objects.filter(data_value__org_unit__code="25741").count() == 1
    third = ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}").post_json(DVS, payload, HTTP_IDEMPOTENCY_KEY=KEY)
    assert third.status_code == 200 and third["Idempotent-Replayed"] == "true"
