"""Database down or too slow: a 503 page in Vietnamese then English, never a stack trace."""

from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError, connections
from django.test import Client
from django.urls import reverse

from dxtrack.common.tests.pages import every, one, page, text

VIETNAMESE = "Dịch vụ tạm thời không hoạt động"
ENGLISH = "Service temporarily unavailable"


@pytest.fixture
def database_down(db):
    """Every query fails as when PostgreSQL is stopped (or a statement times out)."""
    connection = connections["default"]
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        yield


def headings(response) -> list[tuple[str | None, str]]:
    """The page's headings with the language of the section that holds each, in page order."""
    root = page(response)
    return [
        (language, text(heading))
        for language in ("vi", "en")
        for section in every(root, tag="section", lang=language)
        for heading in every(section, tag="h1")
    ]


def assert_is_the_503_page(response) -> None:
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert headings(response) == [("vi", VIETNAMESE), ("en", ENGLISH)]
    assert content.index(VIETNAMESE) < content.index(ENGLISH)  # Vietnamese first
    assert text(one(page(response), tag="p", **{"class": "display-6 text-muted"})) == "503"
    assert "Traceback" not in content and "OperationalError" not in content and "connection refused" not in content


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_query_failing_in_a_view_gives_the_503_page(client, db, error):
    with mock.patch.object(connections["default"], "cursor", side_effect=error("server closed the connection")):
        response = client.get(reverse("dashboards:home"))
    assert_is_the_503_page(response)


def test_a_logged_in_user_gets_the_503_page(reporter_a):
    client = Client()
    client.force_login(reporter_a)
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("timeout")):
        response = client.get(reverse("dashboards:programme_overview", args=["05-NQ/TU"]))
    assert_is_the_503_page(response)


def test_a_failure_outside_any_view_gives_the_503_page(client, db):
    """Saving the session happens in the middleware after the view: handler500 catches it."""
    client.raise_request_exception = False
    with mock.patch.object(SessionMiddleware, "process_response", side_effect=OperationalError("disk full")):
        response = client.get(reverse("accounts:login"))
    assert_is_the_503_page(response)


def test_any_other_error_gives_the_500_page_without_details(client, db):
    client.raise_request_exception = False
    with mock.patch("dxtrack.dashboards.views.programme_list_for_user", side_effect=ValueError("secret detail")):
        response = client.get(reverse("dashboards:home"))
    content = response.content.decode()
    assert response.status_code == 500
    assert headings(response) == [("vi", "Đã xảy ra lỗi"), ("en", "Something went wrong")]
    assert "secret detail" not in content and "Traceback" not in content


def test_an_unknown_address_gives_the_404_page_in_one_language(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content and "Page not found" not in content


def test_the_error_pages_load_no_script(client, database_down):
    root = page(client.get(reverse("dashboards:home")))
    assert every(root, tag="script") == [] and every(root, style=...) == []
