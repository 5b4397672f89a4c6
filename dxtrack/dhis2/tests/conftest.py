"""The /api/v1/ test world (programme T-API, form F-API, wards A and B, their 2024 values) and
DHIS2-style clients: `dhis2(persona)` sends HTTP Basic with the persona's password,
`token_client(persona, scheme)` a personal access token in the ApiToken or Bearer scheme."""

from __future__ import annotations

import base64

import pytest

from dxtrack.accounts.mfa import mfa_enabled
from dxtrack.accounts.tokens import token_create
from dxtrack.api.tests.conftest import (  # noqa: F401 - fixtures shared with /api/v1/'s tests
    ApiClient,
    api,
    form,
    indicators,
    people,
    programme,
    values,
)

PASSWORD = "correct-horse-battery-staple"  # the personas' password (accounts/tests/personas.py)


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def dhis2(people):  # noqa: F811 - the fixture imported above
    """dhis2(persona) → a client sending the persona's username and password (HTTP Basic), or
    for a persona who must use MFA (the approver) an access token."""
    clients: dict[str, ApiClient] = {}

    def make(persona: str) -> ApiClient:
        if persona not in clients:
            if persona == "anonymous":
                clients[persona] = ApiClient()
            elif mfa_enabled(people[persona]):
                # Basic is refused to accounts with a second factor (test_auth.py): they use a token.
                _token, plain = token_create(user=people[persona], name="dhis2 tests")
                clients[persona] = ApiClient(HTTP_AUTHORIZATION=f"ApiToken {plain}")
            else:
                clients[persona] = ApiClient(HTTP_AUTHORIZATION=basic(people[persona].username))
        return clients[persona]

    return make


@pytest.fixture
def token_client(people):  # noqa: F811
    def make(persona: str, scheme: str = "ApiToken") -> ApiClient:
        _token, plain = token_create(user=people[persona], name="dhis2 tests")
        return ApiClient(HTTP_AUTHORIZATION=f"{scheme} {plain}")

    return make
