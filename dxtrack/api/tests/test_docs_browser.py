"""The Swagger page at /api/v1/docs renders in Chromium under the site's CSP, offline: its
files are django-ninja's bundled ones, and the page raises no CSP violation."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_the_operations_without_csp_violations(live_server, page):
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) and not request.url.startswith("data:") else None)
    page.goto(live_server.url + "/api/v1/docs")
    # Swagger UI builds the page in the browser: expect() waits for it, up to 15 s.
    expect(page.locator(".opblock").nth(8)).to_be_visible(timeout=15_000)  # nine operations at least
    expect(page.get_by_text("/api/v1/values", exact=True).first).to_be_visible()
    assert not [text for text in problems if "Content Security Policy" in text or "Refused" in text], problems
    assert not outside, outside
