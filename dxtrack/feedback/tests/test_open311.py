"""Open311 GeoReport v2 contract, written from the specification (GeoReport_v2 on open311.org):
element and key names, the XML declaration and content types, open/closed statuses, W3C times
with a time zone, the 90-day window, errors as a list of code + description, 403 without an
api_key; and a real HTTP client (requests) posting to the live server."""

from datetime import timedelta
from io import StringIO
from xml.etree import ElementTree

import pytest
import requests as http
from django.core.management import call_command
from django.utils import timezone

from dxtrack.feedback.models import Item, Open311Key, RoutingRule, State
from dxtrack.feedback.open311.keys import open311_key_create
from dxtrack.feedback.tests.factories import area, at, received

SERVICE_KEYS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_KEYS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
                "address", "address_id", "zipcode", "lat", "long", "media_url"}
URL = "/open311/v2"


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.content)  # noqa: S314  (our own response)


@pytest.fixture
def key(db) -> str:
    return open311_key_create(name="Ứng dụng phản ánh")[1]


def test_services_in_both_formats(client, db):
    as_json = client.get(f"{URL}/services.json")
    assert as_json["Content-Type"].startswith("application/json")
    services = as_json.json()
    assert {entry["service_code"] for entry in services} >= {"chuyen-doi-so", "dau-tu-doanh-nghiep"}
    assert all(set(entry) == SERVICE_KEYS and entry["type"] == "realtime" and entry["metadata"] is True for entry in services)
    root = xml(client.get(f"{URL}/services.xml"))
    assert root.tag == "services" and {child.tag for child in root} == {"service"}
    first = root.find("service")
    assert {child.tag for child in first} == SERVICE_KEYS and first.findtext("metadata") == "true"


def test_service_definition_and_unknown_code(client, db):
    definition = client.get(f"{URL}/services/chuyen-doi-so.json").json()
    assert definition["service_code"] == "chuyen-doi-so"
    kind = definition["attributes"][0]
    assert {"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"} <= set(kind)
    assert kind["datatype"] == "singlevaluelist" and len(kind["values"]) == 8 and set(kind["values"][0]) == {"key", "name"}
    root = xml(client.get(f"{URL}/services/chuyen-doi-so.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "tro-ngai-thuc-hien"
    missing = client.get(f"{URL}/services/no-such.xml")
    assert missing.status_code == 404
    error = xml(missing).find("error")
    assert error.findtext("code") == "404" and "no-such" in error.findtext("description")
    assert client.get(f"{URL}/services/no-such.json").json() == [{"code": 404, "description": "service_code no-such was not found"}]


def test_post_needs_a_valid_api_key(client, db):
    for data in ({}, {"api_key": "o311_wrong"}):
        response = client.post(f"{URL}/requests.json", {**data, "service_code": "chuyen-doi-so", "description": "x", "address_string": "Thủ Dầu Một"})
        assert response.status_code == 403 and response.json()[0]["code"] == 403
    revoked, plain = open311_key_create(name="old")
    Open311Key.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    assert client.post(f"{URL}/requests.xml", {"api_key": plain, "service_code": "chuyen-doi-so"}).status_code == 403
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"service_code": "no-such", "description": "x", "address_string": "a"}, 404, "no-such"),
        ({"description": "x", "address_string": "a"}, 400, "service_code"),
        ({"service_code": "chuyen-doi-so", "description": "x"}, 400, "location"),
        ({"service_code": "chuyen-doi-so", "description": "", "address_string": "a"}, 400, "empty"),
        ({"service_code": "chuyen-doi-so", "description": "x" * 4001, "address_string": "a"}, 400, "4,001"),
    ],
)
def test_post_bad_input_gets_the_specs_error_list_and_saves_nothing(client, key, data, status, words):
    response = client.post(f"{URL}/requests.xml", {"api_key": key, **data})
    assert response.status_code == status
    errors = xml(response)
    assert errors.tag == "errors" and errors.findtext("error/code") == str(status)
    assert words in errors.findtext("error/description").replace(".", ",")
    assert not Item.objects.exists()


