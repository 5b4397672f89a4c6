"""A run with browser tests and no Chromium fails, naming the fix, unless it says it skips them
(the suite-wide hook in the root conftest.py, called as pytest calls it)."""

import sys
from types import SimpleNamespace

import pytest


class Item(SimpleNamespace):
    def add_marker(self, marker) -> None:
        self.markers.append(marker)


@pytest.fixture
def no_chromium(tmp_path, monkeypatch):
    root_conftest = sys.modules["conftest"]
    monkeypatch.setattr(root_conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("DXTRACK_SKIP_BROWSER", raising=False)
    return root_conftest.pytest_collection_modifyitems


def items() -> list[Item]:
    return [Item(keywords={"browser": True}, markers=[]), Item(keywords={}, markers=[])]


def test_a_missing_chromium_fails_the_run(no_chromium):
    with pytest.raises(pytest.UsageError, match=r"1 browser tests need .*no-chromium.*DXTRACK_SKIP_BROWSER=1"):
        no_chromium(None, items())


def test_a_run_that_says_it_skips_browser_tests_skips_only_them(no_chromium, monkeypatch):
    monkeypatch.setenv("DXTRACK_SKIP_BROWSER", "1")
    browser, plain = items()
    no_chromium(None, [browser, plain])
    assert [marker.name for marker in browser.markers] == ["skip"]
    assert plain.markers == []


def test_a_run_without_browser_tests_does_not_need_chromium(no_chromium):
    plain = Item(keywords={}, markers=[])
    no_chromium(None, [plain])
    assert plain.markers == []
