"""`--province` limits the import; bad codes and failures leave the database as it was."""

import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dxtrack.orgunits import vn_import
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage

REFORM_DAY = date(2025, 7, 1)


def run_import(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("orgunits", "import-vn", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_province_74_with_legacy_loads_binh_duong_and_new_hcmc():
    run_import("--legacy", "--province", "74")
    provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE)
    assert sorted(provinces.values_list("code", "valid_from")) == [("74", None), ("79", REFORM_DAY)]
    assert OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).count() == 9
    assert OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, valid_from__isnull=True).count() == 91
    assert OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, valid_from=REFORM_DAY).count() == 168
    assert OrgUnitLineage.objects.filter(from_unit__kind=OrgUnitKind.PROVINCE).count() == 1
    assert set(OrgUnitLineage.objects.values_list("from_unit__valid_to", "to_unit__valid_from").distinct()) == {
        (date(2025, 6, 30), REFORM_DAY)
    }
    assert OrgUnitLineage.objects.filter(from_unit__kind=OrgUnitKind.COMMUNE).values("from_unit").distinct().count() == 91


@pytest.mark.django_db
def test_province_without_legacy_loads_the_new_province_it_became():
    run_import("--province", "74")
    assert list(OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE).values_list("code", "valid_from")) == [
        ("79", REFORM_DAY)
    ]
    assert not OrgUnit.objects.filter(valid_to__isnull=False).exists()
    assert not OrgUnitLineage.objects.exists()


@pytest.mark.django_db
def test_province_codes_are_zero_padded_and_repeatable():
    run_import("--province", "1", "--province", "79")
    assert sorted(OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE).values_list("code", flat=True)) == ["01", "79"]


@pytest.mark.django_db
def test_unknown_province_code_is_refused_before_any_write():
    with pytest.raises(CommandError, match=r"Unknown province code: 99\b"):
        run_import("--legacy", "--province", "99")
    assert not OrgUnit.objects.exists()


def test_unknown_province_code_exits_non_zero(tmp_path):
    # A separate process (the console script), on a throw-away SQLite file: the code is refused
    # before the database is touched, so the file need not even be migrated.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DXTRACK_DATA_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dxtrack.cli", "orgunits", "import-vn", "--province", "XX"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert "XX" in done.stderr


@pytest.mark.django_db
def test_a_link_the_package_no_longer_lists_is_removed():
    run_import("--legacy", "--province", "74")
    old_ward = OrgUnit.objects.get(code="25747", valid_from__isnull=True)
    wrong = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, valid_from=REFORM_DAY).exclude(
        predecessor_links__from_unit=old_ward
    ).first()
    OrgUnitLineage.objects.create(from_unit=old_ward, to_unit=wrong, effective_on=REFORM_DAY)
    output = run_import("--legacy", "--province", "74")
    assert "0 created, 0 updated, 1 removed." in output
    assert not OrgUnitLineage.objects.filter(from_unit=old_ward, to_unit=wrong).exists()


@pytest.mark.django_db
def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch):
    run_import("--province", "79")
    before = list(OrgUnit.objects.order_by("pk").values_list())

    def broken(self, level):
        raise RuntimeError("disk full")

    monkeypatch.setattr(vn_import._Writer, "write_links", broken)
    with pytest.raises(RuntimeError):
        run_import("--legacy", "--province", "74")
    assert list(OrgUnit.objects.order_by("pk").values_list()) == before


def test_english_names():
    cases = {
        "Phường Phú Cường": "Phu Cuong Ward",
        "Tỉnh Bình Dương": "Binh Duong Province",
        "Thành phố Hồ Chí Minh": "Ho Chi Minh City",
        "Quận 1": "District 1",
        "Phường IV": "Ward IV",
        "Huyện Dầu Tiếng": "Dau Tieng District",
        "Thị xã Bến Cát": "Ben Cat Town",
        "Thị trấn Dầu Tiếng": "Dau Tieng Township",
        "Xã An Lập": "An Lap Commune",
        "Đặc khu Côn Đảo": "Con Dao Special Zone",
        "Thành Phố Đồng Hới": "Dong Hoi City",
    }
    assert {name: vn_import.english_name(name) for name in cases} == cases
    assert vn_import.official_name("Thị Xã Buôn Hồ") == "Thị xã Buôn Hồ"
    assert vn_import.split_division("Phường Việt Hòa", "Xã") == ("Phường", "Việt Hòa")