def test_post_then_read_back_by_id_and_token(client, key, units):
    RoutingRule.objects.create(area=area(), agency=units["agency"])
    created = client.post(f"{URL}/requests.json", {
        "api_key": key, "service_code": "chuyen-doi-so", "description": "Cổng dịch vụ công thường xuyên lỗi khi nộp hồ sơ.",
        "address_string": "Phường Phú Cường", "email": "dn@congty.vn", "attribute[kind]": "tro-ngai-thuc-hien",
    })
    assert created.status_code == 200
    [answer] = created.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    item = Item.objects.get(code=answer["service_request_id"])
    assert (item.channel, item.kind.code, item.sender_email) == ("open311", "tro-ngai-thuc-hien", "dn@congty.vn")
    [one] = client.get(f"{URL}/requests/{item.code}.json").json()
    assert set(one) == REQUEST_KEYS and one["status"] == "open" and one["status_notes"] == "Received"
    assert one["description"] is None, "an unpublished text is not public"
    assert one["expected_datetime"] == f"{item.due_on:%Y-%m-%d}T17:00:00+07:00"
    assert one["requested_datetime"].endswith("+07:00")
    [token] = xml(client.get(f"{URL}/tokens/{item.open311_token}.xml")).findall("request")
    assert token.findtext("service_request_id") == item.code
    assert client.get(f"{URL}/requests/PAKN-00-NONE.json").status_code == 404


def test_request_list_filters(client, units, enterprise, time_machine):
    time_machine.move_to(at(2026, 3, 2), tick=False)
    old = received(enterprise, when=at(2025, 10, 1))
    open_one = received(enterprise, when=at(2026, 2, 10))
    closed = received(enterprise, when=at(2026, 2, 11), area_code="dau-tu-doanh-nghiep")
    Item.objects.filter(pk=closed.pk).update(state=State.CLOSED, agency=units["agency"])

    def ids(query: str) -> set[str]:
        return {entry["service_request_id"] for entry in client.get(f"{URL}/requests.json?{query}").json()}

    assert ids("") == {open_one.code, closed.code}, "the last 90 days by default"
    assert ids("status=open") == {open_one.code}
    assert ids("status=closed") == {closed.code}
    assert ids("service_code=dau-tu-doanh-nghiep,linh-vuc-khac") == {closed.code}
    assert ids("start_date=2025-09-15T00:00:00%2B07:00&end_date=2025-10-15T00:00:00%2B07:00") == {old.code}
    assert ids(f"service_request_id={old.code},{closed.code}&status=open") == {old.code, closed.code}, "ids override the rest"
    too_long = client.get(f"{URL}/requests.xml?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z")
    assert too_long.status_code == 400 and "90 days" in xml(too_long).findtext("error/description")
    assert client.get(f"{URL}/requests.json?start_date=yesterday").status_code == 400
    [row] = xml(client.get(f"{URL}/requests.xml?status=closed")).findall("request")
    assert {child.tag for child in row} == REQUEST_KEYS and row.findtext("status") == "closed"
    assert row.findtext("agency_responsible") == units["agency"].name_vi


def test_discovery(client, db):
    document = client.get(f"{URL}/discovery.json").json()
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert xml(client.get(f"{URL}/discovery.xml")).find("endpoints/endpoint/formats/format").text == "text/xml"


def test_key_create_command_prints_a_working_key(db):
    out = StringIO()
    call_command("open311", "key", "create", "Zalo mini app", stdout=out)
    plain = out.getvalue().strip()
    assert plain.startswith("o311_") and Open311Key.objects.get().name == "Zalo mini app"
    assert Open311Key.objects.get().key_hash != plain


# serialized_rollback: the flush after a transactional test would drop the seeded areas.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_http_client_posts_a_request(live_server):
    key = open311_key_create(name="http client")[1]
    response = http.post(f"{live_server.url}{URL}/requests.xml", data={
        "api_key": key, "service_code": "thu-tuc-hanh-chinh", "address_string": "Thủ Dầu Một",
        "description": "Đề nghị <b>công khai</b> thời gian giải quyết hồ sơ.",
    }, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/xml; charset=utf-8"
    code = ElementTree.fromstring(response.content).findtext("request/service_request_id")  # noqa: S314
    item = Item.objects.get(code=code)
    assert item.text == "Đề nghị <b>công khai</b> thời gian giải quyết hồ sơ." and item.due_on is not None
    listed = http.get(f"{live_server.url}{URL}/requests.json", params={"service_request_id": code}, timeout=10).json()
    assert listed[0]["service_code"] == "thu-tuc-hanh-chinh" and listed[0]["status"] == "open"
    assert timezone.now() - item.received_at < timedelta(minutes=5)
