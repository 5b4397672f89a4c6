"""async=true imports, as DHIS2's "Asynchronous data value import": accepted at once with a
task endpoint, run by the worker, polled at system/tasks/DATAVALUE_IMPORT/<id>, summarised at
system/taskSummaries/DATAVALUE_IMPORT/<id>; only the sender sees the job."""

from decimal import Decimal

import pytest

from dxtrack.dhis2.models import Dhis2Job, JobStatus
from dxtrack.dhis2.uids import uid_for
from dxtrack.reporting.models import DataValue


@pytest.fixture
def immediate(settings):
    """The task runs as it is queued (the real worker: dxtrack/reporting/tests/test_worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def body(indicators, units):
    return {"dataValues": [{"dataElement": uid_for(indicators["COUNT"]), "period": "2024", "orgUnit": uid_for(units["ward_b"]), "value": "28"}]}


def test_an_async_import_is_accepted_polled_and_summarised(dhis2, values, body, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = dhis2("reporter_b").post_json("/api/dataValueSets?async=true", body)
    assert accepted.status_code == 200
    message = accepted.json()
    assert message["response"]["jobType"] == "DATAVALUE_IMPORT"
    endpoint = message["response"]["relativeNotifierEndpoint"]
    assert endpoint == f"/api/system/tasks/DATAVALUE_IMPORT/{message['response']['id']}"
    notifications = dhis2("reporter_b").get(endpoint).json()
    assert notifications[0]["completed"] is True and notifications[0]["level"] == "INFO"
    summary = dhis2("reporter_b").get(endpoint.replace("/tasks/", "/taskSummaries/")).json()
    assert summary["responseType"] == "ImportSummary"
    assert summary["importCount"] == {"imported": 0, "updated": 1, "ignored": 0, "deleted": 0}
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").value == Decimal(28)
    assert Dhis2Job.objects.get().status == JobStatus.DONE


def test_a_queued_job_is_not_completed_and_only_its_sender_sees_it(dhis2, values, body, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    accepted = dhis2("reporter_b").post_json("/api/dataValueSets?async=true", body).json()
    endpoint = accepted["response"]["relativeNotifierEndpoint"]
    notifications = dhis2("reporter_b").get(endpoint).json()
    assert [notification["completed"] for notification in notifications] == [False]
    assert dhis2("reporter_b").get(endpoint.replace("/tasks/", "/taskSummaries/")).json() == {}
    assert dhis2("reporter_a").get(endpoint).status_code == 404
    assert dhis2("leader").get(endpoint).status_code == 404
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").value == Decimal(20)


def test_an_async_import_with_conflicts_writes_nothing(dhis2, values, body, immediate, units, django_capture_on_commit_callbacks):
    body["dataValues"][0]["orgUnit"] = uid_for(units["ward_a"])  # not reporter B's
    with django_capture_on_commit_callbacks(execute=True):
        accepted = dhis2("reporter_b").post_json("/api/dataValueSets?async=true", body).json()
    endpoint = accepted["response"]["relativeNotifierEndpoint"]
    assert dhis2("reporter_b").get(endpoint).json()[0]["level"] == "ERROR"
    summary = dhis2("reporter_b").get(endpoint.replace("/tasks/", "/taskSummaries/")).json()
    assert summary["status"] == "ERROR" and summary["conflicts"][0]["errorCode"] == "E7612"
    assert DataValue.objects.get(org_unit__code="25747", indicator__code="COUNT").value == Decimal(10)


def test_a_malformed_async_body_fails_the_job(dhis2, values, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = dhis2("reporter_b").post("/api/dataValueSets?async=true", data="{broken", content_type="application/json").json()
    endpoint = accepted["response"]["relativeNotifierEndpoint"]
    assert dhis2("reporter_b").get(endpoint).json()[0]["level"] == "ERROR"
    assert Dhis2Job.objects.get().status == JobStatus.FAILED
