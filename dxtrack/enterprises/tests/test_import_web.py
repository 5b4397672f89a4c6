"""The registry import on the web: upload, the background run and its progress page, the error
report, the template; who may; a worker dying halfway."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.audit.models import AuditEvent
from dxtrack.common.tests.pages import attr, every, has, one, page, text
from dxtrack.enterprises.files import COLUMNS
from dxtrack.enterprises.models import Enterprise, EnterpriseImport
from dxtrack.enterprises.views_import import XLSX_TYPE
from dxtrack.reporting.models import ImportStatus

UPLOAD = reverse("enterprises:registry_import")
HEADER = "tax_code,name,legal_form,vsic,ward,employees,revenue_vnd,capital_vnd"
# Six valid tax codes (python-stdnum's list), in Thủ Dầu Một (25747) and Phú Lợi (25750).
ROWS = [
    "0100233488,Công ty TNHH Một,tnhh2,6201,25747,12,8000000000,2000000000",
    "0101245486,Công ty TNHH Hai,tnhh2,4711,25747,3,900000000,",
    "0102182292,Công ty Cổ phần Ba,co_phan,1010,25750,120,,90000000000",
    "0102278149,Công ty TNHH Bốn,tnhh1,6202,25750,8,2000000000,",
    "0102328512,Doanh nghiệp tư nhân Năm,dntn,5610,25747,4,1000000000,",
    "0102638049,Công ty TNHH Sáu,tnhh2,4620,25750,30,20000000000,",
]
# The sixth data row is row 7 of the file (the header is row 1): the valid 0102641429 with its last digit changed.
BAD_ROW_7 = "0102641420,Công ty TNHH Bảy,tnhh2,6201,25747,5,1000000000,"


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    """The task runs inside the request, as the worker would run it; uploads go under the test's directory."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def ward_a_officer(units) -> User:
    """A programme officer of old ward A (Phú Cường), so of Thủ Dầu Một ward it became."""
    user = User.objects.create_user(username="officer_a", password="x")
    RoleAssignment.objects.create(user=user, role=Role.PROGRAMME_OFFICER, org_unit=units["ward_a"])
    return user


def csv_bytes(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def upload(client, content: bytes, *, name: str = "registry.csv", **data):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), **data})


def snapshot():
    return sorted(Enterprise.objects.values_list("tax_code", "name_vi", "size_class", "ward__code", "employees", "updated_at"))


def test_the_programme_office_imports_a_file_and_sees_it_done(english, officer, wards, settings):
    english.force_login(officer)
    response = upload(english, csv_bytes(ROWS))
    run = EnterpriseImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("enterprises:registry_import_job", args=[run.pk])
    assert (run.status, run.rows, run.created, run.created_by, run.format) == (ImportStatus.DONE, 6, 6, officer, "csv")
    # Hand-checked: Ba is manufacturing (C 10), 120 employees ≤ 200 and capital 90 bn ≤ 100 bn: medium.
    assert Enterprise.objects.get(tax_code="0102182292").size_class == "medium"
    assert Enterprise.objects.filter(ward__code="25747").count() == 3
    progress = one(page(english.get(response["Location"])), id="registry-import-progress")
    assert attr(one(progress, data_status=...), "data-status") == "done"
    assert text(one(progress, data_counts=...)) == "6 rows: 6 created, 0 updated, 0 unchanged."
    assert not has(progress, "hx-get")  # finished: the page stops polling
    assert not any((settings.DATA_DIR / "imports").iterdir()), "the upload is removed once imported"


def test_the_registry_page_links_to_the_import_for_officers_only(client, officer, leader, wards):
    for person, linked in ((officer, True), (leader, False)):
        client.force_login(person)
        assert (b"data-import-link" in client.get(reverse("enterprises:registry_search")).content) is linked


def test_the_same_file_twice_changes_nothing(english, officer, wards):
    english.force_login(officer)
    upload(english, csv_bytes(ROWS))
    before = snapshot()
    upload(english, csv_bytes(ROWS))
    second = EnterpriseImport.objects.order_by("-pk").first()
    assert (second.status, second.created, second.updated, second.unchanged) == (ImportStatus.DONE, 0, 0, 6)
    assert snapshot() == before


def test_a_dry_run_checks_and_saves_nothing(english, officer, wards):
    english.force_login(officer)
    upload(english, csv_bytes(ROWS), dry_run="1")
    run = EnterpriseImport.objects.get()
    assert (run.status, run.created, run.dry_run) == (ImportStatus.CHECKED, 6, True)
    assert not Enterprise.objects.exists()
    body = page(english.get(reverse("enterprises:registry_import_job", args=[run.pk])))
    assert "Dry run: the file is correct and nothing was saved." in text(body)


