"""Bad input of issue 7, each refused with a clear message in Vietnamese and in English, a
non-zero exit (`dxtrack progress`, `dxtrack figures`) or a 4xx (the API, the overview page),
and nothing changed (rows counted before and after): an as-of date before the programme, an
unknown programme, an area with no units, a threshold outside 0–100, a malformed as-of. And
`figures check`, finding a difference, names its indicator, unit and period.

The programme KH-07 (conftest) starts on 1 January 2022, over province 74.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.management import ManagementUtility, call_command
from django.urls import reverse
from django.utils import translation

from dxtrack.audit.models import AuditEvent
from dxtrack.figures.models import FigureRules, Membership, StoredCell, StoreState
from dxtrack.figures.services import cells_rebuild
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Programme
from dxtrack.reporting.models import DataValue, DataValueVersion
from dxtrack.reporting.services import value_record

MODELS = (DataValue, DataValueVersion, StoredCell, Membership, StoreState, FigureRules, AuditEvent, Programme)

# (query or arguments, Vietnamese, English) — the words each message must hold.
AS_OF_BEFORE = ("2021-12-31", "Chương trình KH-07 bắt đầu từ ngày", "Programme KH-07 starts on")
MALFORMED = ("31/12/2024", "cần một ngày viết theo dạng YYYY-MM-DD", "expects a date written YYYY-MM-DD")
THRESHOLDS = ("150", "-5", "tám mươi")
THRESHOLD_VI, THRESHOLD_EN = "cần một tỷ lệ phần trăm từ 0 đến 100", "expects a percentage from 0 to 100"
NO_UNITS_VI, NO_UNITS_EN = "không có đơn vị nào báo cáo", "has no units that report"


def rows() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


@pytest.fixture
def stored(units, programme, count):
    """A value and a built store, so that 'nothing changed' has something to keep."""
    value_record(indicator=count, org_unit=units["ward_a"], period="2024Q1", value=D(10))
    cells_rebuild()
    return programme


@pytest.fixture
def empty(units):
    province, _ = orgunit_upsert(code="99", kind=OrgUnitKind.PROVINCE, name_vi="Tỉnh Trống", name_en="Empty Province", parent=units["country"])
    return Programme.objects.create(
        code="KH-TRONG", title_vi="Kế hoạch trống", horizon_start=2022, horizon_end=2030, area=province, is_public=True,
    )


@pytest.fixture(autouse=True)
def _connection_kept(monkeypatch):
    # run_from_argv closes every connection when a command ends; on PostgreSQL that closes the
    # test's own, inside its transaction (SQLite's in-memory test database ignores the close).
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run(*argv: str, language: str) -> tuple[int, str]:
    """The command as a person runs it: exit code and what it printed on stderr."""
    err, saved = io.StringIO(), sys.stderr
    sys.stderr = err
    try:
        with translation.override(language):
            ManagementUtility(["manage.py", *argv]).execute()
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    finally:
        sys.stderr = saved
    return 0, err.getvalue()


def refused(*argv: str, language: str, words: str) -> bool:
    code, err = run(*argv, language=language)
    assert code == 1, (code, err)
    assert words in err, err
    return True


# -- dxtrack progress ----------------------------------------------------------------------------

CLI_CASES = [
    pytest.param(["--as-of", AS_OF_BEFORE[0]], AS_OF_BEFORE[1], AS_OF_BEFORE[2], id="as-of-before-programme"),
    pytest.param(["--as-of", MALFORMED[0]], MALFORMED[1], MALFORMED[2], id="malformed-as-of"),
    *[pytest.param(["--threshold", t], THRESHOLD_VI, THRESHOLD_EN, id=f"threshold-{t}") for t in THRESHOLDS],
]


@pytest.mark.parametrize(("extra", "vi", "en"), CLI_CASES)
def test_progress_refuses_bad_input_in_both_languages_and_changes_nothing(stored, extra, vi, en):
    before = rows()
    assert refused("progress", "KH-07", *extra, language="vi", words=vi)
    assert refused("progress", "KH-07", *extra, "--format", "json", language="en", words=en)
    assert rows() == before


def test_progress_refuses_an_unknown_programme(stored):
    before = rows()
    assert refused("progress", "KH-99", language="vi", words="Không có chương trình nào có mã KH-99.")
    assert refused("progress", "KH-99", language="en", words="No programme with code KH-99.")
    assert rows() == before


def test_progress_refuses_an_area_with_no_units(stored, empty):
    before = rows()
    assert refused("progress", "KH-TRONG", language="vi", words=NO_UNITS_VI)
    assert refused("progress", "KH-TRONG", language="en", words=NO_UNITS_EN)
    assert rows() == before


@pytest.mark.parametrize("action", ["rebuild", "check"])
def test_figures_refuses_an_unknown_programme_and_rebuilds_nothing(stored, action):
    StoredCell.objects.update(total=D(99))  # a rebuild would undo it
    before = rows()
    assert refused("figures", action, "--programme", "KH-99", language="vi", words="Không có chương trình nào có mã KH-99.")
    assert refused("figures", action, "--programme", "KH-99", language="en", words="No programme with code KH-99.")
    assert rows() == before
    assert set(StoredCell.objects.values_list("total", flat=True)) == {D(99)}


def test_figures_check_names_the_indicator_unit_and_period_of_a_difference(stored, units, count):
    StoredCell.objects.filter(indicator=count, unit=units["district"], period="2024Q1", variant="approved").update(total=D(11))
    out = io.StringIO()
    with translation.override("en"), pytest.raises(SystemExit) as exit_:
        call_command("figures", "check", stdout=out)
    assert exit_.value.code == 1
    assert "N · 718 · 2024Q1 · approved · total: stored 11, recomputed 10" in out.getvalue()


# -- the API ---------------------------------------------------------------------------------------

API_CASES = [
    pytest.param({"as_of": AS_OF_BEFORE[0]}, AS_OF_BEFORE[1], AS_OF_BEFORE[2], id="as-of-before-programme"),
    pytest.param({"as_of": MALFORMED[0]}, MALFORMED[1], MALFORMED[2], id="malformed-as-of"),
    *[pytest.param({"threshold": t}, THRESHOLD_VI, THRESHOLD_EN, id=f"threshold-{t}") for t in THRESHOLDS],
]


@pytest.mark.parametrize(("query", "vi", "en"), API_CASES)
def test_the_api_answers_400_in_both_languages_and_changes_nothing(client, leader, stored, query, vi, en):
    client.force_login(leader)
    before = rows()
    for language, words in (("vi", vi), ("en", en)):
        response = client.get("/api/v1/programmes/KH-07/progress", query, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        assert words in response.json()["detail"]
    assert rows() == before


def test_the_api_answers_404_for_an_unknown_programme_and_400_for_an_area_with_no_units(client, leader, stored, empty):
    client.force_login(leader)
    before = rows()
    response = client.get("/api/v1/programmes/KH-99/progress", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404 and "Không có chương trình nào có mã KH-99" in response.json()["detail"]
    response = client.get("/api/v1/programmes/KH-99/progress", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and "No programme with code KH-99" in response.json()["detail"]
    response = client.get("/api/v1/programmes/KH-TRONG/progress", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and NO_UNITS_EN in response.json()["detail"]
    assert rows() == before


# -- the overview page -------------------------------------------------------------------------------

PAGE_CASES = [
    pytest.param({"as_of": AS_OF_BEFORE[0]}, AS_OF_BEFORE[1], AS_OF_BEFORE[2], id="as-of-before-programme"),
    pytest.param({"as_of": MALFORMED[0]}, MALFORMED[1], MALFORMED[2], id="malformed-as-of"),
    *[pytest.param({"threshold": t}, THRESHOLD_VI, THRESHOLD_EN, id=f"threshold-{t}") for t in THRESHOLDS],
]


@pytest.mark.parametrize(("query", "vi", "en"), PAGE_CASES)
def test_the_overview_answers_400_in_both_languages_and_changes_nothing(client, stored, query, vi, en):
    before = rows()
    url = reverse("dashboards:programme_overview", args=["KH-07"])
    for language, words in (("vi", vi), ("en", en)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # pages follow the chosen language
        response = client.get(url, query)
        assert response.status_code == 400
        assert words in response.content.decode()
    assert rows() == before


def test_the_overview_takes_a_threshold_in_range(client, stored):
    response = client.get(reverse("dashboards:programme_overview", args=["KH-07"]), {"threshold": "87,5"})
    assert response.status_code == 200


def test_the_overview_answers_404_for_an_unknown_programme(client, leader, stored):
    client.force_login(leader)
    before = rows()
    response = client.get(reverse("dashboards:programme_overview", args=["KH-99"]))
    assert response.status_code == 404
    assert rows() == before
