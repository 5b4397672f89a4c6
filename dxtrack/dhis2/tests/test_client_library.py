"""A real DHIS2 client from PyPI, unmodified (`dhis2.py`, `from dhis2 import Api`), against the
live server: it checks the version in system/info, reads metadata page by page, reads a data
value set and pushes values, as an integrator's script would."""

from decimal import Decimal

import pytest
from dhis2 import Api, RequestException

from dxtrack.dhis2.tests.conftest import PASSWORD
from dxtrack.dhis2.uids import uid_for
from dxtrack.reporting.models import DataValue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client_for(live_server, people):
    made: list[Api] = []

    def make(username: str, version: int | None = 40) -> Api:
        made.append(Api(live_server.url, username, PASSWORD, api_version=version))
        return made[-1]

    yield make
    for api in made:  # a kept-alive HTTP connection would keep the server thread's database connection
        api.session.close()


def test_the_client_reads_the_version_and_metadata(client_for, values, units):
    api = client_for("leader")
    assert api.version == "2.40.0" and api.version_int == 40
    assert api.get("me").json()["username"] == "leader"
    pages = list(api.get_paged("organisationUnits", params={"fields": "id,code,level,path"}, page_size=2))
    assert len(pages) == 3  # the leader's 5 units, 2 a page
    codes = sorted(unit["code"] for page in pages for unit in page["organisationUnits"])
    assert codes == ["25741", "25747", "718", "74", "74-STTTT"]
    merged = api.get_paged("dataElements", params={"fields": "id,code,valueType"}, merge=True)
    assert {element["code"] for element in merged["dataElements"]} == {"COUNT", "SHARE", "QCOUNT"}
    combos = api.get("categoryOptionCombos", params={"fields": "id,name"}).json()["categoryOptionCombos"]
    assert combos[0] == {"id": "HllvX50cXC0", "name": "default"}


def test_the_client_reads_a_data_value_set(client_for, values, form, units):
    api = client_for("leader", version=None)
    params = {"dataSet": uid_for(form), "period": "2024", "orgUnit": uid_for(units["district"]), "children": "true"}
    rows = api.get("dataValueSets", params=params).json()["dataValues"]
    assert sorted(row["value"] for row in rows) == ["10", "20", "30", "40", "75"]
    assert {row["categoryOptionCombo"] for row in rows if row["value"] in ("10", "20", "75")} == {"HllvX50cXC0"}
    csv_text = api.get("dataValueSets", file_type="csv", params=params).text
    assert csv_text.splitlines()[0].startswith("dataelement,period,orgunit")


def test_the_client_pushes_values_and_reads_conflicts(client_for, values, indicators, units):
    api = client_for("reporter_b")
    body = {"dataValues": [{
        "dataElement": uid_for(indicators["COUNT"]), "period": "2024", "orgUnit": uid_for(units["ward_b"]),
        "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "HllvX50cXC0", "value": "27",
    }]}
    summary = api.post("dataValueSets", json=body).json()
    assert summary["response"]["importCount"]["updated"] == 1
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT", period="2024").value == Decimal(27)
    api.post("dataValues", params={"de": uid_for(indicators["COUNT"]), "pe": "2023", "ou": uid_for(units["ward_b"]), "value": "4"})
    assert DataValue.objects.get(org_unit__code="25741", period="2023").value == Decimal(4)
    body["dataValues"][0]["orgUnit"] = uid_for(units["ward_a"])  # not reporter B's ward
    with pytest.raises(RequestException) as refused:
        api.post("dataValueSets", json=body)
    assert refused.value.code == 409
    assert "E7612" in refused.value.description
    assert DataValue.objects.get(org_unit__code="25741", indicator__code="COUNT", period="2024").value == Decimal(27)


def test_a_wrong_password_is_a_401_for_the_client(client_for, live_server):
    api = Api(live_server.url, "leader", "wrong")
    with pytest.raises(RequestException) as refused:
        api.get("system/info")
    api.session.close()
    assert refused.value.code == 401
