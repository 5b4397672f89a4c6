"""Property-based tests from the OpenAPI document (schemathesis): for generated requests,
valid and invalid, every operation answers without a server error, with a status, content type
and body its document declares; requests without credentials are refused.

The examples are the same on every run: schemathesis draws through hypothesis, which the suite
runs derandomised (the "repeatable" profile in conftest.py); `bench/explore_properties.py` runs
this file with fresh examples. Skipped when schemathesis is not installed (a test dependency).
"""

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.db import close_old_connections  # noqa: E402

from config.wsgi import application  # noqa: E402
from dxtrack.accounts.tokens import token_create  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI app is called directly, so Django's request signals would close the database
    connection that holds the test's transaction; Django's test client unhooks them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(officer, values) -> str:
    """The programme officer reads the province and may import: every operation does real work."""
    _token, plain = token_create(user=officer, name="schemathesis")
    return plain


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case, officer_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}", "Accept-Language": "en"},
        # A code that matches its pattern may still name nothing (an unknown indicator is 422
        # with a message); schemathesis cannot know which codes exist.
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
