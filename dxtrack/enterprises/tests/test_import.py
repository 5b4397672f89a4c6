"""The registry import: all or nothing, each bad input named by row and column, upsert by MST."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from dxtrack.enterprises.imports import registry_import
from dxtrack.enterprises.models import Enterprise
from dxtrack.enterprises.tests.conftest import write_csv

GOOD = [
    "0100109106,Công ty TNHH Phần mềm Đông Á,tnhh2,6201,25747,12,8000000000,2000000000",
    "0314409058-002,Chi nhánh Công ty Cổ phần Bình An,co_phan,4711,\"Phường Hiệp Thành, Thủ Dầu Một, Bình Dương\",60,,60000000000",
    "079203001234,Hộ kinh doanh Nguyễn Văn A,hkd,5610,25750,2,900000000,",
]


def snapshot():
    return sorted(Enterprise.objects.values_list("tax_code", "name_vi", "size_class", "ward__code", "employees"))


def test_the_e_contracts_column_records_yes_no_or_not_known(wards, tmp_path):
    header = "tax_code,name,legal_form,vsic,ward,employees,revenue_vnd,capital_vnd,e_contracts"
    rows = [GOOD[0] + ",1", GOOD[1] + ",0", GOOD[2] + ","]
    assert registry_import(path=write_csv(tmp_path / "a.csv", rows, header=header)).accepted
    assert dict(Enterprise.objects.values_list("tax_code", "uses_e_contracts")) == {
        "0100109106": True, "0314409058002": False, "079203001234": None}
    wrong = registry_import(path=write_csv(tmp_path / "b.csv", [GOOD[0] + ",maybe"], header=header))
    assert [(e["row"], e["column"]) for e in wrong.errors] == [(2, "e_contracts")]
    # A file without the column keeps what is stored (the enterprise's own answer, say).
    again = registry_import(path=write_csv(tmp_path / "c.csv", GOOD))
    assert (again.accepted, again.unchanged) == (True, 3)
    assert Enterprise.objects.get(tax_code="0100109106").uses_e_contracts is True


def test_a_good_file_is_imported_with_size_classes_and_todays_wards(wards, tmp_path):
    report = registry_import(path=write_csv(tmp_path / "a.csv", GOOD))
    assert report.accepted and (report.rows, report.created) == (3, 3)
    software = Enterprise.objects.get(tax_code="0100109106")
    # services (J 62): 12 employees > 10, so not micro; ≤ 50 and revenue 8 bn ≤ 100 bn: small
    assert (software.size_class, software.ward.code, software.is_it, software.search_text[:17]) == (
        "small", "25747", True, "cong ty tnhh phan")
    branch = Enterprise.objects.get(tax_code="0314409058002")
    # an old address: today's ward Phú Lợi (25750), the old ward Hiệp Thành (25741) kept
    assert (branch.ward.code, branch.ward_before_2025.code) == ("25750", "25741")
    # trade (G 47): 60 employees > 50; ≤ 100 with capital 60 bn ≤ 100 bn: medium
    assert branch.size_class == "medium"
    household = Enterprise.objects.get(tax_code="079203001234")
    assert (household.identifier_type, household.identifier_masked, household.size_class) == ("personal_id", "079*******34", "micro")


def test_importing_the_same_file_twice_changes_nothing(wards, tmp_path):
    path = write_csv(tmp_path / "a.csv", GOOD)
    registry_import(path=path)
    stamps = sorted(Enterprise.objects.values_list("pk", "updated_at"))
    again = registry_import(path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert sorted(Enterprise.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_row_updates_its_enterprise_by_tax_code(wards, tmp_path):
    registry_import(path=write_csv(tmp_path / "a.csv", GOOD))
    changed = [GOOD[0].replace(",12,", ",9,"), *GOOD[1:]]
    report = registry_import(path=write_csv(tmp_path / "b.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Enterprise.objects.get(tax_code="0100109106").size_class == "micro"  # 9 employees, 8 bn ≤ 10 bn


def test_a_dry_run_counts_and_saves_nothing(wards, tmp_path):
    report = registry_import(path=write_csv(tmp_path / "a.csv", GOOD), dry_run=True)
    assert report.accepted and report.created == 3
    assert Enterprise.objects.count() == 0


BAD_ROWS = [
    ("0100233480,Sai số kiểm tra,tnhh1,6201,25747,1,1,1", "tax_code", "chữ số kiểm tra"),
    ("0314409058-000,Chi nhánh 000,tnhh1,6201,25747,1,1,1", "tax_code", "000"),
    ("079203001234,Không phải hộ kinh doanh,tnhh1,6201,25747,1,1,1", "tax_code", "hộ kinh doanh"),
    ("0100109106,Mã ngành sai,tnhh1,0400,25747,1,1,1", "vsic", "04"),
    ("0100109106,Phường không có,tnhh1,6201,\"Nơi nào đó, không rõ\",1,1,1", "ward", "Nơi nào đó"),
    ("0100109106,Mã phường sai,tnhh1,6201,99999,1,1,1", "ward", "99999"),
    ("0100109106,Số lao động sai,tnhh1,6201,25747,mười,1,1", "employees", "mười"),
    ("0100109106,Hình thức sai,cong_ty,6201,25747,1,1,1", "legal_form", "cong_ty"),
    ("0100109106,Không doanh thu,tnhh1,6201,25747,1,,", "revenue_vnd", ""),
]


@pytest.mark.parametrize(("line", "column", "words"), BAD_ROWS)
def test_each_bad_row_is_named_and_nothing_is_saved(wards, tmp_path, line, column, words):
    registry_import(path=write_csv(tmp_path / "a.csv", GOOD[:1]))
    before = snapshot()
    report = registry_import(path=write_csv(tmp_path / "b.csv", [GOOD[1], line]))
    assert not report.accepted
    assert [(error["row"], error["column"]) for error in report.errors] == [(3, column)]
    assert words in report.errors[0]["message"]
    assert snapshot() == before  # the good row 2 was not saved either


def test_a_duplicate_tax_code_names_both_rows(wards, tmp_path):
    report = registry_import(path=write_csv(tmp_path / "a.csv", [GOOD[0], GOOD[0].replace("Đông Á", "Đông Á 2")]))
    assert report.errors == [{"row": 3, "column": "tax_code", "message": "Mã số thuế 0100109106 đã có ở dòng 2 của tệp này."}]
    assert Enterprise.objects.count() == 0


def test_a_missing_column_refuses_the_file(wards, tmp_path):
    report = registry_import(path=write_csv(tmp_path / "a.csv", ["0100109106,X"], header="tax_code,name"))
    assert report.errors[0]["row"] == 0 and "legal_form" in report.errors[0]["message"]


def test_messages_in_english(wards, tmp_path):
    with translation.override("en"):
        report = registry_import(path=write_csv(tmp_path / "a.csv", [BAD_ROWS[0][0]]))
    assert "check digit" in report.errors[0]["message"]


def test_the_command_exports_what_it_imported_and_the_export_imports_back_unchanged(wards, tmp_path):
    call_command("enterprises", "import", str(write_csv(tmp_path / "a.csv", GOOD)), stdout=io.StringIO())
    target = tmp_path / "out.xlsx"
    call_command("enterprises", "export", "--format", "xlsx", "--output", str(target))
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["0100109106"]["size_class"] == "small" and rows["0100109106"]["ward_code"] == "25747"
    assert rows["0314409058-002"]["ward_before_2025_code"] == "25741"
    again = registry_import(path=target)
    assert (again.accepted, again.unchanged) == (True, 3)
    out = io.StringIO()
    call_command("enterprises", "export", "--format", "csv", stdout=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0].endswith("size_class,ward_code,ward_before_2025_code") and len(lines) == 4


def test_the_command_refuses_a_bad_file_with_exit_1(wards, tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("enterprises", "import", str(write_csv(tmp_path / "a.csv", [BAD_ROWS[0][0]])), stderr=err)
    assert exited.value.code == 1 and "dòng 2, cột tax_code" in err.getvalue()


def test_an_old_ward_code_is_followed_to_todays_ward(wards, tmp_path):
    line = "0100109106,Công ty Mã phường cũ,tnhh1,6201,25741,1,1,1"
    registry_import(path=write_csv(tmp_path / "a.csv", [line]))
    enterprise = Enterprise.objects.get()
    assert (enterprise.ward.code, enterprise.ward_before_2025.code) == ("25750", "25741")


def test_a_new_address_resolves_to_todays_ward(wards, tmp_path):
    line = '0100109106,Công ty Địa chỉ mới,tnhh1,6201,"12 Lê Lợi, Phường Thủ Dầu Một, Thành phố Hồ Chí Minh",1,1,1'
    registry_import(path=write_csv(tmp_path / "a.csv", [line]))
    enterprise = Enterprise.objects.get()
    assert (enterprise.ward.code, enterprise.ward_before_2025) == ("25747", None)


def test_the_sample_rows_import_and_their_tax_codes_are_valid(wards, tmp_path):
    import csv as csvlib

    from stdnum.vn import mst

    from dxtrack.enterprises.files import COLUMNS
    from dxtrack.enterprises.sample import sample_rows

    rows = list(sample_rows(count=200, it_count=20, ward_codes=["25747", "25750"]))
    assert all(mst.is_valid(row["tax_code"]) for row in rows) and len({row["tax_code"] for row in rows}) == 200
    assert sum(row["is_it"] == "1" for row in rows) == 20
    path = tmp_path / "sample.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csvlib.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    report = registry_import(path=path, sample=True)
    assert report.accepted and report.created == 200
    assert Enterprise.objects.filter(is_sample=True, is_it=True).count() == 20
