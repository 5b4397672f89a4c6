"""dataValues (one value), from DHIS2's "Sending, reading and deleting single data values":
de / pe / ou / co / value / comment; GET, POST (201), DELETE (204); conflicts 409; through
the import service with history; If-Match for optimistic locking."""

from decimal import Decimal

import pytest

from dxtrack.dhis2.idschemes import part_uid
from dxtrack.dhis2.uids import uid_for
from dxtrack.reporting.models import DataValue, DataValueVersion, SubmissionStatus
from dxtrack.reporting.tests.forms_factories import submission_at


@pytest.fixture
def one(indicators, units):
    def make(element="COUNT", unit="ward_b", period="2024", **more):
        return {"de": uid_for(indicators[element]), "pe": period, "ou": uid_for(units[unit]), **more}
    return make


def test_get_answers_the_value_and_its_version(dhis2, values, one):
    response = dhis2("leader").get("/api/dataValues", one())
    assert response.status_code == 200 and response.json() == ["20"]
    assert response["ETag"] == '"1"'
    assert dhis2("leader").get("/api/dataValues", one(element="SHARE", unit="ward_a", co=part_uid("numerator"))).json() == ["30"]
    assert dhis2("leader").get("/api/dataValues", one(period="2019")).status_code == 404


def test_get_of_a_unit_the_reporter_may_not_read_is_404(dhis2, values, one):
    assert dhis2("reporter_a").get("/api/dataValues", one()).status_code == 404


def test_post_records_a_new_version(dhis2, values, one):
    response = dhis2("reporter_b").post("/api/dataValues?" + "&".join(f"{k}={v}" for k, v in one(value="22", comment="revised").items()))
    assert response.status_code == 201, response.json()
    stored = DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT", period="2024")
    assert (stored.value, stored.note, stored.version) == (Decimal(22), "revised", 2)
    assert DataValueVersion.objects.filter(data_value=stored).count() == 2


def test_post_as_a_form_body(dhis2, values, one):
    response = dhis2("reporter_b").post("/api/dataValues", one(value="23"))  # a form body
    assert response.status_code == 201, response.json()
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").value == Decimal(23)


def test_post_one_part_of_a_percentage_keeps_the_other(dhis2, values, one):
    params = one(element="SHARE", unit="ward_a", co=part_uid("numerator"), value="20")
    response = dhis2("reporter_a").post("/api/dataValues?" + "&".join(f"{k}={v}" for k, v in params.items()))
    assert response.status_code == 201, response.json()
    share = DataValue.objects.get(indicator__code="SHARE", org_unit__code="25747")
    assert (share.numerator, share.denominator, share.value) == (Decimal(20), Decimal(40), Decimal(50))


@pytest.mark.parametrize(("params", "code"), [
    ({"value": "-1"}, "E7619"),
    ({"value": "3", "pe": "2024Q2"}, "E7611"),
    ({"value": "3", "de": "abcdefghijk"}, "E7610"),
    ({"value": "3", "co": "abcdefghijk"}, "E7613"),
    ({"value": "3", "cc": "abcdefghijk", "cp": "x"}, "E7615"),
])
def test_post_conflicts(dhis2, values, one, params, code):
    query = {**one(), **params}
    response = dhis2("reporter_b").post("/api/dataValues?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert response.status_code == 409, response.json()
    assert response.json()["errorCode"] == code and response.json()["message"]
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").value == Decimal(20)


def test_post_for_another_ward_is_a_conflict(dhis2, values, one):
    query = one(value="5")
    response = dhis2("reporter_a").post("/api/dataValues?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert response.status_code == 409
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").value == Decimal(20)


def test_if_match_refuses_a_stale_write(dhis2, values, one):
    query = "&".join(f"{k}={v}" for k, v in one(value="24").items())
    stale = dhis2("reporter_b").post(f"/api/dataValues?{query}", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    fresh = dhis2("reporter_b").post(f"/api/dataValues?{query}", HTTP_IF_MATCH='"1"')
    assert fresh.status_code == 201
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT").version == 2


def test_delete_deletes_keeping_the_history(dhis2, values, one):
    query = "&".join(f"{k}={v}" for k, v in one().items())
    response = dhis2("reporter_b").delete(f"/api/dataValues?{query}")
    assert response.status_code == 204
    assert not DataValue.objects.filter(org_unit__code="25741").exists()
    assert list(DataValueVersion.objects.filter(org_unit__code="25741").order_by("version").values_list("value", flat=True)) == [Decimal(20), None]
    assert dhis2("reporter_b").delete(f"/api/dataValues?{query}").status_code == 404


def test_delete_in_an_approved_report_is_a_conflict(dhis2, values, one, form, units):
    submission_at(form, units["ward_b"], "2024", SubmissionStatus.APPROVED)
    query = "&".join(f"{k}={v}" for k, v in one().items())
    response = dhis2("reporter_b").delete(f"/api/dataValues?{query}")
    assert response.status_code == 409 and response.json()["errorCode"] == "E7633"
    assert DataValue.objects.filter(org_unit__code="25741").exists()


def test_a_leader_may_not_write(dhis2, values, one):
    query = "&".join(f"{k}={v}" for k, v in one(value="5").items())
    assert dhis2("leader").post(f"/api/dataValues?{query}").status_code == 403
    assert dhis2("anonymous").post(f"/api/dataValues?{query}").status_code == 401


def test_missing_and_unknown_parameters(dhis2, values, one):
    assert dhis2("reporter_b").get("/api/dataValues", {"de": "x"}).status_code == 409
    assert dhis2("reporter_b").get("/api/dataValues", {**one(), "nonsense": "1"}).status_code == 400
