"""The contract: /api/v1/openapi.json against the stored snapshot, and the docs page.

When an API change is intended, regenerate the snapshot and review its diff with the change:

    DXTRACK_UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest dxtrack/api/tests/test_openapi.py
"""

import json
import os
from pathlib import Path

import pytest
from django.test import Client

from dxtrack.common.tests.pages import attr, every, has, one, page, text

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
UPDATE = "DXTRACK_UPDATE_OPENAPI_SNAPSHOT"


def served_schema() -> dict:
    response = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_openapi_document_matches_the_snapshot(db):
    current = json.dumps(served_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.getenv(UPDATE):
        SNAPSHOT.write_text(current, encoding="utf-8")
        pytest.skip(f"snapshot written to {SNAPSHOT}")
    assert SNAPSHOT.exists(), f"no snapshot yet: run  {UPDATE}=1 .venv/bin/pytest {__file__}"
    stored = SNAPSHOT.read_text(encoding="utf-8")
    assert current == stored, (
        "The API's OpenAPI document changed. If the change is intended (clients will see it), run\n"
        f"    {UPDATE}=1 .venv/bin/pytest dxtrack/api/tests/test_openapi.py\n"
        "and commit dxtrack/api/tests/openapi.snapshot.json with the change; otherwise undo the change."
    )


def test_every_operation_declares_its_errors_and_needs_a_caller(db):
    schema = served_schema()
    assert {"BearerTokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method} {path} is open"
            assert "401" in operation["responses"], f"{method} {path} does not declare 401"
            assert operation["operationId"].replace("_", "").isalpha()


def test_the_docs_page_uses_bundled_files_under_the_csp(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    root = page(response)
    scripts = every(root, tag="script")
    assert [attr(script, "src") for script in scripts if has(script, "src")] == [
        "/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js",
    ]
    # The only inline script is a JSON data block, which a CSP does not execute.
    inline = [script for script in scripts if not has(script, "src")]
    assert [(attr(script, "type"), attr(script, "id")) for script in inline] == [("application/json", "swagger-settings")]
    assert json.loads(text(inline[0]))["url"] == "/api/v1/openapi.json"
    one(root, tag="div", id="swagger-ui")
    # Every file the page loads comes from our own static files, none from a CDN.
    loaded = [attr(link, "href") for link in every(root, tag="link")] + [attr(s, "src") for s in scripts if has(s, "src")]
    assert loaded and all(url.startswith("/static/ninja/") for url in loaded), loaded
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"


def test_an_unknown_api_path_is_a_json_404(db):
    response = Client().get("/api/v1/nothing/here", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "openapi.json" in response.json()["detail"]
