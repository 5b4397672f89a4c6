"""Bad input: a programme whose area has no units that could report is refused with a clear
message — `dxtrack progress` exits non-zero, the API answers 400, the overview 400 — and
nothing is changed."""

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.urls import reverse
from django.utils import translation

from dxtrack.figures.models import FigureRules
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Programme
from dxtrack.reporting.models import DataValue

VI = "Địa bàn của chương trình KH-TRONG, Tỉnh Trống, không có đơn vị nào báo cáo"
EN = "The area of programme KH-TRONG, Empty Province, has no units that report"


@pytest.fixture
def empty_area(units):
    """A province created with no ward, district or agency below it (and no lineage)."""
    province, _ = orgunit_upsert(code="99", kind=OrgUnitKind.PROVINCE, name_vi="Tỉnh Trống", name_en="Empty Province", parent=units["country"])
    return Programme.objects.create(
        code="KH-TRONG", title_vi="Kế hoạch trống", title_en="Empty plan", horizon_start=2022, horizon_end=2030,
        area=province, is_public=True,
    )


def _nothing_changed() -> tuple[int, int]:
    return DataValue.objects.count(), FigureRules.objects.count()


def test_the_command_refuses_an_area_without_units_in_vietnamese_and_english(empty_area):
    before = _nothing_changed()
    with pytest.raises(CommandError, match=VI):
        call_command("progress", "KH-TRONG")
    with translation.override("en"), pytest.raises(CommandError, match=EN):
        call_command("progress", "KH-TRONG", "--format", "json")
    assert _nothing_changed() == before


def test_the_command_exits_non_zero(empty_area, capsys):
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "progress", "KH-TRONG"]).execute()
    assert exit_.value.code == 1
    assert "không có đơn vị nào báo cáo" in capsys.readouterr().err


def test_the_api_answers_400_with_the_message(client, leader, empty_area):
    client.force_login(leader)
    response = client.get("/api/v1/programmes/KH-TRONG/progress", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert EN in response.json()["detail"]
    response = client.get("/api/v1/programmes/KH-TRONG/progress", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400 and VI in response.json()["detail"]


def test_the_overview_answers_400_with_the_message(client, empty_area):
    before = _nothing_changed()
    response = client.get(reverse("dashboards:programme_overview", args=["KH-TRONG"]), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert VI in response.content.decode()
    assert _nothing_changed() == before


def test_a_ward_is_its_own_reporting_unit(units):
    ward = Programme.objects.create(
        code="KH-PHUONG", title_vi="Kế hoạch phường", horizon_start=2022, horizon_end=2030, area=units["ward_a"], is_public=True,
    )
    call_command("progress", "KH-PHUONG")  # no error: the ward reports for itself
    assert ward.area.kind == OrgUnitKind.COMMUNE