def test_a_wrong_check_digit_on_row_7_names_row_7_and_saves_nothing(english, officer, wards):
    english.force_login(officer)
    upload(english, csv_bytes([*ROWS[:5], BAD_ROW_7, ROWS[5]]))
    run = EnterpriseImport.objects.get()
    assert run.status == ImportStatus.REJECTED and not Enterprise.objects.exists()
    assert [(error["row"], error["column"]) for error in run.errors] == [(7, "tax_code")]
    shown = [text(item) for item in every(page(english.get(reverse("enterprises:registry_import_job", args=[run.pk]))), testid="import-error")]
    assert len(shown) == 1 and shown[0].startswith("Row 7, tax_code")
    report = english.get(reverse("enterprises:registry_import_errors", args=[run.pk]))
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines[0] == ["row", "column", "message"] and lines[1][:2] == ["7", "tax_code"] and len(lines) == 2
    assert report["Content-Disposition"] == f'attachment; filename="registry-import-{run.pk}-errors.csv"'


def test_a_ward_officer_cannot_import_another_wards_enterprise(english, ward_a_officer, wards):
    english.force_login(ward_a_officer)
    upload(english, csv_bytes(ROWS[:3]))  # rows 2 and 3 in Thủ Dầu Một, row 4 in Phú Lợi
    run = EnterpriseImport.objects.get()
    assert run.status == ImportStatus.REJECTED and not Enterprise.objects.exists()
    assert [(error["row"], error["column"]) for error in run.errors] == [(4, "ward")]
    upload(english, csv_bytes(ROWS[:2]))
    assert EnterpriseImport.objects.order_by("-pk").first().status == ImportStatus.DONE
    assert Enterprise.objects.count() == 2


def test_a_ward_officer_cannot_move_an_enterprise_out_of_another_ward(english, officer, ward_a_officer, wards):
    english.force_login(officer)
    upload(english, csv_bytes([ROWS[2]]))  # Ba, in Phú Lợi
    english.force_login(ward_a_officer)
    upload(english, csv_bytes([ROWS[2].replace(",25750,", ",25747,")]))
    run = EnterpriseImport.objects.order_by("-pk").first()
    assert run.status == ImportStatus.REJECTED and [(e["row"], e["column"]) for e in run.errors] == [(2, "tax_code")]
    assert Enterprise.objects.get().ward.code == "25750"


def test_an_xlsx_from_the_template_imports(english, officer, wards):
    english.force_login(officer)
    template = english.get(reverse("enterprises:registry_import_template", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert [cell.value for cell in book.active[1]] == list(COLUMNS)
    values = dict(zip(HEADER.split(","), ROWS[0].split(","), strict=True))
    book.active.append([values.get(column) for column in COLUMNS])
    filled = io.BytesIO()
    book.save(filled)
    upload(english, filled.getvalue(), name="registry.xlsx")
    run = EnterpriseImport.objects.get()
    assert (run.format, run.status, run.created, run.skipped, run.errors) == ("xlsx", ImportStatus.DONE, 1, 1, [])
    csv_template = english.get(reverse("enterprises:registry_import_template", args=["csv"]))
    assert csv_template.content.decode("utf-8-sig").strip() == ",".join(COLUMNS)


def test_a_pdf_is_refused_at_once_and_nothing_is_kept(english, officer, wards):
    english.force_login(officer)
    response = upload(english, b"%PDF-1.4 fake", name="registry.xlsx")
    assert response.status_code == 400
    assert text(one(page(response), data_import_error=...)).startswith("The file is a PDF document")
    assert not EnterpriseImport.objects.exists()


@pytest.mark.parametrize("person", ["leader", "reporter_a", "enterprise"])
def test_only_programme_officers_may_import(client, person, request, wards):
    client.force_login(request.getfixturevalue(person))
    assert upload(client, csv_bytes(ROWS)).status_code == 403
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("enterprises:registry_import_template", args=["csv"])).status_code == 403
    assert not Enterprise.objects.exists() and not EnterpriseImport.objects.exists()
    denied = AuditEvent.objects.filter(outcome="denied", details__what__startswith="enterprises.").values_list("details__what", flat=True)
    assert sorted(denied) == ["enterprises.registry_import", "enterprises.registry_import", "enterprises.registry_import_template"]


def test_another_officers_run_is_not_found(client, officer, ward_a_officer, wards):
    client.force_login(officer)
    upload(client, csv_bytes([*ROWS, BAD_ROW_7]))
    run = EnterpriseImport.objects.get()
    client.force_login(ward_a_officer)
    for name in ("registry_import_job", "registry_import_progress", "registry_import_errors"):
        assert client.get(reverse(f"enterprises:{name}", args=[run.pk])).status_code == 404


def test_the_upload_needs_its_csrf_token(officer, wards):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(officer)
    assert upload(guarded, csv_bytes(ROWS)).status_code == 403
    assert not EnterpriseImport.objects.exists()


def test_the_page_shows_progress_while_it_runs(english, officer, wards):
    from dxtrack.enterprises.import_jobs import registry_job_create
    from dxtrack.reporting.imports.progress import progress_writer

    run = registry_job_create(user=officer, upload=SimpleUploadedFile("r.csv", csv_bytes(ROWS)), dry_run=False)
    EnterpriseImport.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, rows_total=6)
    run.refresh_from_db()
    progress_writer(run.stored_path)(4)
    english.force_login(officer)
    progress = one(page(english.get(reverse("enterprises:registry_import_progress", args=[run.pk]))), id="registry-import-progress")
    assert attr(progress, "hx-get") == reverse("enterprises:registry_import_progress", args=[run.pk])
    assert attr(one(progress, tag="progress"), "value") == "4" and attr(one(progress, tag="progress"), "max") == "6"
    assert text(one(progress, data_progress=...)) == "4 of 6 rows checked…"


