"""The DHIS2 path layout beside /api/v1/: versions, suffixes, Accept, JSON 404/405/500/503."""

import json

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from dxtrack.accounts.faults import DatabaseUnavailableMiddleware, server_error


@pytest.mark.parametrize("path", [
    "/api/system/info", "/api/system/info.json", "/api/40/system/info", "/api/36/system/info.json",
    "/api/42/system/info/",
])
def test_system_info_answers_on_every_dhis2_path(dhis2, path):
    response = dhis2("leader").get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["version"] == "2.40.0"
    assert body["dxtrack"]["version"]


@pytest.mark.parametrize("version", ["35", "43", "1", "29"])
def test_a_version_dhis2_clients_do_not_send_is_a_json_404(dhis2, version):
    response = dhis2("leader").get(f"/api/{version}/system/info")
    assert response.status_code == 404
    body = response.json()
    assert body["httpStatusCode"] == 404 and body["status"] == "ERROR"
    assert "36" in body["message"] and "42" in body["message"]


def test_accept_negotiation(dhis2):
    client = dhis2("leader")
    assert client.get("/api/system/info", HTTP_ACCEPT="application/json").status_code == 200
    assert client.get("/api/system/info", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8").status_code == 200
    refused = client.get("/api/system/info", HTTP_ACCEPT="application/xml")
    assert refused.status_code == 406
    assert "application/xml" in refused.json()["message"]
    assert client.get("/api/system/info.xml").status_code == 406


def test_our_api_v1_stays_ours(api, values):
    me = api("leader").get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == "leader"  # our shape, not DHIS2's
    missing = api("leader").get("/api/v1/system/info")
    assert missing.status_code == 404 and "openapi.json" in missing.json()["detail"]


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_an_unknown_path_is_a_json_404_even_for_a_browser_post_without_csrf(leader, method):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    if method == "get":
        response = client.get("/api/no/such/thing")
    else:
        response = getattr(client, method)("/api/no/such/thing", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["httpStatus"] == "Not Found"


def test_a_wrong_method_is_a_json_405_with_allow(dhis2):
    response = dhis2("leader").post("/api/system/info", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["httpStatusCode"] == 405


def test_api_500_and_503_are_json_pages_stay_html():
    factory = RequestFactory()
    api_request = factory.get("/api/system/info")
    try:
        raise ValueError("boom")
    except ValueError:
        failed = server_error(api_request)
    assert failed.status_code == 500
    assert json.loads(failed.content)["httpStatusCode"] == 500 and json.loads(failed.content)["detail"]
    unavailable = DatabaseUnavailableMiddleware(lambda request: None).process_exception(api_request, OperationalError("down"))
    assert unavailable.status_code == 503 and unavailable["Retry-After"]
    assert json.loads(unavailable.content)["status"] == "ERROR"
    v1 = DatabaseUnavailableMiddleware(lambda request: None).process_exception(factory.get("/api/v1/values"), OperationalError())
    assert json.loads(v1.content)["detail"]
    page = DatabaseUnavailableMiddleware(lambda request: None).process_exception(factory.get("/"), OperationalError())
    assert page.status_code == 503 and page["Content-Type"].startswith("text/html")


def test_messages_are_vietnamese_first_and_english_on_request(dhis2):
    vietnamese = dhis2("leader").get("/api/no/such/thing").json()["message"]
    assert vietnamese.startswith("Không có tài nguyên API nào tại /api/no/such/thing")
    english = dhis2("leader").get("/api/no/such/thing", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert english.startswith("There is no API resource at /api/no/such/thing")
