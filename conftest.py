"""Suite-wide fixtures: the database and browser requirements, and the named personas.

CI sets DXTRACK_REQUIRE_POSTGRES and DXTRACK_REQUIRE_BROWSER so that a missing PostgreSQL or
Chromium fails the run instead of quietly skipping what it was meant to prove.

Property tests (hypothesis, and schemathesis on top of it) draw the same examples on every run:
the "repeatable" profile derandomises them, so a red run can be repeated and a green one does not
hide a failure that one run in four would find. `bench/explore_properties.py` runs them under the
"explore" profile instead, with fresh random examples, to keep looking.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
# Loaded before any test module is imported, so every @settings(...) inherits it.
hypothesis_settings.load_profile(os.getenv("DXTRACK_HYPOTHESIS_PROFILE", "repeatable"))

CHROMIUM = Path(os.getenv("DXTRACK_CHROMIUM", "/usr/bin/chromium"))

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# A fast hasher for the whole suite: Django's PBKDF2 costs 0.3-0.5 s per password hashed or
# checked, and the personas are created and logged in thousands of times (about 10 minutes of a
# run). No test is about the hasher itself; the servers that tests start as subprocesses
# (`dxtrack serve`, the demo) keep the production settings.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_sessionstart(session: pytest.Session) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    if os.getenv("DXTRACK_REQUIRE_POSTGRES"):
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"DXTRACK_REQUIRE_POSTGRES is set but the database engine is {engine}")
    if os.getenv("DXTRACK_REQUIRE_BROWSER") and not CHROMIUM.exists():
        raise pytest.UsageError(f"DXTRACK_REQUIRE_BROWSER is set but {CHROMIUM} is missing")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests need Chromium. Without it the run fails, naming the fix, unless it says
    it skips them (DXTRACK_SKIP_BROWSER=1): a silent skip used to pass a run that proved nothing."""
    browser_items = [item for item in items if "browser" in item.keywords]
    if CHROMIUM.exists() or not browser_items:
        return
    if not os.getenv("DXTRACK_SKIP_BROWSER"):
        raise pytest.UsageError(
            f"{len(browser_items)} browser tests need {CHROMIUM}, which is missing: install it "
            "(`make browser`), point DXTRACK_CHROMIUM at it, or set DXTRACK_SKIP_BROWSER=1 to skip them"
        )
    skip = pytest.mark.skip(reason=f"DXTRACK_SKIP_BROWSER is set and {CHROMIUM} is not installed")
    for item in browser_items:
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


@pytest.fixture(autouse=True)
def _figures_cache():
    """Figures are computed afresh in tests (the cache off) unless DXTRACK_FIGURES_CACHE says
    otherwise: many tests write values through the ORM, past the writers that bump the store
    version (decision 0026). figures/tests/test_versions.py turns it on itself. Emptied around
    every test either way: a rolled-back test database returns to the same version stamp."""
    from django.conf import settings

    from dxtrack.figures.versions import figures_cache_clear

    figures_cache_clear()
    previous = settings.DXTRACK_FIGURES_CACHE
    if not os.getenv("DXTRACK_FIGURES_CACHE"):
        settings.DXTRACK_FIGURES_CACHE = False
    yield
    settings.DXTRACK_FIGURES_CACHE = previous
    figures_cache_clear()


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
