"""`dxtrack orgunits import-vn --legacy` on the whole country, imported once for this module."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from dxtrack.orgunits.models import LineageKind, OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.selectors import orgunit_get_by_code, orgunit_get_for_period, orgunit_subtree

REFORM_DAY = date(2025, 7, 1)
LAST_LEGACY_DAY = date(2025, 6, 30)


def run_import(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("orgunits", "import-vn", *args, stdout=out)
    return out.getvalue()


def wipe_units() -> None:
    with connection.cursor() as cursor:
        for model in (OrgUnitLineage, OrgUnit):  # one statement each: parents go with children
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe_units()
        output = run_import("--legacy")
    yield output
    with django_db_blocker.unblock():
        wipe_units()


def snapshot() -> tuple[list, list]:
    units = list(OrgUnit.objects.order_by("pk").values_list())
    links = list(OrgUnitLineage.objects.order_by("pk").values_list())
    return units, links


def current(**filters):
    return OrgUnit.objects.filter(valid_from=REFORM_DAY, valid_to__isnull=True, **filters)


def legacy(**filters):
    return OrgUnit.objects.filter(valid_from__isnull=True, valid_to=LAST_LEGACY_DAY, **filters)


@pytest.mark.django_db
def test_first_run_reports_counts_per_level(imported):
    assert "Provinces since 1 July 2025: 34 units, 34 created, 0 updated" in imported
    assert "Communes and wards since 1 July 2025: 3,321 units, 3,321 created" in imported
    assert "Districts before 1 July 2025: 696 units, 696 created" in imported


@pytest.mark.django_db
def test_current_units(imported):
    assert current(kind=OrgUnitKind.PROVINCE).count() == 34
    assert current(kind=OrgUnitKind.COMMUNE).count() == 3321
    country = OrgUnit.objects.get(code="VN")
    assert (country.kind, country.valid_from, country.valid_to, country.path) == ("country", None, None, "/")
    assert set(current(kind=OrgUnitKind.PROVINCE).values_list("parent", flat=True)) == {country.pk}
    hcmc = current(code="79").get()
    assert (hcmc.name_vi, hcmc.name_en, hcmc.division_type) == ("Thành phố Hồ Chí Minh", "Ho Chi Minh City", "thành phố")
    assert hcmc.children.count() == 168


@pytest.mark.django_db
def test_legacy_units(imported):
    assert legacy(kind=OrgUnitKind.PROVINCE).count() == 63
    assert legacy(kind=OrgUnitKind.DISTRICT).count() == 696
    # 10,040 rows in the package: 10,035 communes/wards and five island districts without any.
    assert legacy(kind=OrgUnitKind.COMMUNE).count() == 10035
    assert legacy(kind=OrgUnitKind.DISTRICT, children__isnull=True).count() == 5
    assert OrgUnit.objects.count() == 1 + 34 + 3321 + 63 + 696 + 10035


@pytest.mark.django_db
def test_binh_duong_before_the_reform(imported):
    binh_duong = legacy(code="74").get()
    assert (binh_duong.name_vi, binh_duong.name_en, binh_duong.division_type) == (
        "Tỉnh Bình Dương", "Binh Duong Province", "tỉnh",
    )
    districts = legacy(kind=OrgUnitKind.DISTRICT, parent=binh_duong)
    assert districts.count() == 9
    assert legacy(kind=OrgUnitKind.COMMUNE, parent__parent=binh_duong).count() == 91
    phu_cuong = legacy(code="25747").get()
    assert (phu_cuong.name_vi, phu_cuong.name_en, phu_cuong.division_type) == (
        "Phường Phú Cường", "Phu Cuong Ward", "phường",
    )
    assert phu_cuong.parent.name_vi == "Thành phố Thủ Dầu Một"


@pytest.mark.django_db
def test_binh_duong_lineage(imported):
    new_hcmc = current(code="79").get()
    binh_duong = legacy(code="74").get()
    assert set(binh_duong.successor_links.values_list("to_unit", "kind", "effective_on")) == {
        (new_hcmc.pk, LineageKind.MERGE, REFORM_DAY)
    }
    assert set(new_hcmc.predecessor_links.values_list("from_unit__code", flat=True)) == {"74", "77", "79"}

    wards = legacy(kind=OrgUnitKind.COMMUNE, parent__parent=binh_duong)
    links = OrgUnitLineage.objects.filter(from_unit__in=wards)
    assert set(links.values_list("from_unit", flat=True)) == set(wards.values_list("pk", flat=True))  # all 91
    assert set(links.values_list("to_unit__parent", flat=True)) == {new_hcmc.pk}
    assert set(links.values_list("to_unit__kind", flat=True)) == {OrgUnitKind.COMMUNE}
    assert set(links.values_list("effective_on", flat=True)) == {REFORM_DAY}
    # A ward split between several new wards: kind split, no share (the package publishes none),
    # and exactly one of its successors is the package's default.
    split = links.filter(kind=LineageKind.SPLIT)
    assert split.exists()
    assert set(split.values_list("share", flat=True)) == {None}
    for ward_id in set(split.values_list("from_unit", flat=True)):
        assert split.filter(from_unit=ward_id, note__contains="default").count() == 1
    phu_cuong = legacy(code="25747").get()
    assert list(phu_cuong.successor_links.values_list("to_unit__name_vi", flat=True)) == ["Phường Thủ Dầu Một"]


@pytest.mark.django_db
def test_every_old_unit_has_a_successor(imported):
    assert not legacy(kind=OrgUnitKind.PROVINCE, successor_links__isnull=True).exists()
    assert not legacy(kind=OrgUnitKind.COMMUNE, successor_links__isnull=True).exists()
    con_dao = legacy(code="755").get()  # island district without wards → Côn Đảo special zone
    assert list(con_dao.successor_links.values_list("to_unit__name_vi", flat=True)) == ["Đặc khu Côn Đảo"]


@pytest.mark.django_db
def test_subtree_selector_on_the_imported_tree(imported):
    binh_duong = legacy(code="74").get()
    assert orgunit_subtree(binh_duong).count() == 1 + 9 + 91
    assert orgunit_subtree(binh_duong, include_self=False).filter(kind=OrgUnitKind.COMMUNE).count() == 91
    new_hcmc = current(code="79").get()
    assert orgunit_subtree(new_hcmc).count() == 1 + 168
    assert orgunit_subtree(OrgUnit.objects.get(code="VN")).count() == OrgUnit.objects.count()
    ward = legacy(code="25747").get()
    assert ward.path == f"/{binh_duong.parent_id}/{binh_duong.pk}/{ward.parent_id}/"


@pytest.mark.django_db
def test_get_for_period_refuses_an_old_ward_after_the_reform(imported):
    year_2025 = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    year_2024 = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
    quarter_3_2025 = {"start": date(2025, 7, 1), "end": date(2025, 9, 30)}
    # 25741 (Hiệp Thành) ceased on 30 June 2025 and no new unit took its code: nothing for Q3,
    # the old ward for 2025 as a whole (it existed during the first half, not at the end).
    assert orgunit_get_for_period("25741", **quarter_3_2025) is None
    assert orgunit_get_for_period("25741", **year_2025).valid_to == LAST_LEGACY_DAY
    ward = orgunit_get_for_period("25741", **year_2024)
    assert ward is not None and ward.valid_to == LAST_LEGACY_DAY
    # A code the reform reused: the unit existing at the end of the period wins.
    assert orgunit_get_for_period("79", **year_2025).valid_from == REFORM_DAY
    assert orgunit_get_for_period("79", **year_2024).valid_to == LAST_LEGACY_DAY
    assert ward.parent.parent == legacy(code="74").get()
    # By day: the old unit before the reform, the new one (same code) after it.
    assert orgunit_get_by_code("79", on=date(2025, 6, 30)).valid_to == LAST_LEGACY_DAY
    assert orgunit_get_by_code("79", on=date(2025, 7, 1)).valid_from == REFORM_DAY


@pytest.mark.django_db
def test_second_run_changes_nothing(imported):
    before = snapshot()
    output = run_import("--legacy")
    assert "0 created, 0 updated, 0 removed." in output
    assert snapshot() == before


@pytest.mark.django_db
def test_second_run_repairs_an_edited_unit(imported):
    ward = legacy(code="25747").get()
    OrgUnit.objects.filter(pk=ward.pk).update(name_en="Something else", path="/wrong/")
    output = run_import("--legacy")
    assert "0 created, 1 updated" in output
    ward.refresh_from_db()
    assert (ward.name_en, ward.path.startswith("/wrong/")) == ("Phu Cuong Ward", False)


@pytest.mark.django_db
def test_unknown_province_code_fails_and_changes_nothing(imported):
    before = snapshot()
    with pytest.raises(CommandError, match="99"):
        run_import("--legacy", "--province", "74", "--province", "99")
    assert snapshot() == before
