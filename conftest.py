"""Suite-wide fixtures: the database and browser requirements, and the named personas.

CI sets DXTRACK_REQUIRE_POSTGRES and DXTRACK_REQUIRE_BROWSER so that a missing PostgreSQL or
Chromium fails the run instead of quietly skipping what it was meant to prove.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.getenv("DXTRACK_CHROMIUM", "/usr/bin/chromium"))

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.getenv("DXTRACK_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"DXTRACK_REQUIRE_POSTGRES is set but the database engine is {engine}")
    if os.getenv("DXTRACK_REQUIRE_BROWSER") and not CHROMIUM.exists():
        raise pytest.UsageError(f"DXTRACK_REQUIRE_BROWSER is set but {CHROMIUM} is missing")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (`make browser`)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Vietnamese), whatever the test before it left
    active: a request in English leaves English active in the thread, which made tests pass or
    fail by their order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


from dxtrack.accounts.tests.personas import *  # noqa: E402,F403  (fixtures for every app's tests)