@time_machine.travel("2025-03-03 10:00 +07:00", tick=False)
def test_a_run_whose_worker_died_ends_as_failed(english, officer, wards):
    from datetime import timedelta

    from django.utils import timezone

    from dxtrack.reporting.imports.jobs import STALE_AFTER

    run = EnterpriseImport.objects.create(created_by=officer, filename="x.csv", format="csv", status=ImportStatus.RUNNING)
    EnterpriseImport.objects.filter(pk=run.pk).update(created_at=timezone.now() - STALE_AFTER + timedelta(seconds=1))
    english.force_login(officer)
    url = reverse("enterprises:registry_import_progress", args=[run.pk])
    assert b"hx-get" in english.get(url).content
    EnterpriseImport.objects.filter(pk=run.pk).update(created_at=timezone.now() - STALE_AFTER)
    body = english.get(url).content
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and b"hx-get" not in body
    assert run.errors == [{"row": 0, "column": "", "message": "The import stopped (the worker ended); nothing was imported. Upload the file again."}]


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after this point runs."""


@pytest.mark.django_db(transaction=True)  # the import's own transaction, for real
def test_a_worker_killed_while_writing_leaves_nothing_half_written(officer, wards, monkeypatch):
    from dxtrack.enterprises import import_jobs, imports

    run = import_jobs.registry_job_create(user=officer, upload=SimpleUploadedFile("r.csv", csv_bytes(ROWS)), dry_run=False)
    monkeypatch.setattr(imports, "INSERT_BATCH", 2)  # three batches; the worker dies after the first
    inserts = []

    def dying_on_the_second_insert(method):
        def run(cursor, sql, params=None):
            if sql.startswith(f'INSERT INTO "{Enterprise._meta.db_table}"'):
                inserts.append(sql)
                if len(inserts) == 2:
                    raise WorkerDied
            return method(cursor, sql, params)
        return run

    # execute on PostgreSQL (a batch as arrays), executemany elsewhere
    for name in ("execute", "executemany"):
        monkeypatch.setattr(CursorWrapper, name, dying_on_the_second_insert(getattr(CursorWrapper, name)))
    with pytest.raises(WorkerDied):
        import_jobs.registry_job_run(run_id=run.pk, language="en")
    assert not Enterprise.objects.exists(), "the first batch rolled back with the rest"
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING
    # The heartbeat's reaper then fails the task, and the run's receiver calls this:
    assert import_jobs.registry_job_abandon(run_id=run.pk).status == ImportStatus.FAILED
    assert not Enterprise.objects.exists()


def test_running_the_task_twice_changes_nothing_the_second_time(officer, wards):
    from dxtrack.enterprises.import_jobs import registry_job_create, registry_job_run

    run = registry_job_create(user=officer, upload=SimpleUploadedFile("r.csv", csv_bytes(ROWS)), dry_run=False)
    assert registry_job_run(run_id=run.pk, language="en").status == ImportStatus.DONE
    again = registry_job_run(run_id=run.pk, language="en")
    assert (again.status, again.created, Enterprise.objects.count()) == (ImportStatus.DONE, 6, 6)


def template_book(client) -> openpyxl.Workbook:
    response = client.get(reverse("enterprises:registry_import_template", args=["xlsx"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_xlsx_template_has_an_example_lists_and_instructions_in_the_readers_language_first(client, english, officer):
    english.force_login(officer)
    book = template_book(english)
    assert book.sheetnames == ["registry", "Instructions - Hướng dẫn", "VSIC"]
    data = book["registry"]
    assert [cell.value for cell in data[1]] == list(COLUMNS)
    example = {name: cell.value for name, cell in zip(COLUMNS, data[2], strict=True)}
    assert example["tax_code"] == "Example / Ví dụ: 0100109106" and example["legal_form"] == "tnhh2"
    assert data.max_row == 2 and data.freeze_panes == "A2"
    lists = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation if v.type == "list"}
    assert lists == {
        "D2:D100000": '"dntn,hop_danh,tnhh1,tnhh2,co_phan,htx,hkd"', "J2:J100000": '"active,suspended,dissolved"',
        "M2:M100000": '"1,0"', "N2:N100000": '"1,0"', "E2:E100000": "'VSIC'!$C$2:$C$89",
    }
    whole = sorted(str(v.sqref) for v in data.data_validations.dataValidation if v.type == "whole")
    assert whole == ["G2:G100000", "H2:H100000", "I2:I100000"]
    assert all(data.column_dimensions[letter].width >= len(name) for letter, name in zip("ABCDEFGHIJKLMN", COLUMNS, strict=True))
    instructions = book["Instructions - Hướng dẫn"]
    assert [cell.value for cell in instructions[1]] == ["Cột / Column", "Required", "Bắt buộc", "Explanation", "Giải thích"]
    explained = {row[0].value: (row[3].value, row[4].value) for row in instructions.iter_rows(min_row=2) if row[0].value}
    assert list(explained) == list(COLUMNS) and all(english_text and vietnamese for english_text, vietnamese in explained.values())
    assert explained["tax_code"][0].startswith("Tax code (MST)") and explained["tax_code"][1].startswith("Mã số thuế")
    vsic = book["VSIC"]
    assert [cell.value for cell in vsic[2]][:3] == ["A", "Agriculture, forestry and fishing", "01"] and vsic.max_row == 89
    client.cookies["django_language"] = "vi"
    client.force_login(officer)
    vietnamese = template_book(client)
    assert vietnamese.sheetnames == ["registry", "Hướng dẫn - Instructions", "VSIC"]
    assert vietnamese["registry"]["A2"].value == "Ví dụ / Example: 0100109106"
    assert [cell.value for cell in vietnamese["Hướng dẫn - Instructions"][1]][1:] == ["Bắt buộc", "Required", "Giải thích", "Explanation"]


def test_the_untouched_template_imports_nothing_and_reports_its_example_row_skipped(english, officer, wards):
    english.force_login(officer)
    untouched = english.get(reverse("enterprises:registry_import_template", args=["xlsx"])).content
    response = upload(english, untouched, name="registry.xlsx")
    run = EnterpriseImport.objects.get()
    assert (run.status, run.rows, run.created, run.skipped, run.errors) == (ImportStatus.DONE, 1, 0, 1, [])
    assert not Enterprise.objects.exists()
    body = english.get(response["Location"])
    assert "1 example row of the template was skipped." in text(one(page(body), data_skipped=...))


def test_the_command_line_reports_the_example_row_it_skipped(english, officer, wards, tmp_path):
    from dxtrack.enterprises.imports import registry_import
    from dxtrack.enterprises.management.commands.enterprises import summary

    english.force_login(officer)
    path = tmp_path / "template.xlsx"
    path.write_bytes(english.get(reverse("enterprises:registry_import_template", args=["xlsx"])).content)
    report = registry_import(path=path)
    assert (report.accepted, report.rows, report.skipped_rows, report.created) == (True, 1, [2], 0)
    assert "1 example row skipped (row 2)" in summary(report)


@pytest.mark.parametrize("tax_code", ["0100109106", "Công ty Ví dụ", "", None, 100109106])
def test_only_a_tax_code_starting_with_the_example_mark_is_an_example(tax_code):
    from dxtrack.enterprises.files import is_example_row

    assert not is_example_row({"tax_code": tax_code})
    assert is_example_row({"tax_code": "VI DU: 0100109106"}) and is_example_row({"tax_code": "example 1"})
