"""The upload page, the job's progress and error report, the template download: who may, and what they get."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.audit.models import AuditEvent
from dxtrack.common.tests.pages import attr, every, has, one, page, text
from dxtrack.reporting.models import DataValue, ImportJob, ImportStatus
from dxtrack.reporting.tests.imports_fixtures import *  # noqa: F403
from dxtrack.reporting.tests.imports_fixtures import CSV_HEADER, snapshot

UPLOAD = reverse("reporting:import_upload")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """The task runs inside the request, as the worker would run it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def upload(client, text: str | bytes, *, name: str = "values.csv", **data):
    content = text.encode() if isinstance(text, str) else text
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), **data})


def test_a_reporter_imports_their_wards_values(english, reporter_a, indicators):
    english.force_login(reporter_a)
    response = upload(english, CSV_HEADER + "COUNT,25747,2024,12,,,\n")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:import_job", args=[job.pk])
    assert (job.status, job.created, job.rows_done, job.created_by) == (ImportStatus.DONE, 1, 1, reporter_a)
    assert DataValue.objects.get().recorded_by == reporter_a
    progress = one(page(english.get(response["Location"])), id="import-progress")
    assert attr(one(progress, data_status=...), "data-status") == "done"
    assert text(one(progress, data_counts=...)) == "1 rows: 1 created, 0 updated, 0 unchanged."
    assert not has(progress, "hx-get")  # finished: the page stops polling


def test_a_reporter_of_ward_a_cannot_import_ward_b(english, reporter_a, seeded):
    english.force_login(reporter_a)
    upload(english, CSV_HEADER + "COUNT,25747,2024,11,,,\nCOUNT,25741,2024,3,,,\n")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert job.errors == [{"row": 3, "column": "org_unit", "message": "You may not import values for unit 25741."}]
    assert snapshot() == seeded
    job_page = english.get(reverse("reporting:import_job", args=[job.pk]))
    errors = every(page(job_page), testid="import-error")
    assert [text(row) for row in errors] == ["3 org_unit You may not import values for unit 25741."]
    assert b"data-counts" not in job_page.content and b" created, " not in job_page.content  # no "0 rows: 0 created…"


def test_a_dry_run_checks_and_saves_nothing(english, reporter_a, seeded):
    english.force_login(reporter_a)
    upload(english, CSV_HEADER + "COUNT,25747,2024,11,,,\n", dry_run="1")
    job = ImportJob.objects.get()
    assert (job.status, job.updated, job.dry_run) == (ImportStatus.CHECKED, 1, True)
    assert snapshot() == seeded


def test_a_renamed_pdf_is_refused_at_once_and_nothing_is_kept(english, reporter_a, seeded, data_dir):
    english.force_login(reporter_a)
    response = upload(english, b"%PDF-1.4 fake", name="values.xlsx")
    assert response.status_code == 400
    assert text(one(page(response), data_import_error=...)).startswith("The file is a PDF document")
    assert not ImportJob.objects.exists() and not any((data_dir / "imports").iterdir())
    assert snapshot() == seeded


def test_an_upload_over_the_limit_is_refused_before_it_is_read(english, reporter_a, seeded, settings):
    settings.DXTRACK_IMPORT_MAX_BYTES = 1024 * 1024  # the real check, with a limit small enough to test
    english.force_login(reporter_a)
    response = upload(english, CSV_HEADER + "COUNT,25747,2024,11,,,\n" * 60_000)
    assert response.status_code == 413
    assert text(one(page(response), data_import_error=...)).endswith("MB; files over 1 MB are refused. Split it into smaller files.")
    assert not ImportJob.objects.exists()
    assert snapshot() == seeded


def test_the_declared_size_alone_refuses_a_huge_upload(english, reporter_a, seeded):
    english.force_login(reporter_a)
    response = english.generic("POST", UPLOAD, b"", content_type="multipart/form-data; boundary=x",
                               CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert response.status_code == 413 and b"files over 50 MB are refused" in response.content


@pytest.mark.parametrize("persona", ["leader", "enterprise"])
def test_readers_and_enterprises_may_not_upload(client, persona, request, seeded):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, CSV_HEADER + "COUNT,25747,2024,11,,,\n").status_code == 403
    assert not ImportJob.objects.exists() and snapshot() == seeded


def test_anonymous_visitors_are_sent_to_log_in(client, seeded):
    response = upload(client, CSV_HEADER + "COUNT,25747,2024,11,,,\n")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not ImportJob.objects.exists() and snapshot() == seeded


def test_another_persons_job_is_not_found(client, reporter_a, reporter_b, indicators):
    client.force_login(reporter_a)
    upload(client, CSV_HEADER + "COUNT,25747,2024,11,,,\n")
    job = ImportJob.objects.get()
    client.force_login(reporter_b)
    for name in ("import_job", "import_job_progress", "import_job_errors"):
        assert client.get(reverse(f"reporting:{name}", args=[job.pk])).status_code == 404


def test_the_progress_partial_polls_while_the_job_runs(english, reporter_a, indicators):
    english.force_login(reporter_a)
    from django.utils import timezone

    job = ImportJob.objects.create(created_by=reporter_a, created_at=timezone.now(), format="csv", filename="x.csv",
                                   status=ImportStatus.RUNNING, rows_total=100)
    progress = one(page(english.get(reverse("reporting:import_job_progress", args=[job.pk]))), id="import-progress")
    assert attr(progress, "hx-get") == reverse("reporting:import_job_progress", args=[job.pk])
    bar = one(progress, tag="progress")
    assert (attr(bar, "max"), attr(bar, "value")) == ("100", "0")


def test_the_error_report_downloads_as_neutralised_csv(english, reporter_a, seeded):
    english.force_login(reporter_a)
    upload(english, CSV_HEADER + "=1+1,25747,2024,11,,,\nCOUNT,25747,2024,abc,,,\n")
    job = ImportJob.objects.get()
    response = english.get(reverse("reporting:import_job_errors", args=[job.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "message"]
    assert rows[1:] == [
        ["2", "indicator", "Unknown indicator code =1+1."],
        ["3", "value", "“abc” is not a number."],
    ]


def test_a_reporter_downloads_the_template_of_their_ward(english, reporter_a, form):
    english.force_login(reporter_a)
    url = reverse("reporting:import_template")
    response = english.get(url, {"form": "F-IMP", "unit": "25747", "period": "2024"})
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="F-IMP-25747-2024.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active["A2"].value == "SHARE"
    refused = english.get(url, {"form": "F-IMP", "unit": "25741", "period": "2024"})
    assert refused.status_code == 400 and b"You may not import values for unit 25741." in refused.content
    wrong_period = english.get(url, {"form": "F-IMP", "unit": "25747", "period": "2024Q1"})
    assert b"Period 2024Q1 is outside form F-IMP, which is reported by Year." in wrong_period.content


def test_the_upload_page_lists_only_the_users_jobs(english, reporter_a, reporter_b, indicators):
    english.force_login(reporter_b)
    upload(english, CSV_HEADER + "COUNT,25741,2024,1,,,\n", name="bees-file.csv")
    english.force_login(reporter_a)
    assert b"bees-file.csv" not in english.get(UPLOAD).content


def test_every_import_is_in_the_audit_log(client, reporter_a, indicators):
    from dxtrack.audit.models import AuditEvent

    client.force_login(reporter_a)
    upload(client, CSV_HEADER + "COUNT,25747,2024,12,,,\n")
    event = AuditEvent.objects.get(action="values.import")
    assert (event.actor, event.outcome, event.details["created"]) == (reporter_a, "success", 1)


@time_machine.travel("2025-03-03 10:00 +07:00", tick=False)
def test_a_job_whose_worker_died_ends_as_failed(english, reporter_a, indicators):
    from datetime import timedelta

    from django.utils import timezone

    from dxtrack.reporting.imports.jobs import STALE_AFTER

    # A second short of STALE_AFTER without progress is still running; at STALE_AFTER, it failed.
    job = ImportJob.objects.create(created_by=reporter_a, created_at=timezone.now() - STALE_AFTER + timedelta(seconds=1), format="csv",
                                   filename="x.csv", status=ImportStatus.RUNNING)
    english.force_login(reporter_a)
    url = reverse("reporting:import_job_progress", args=[job.pk])
    assert b"hx-get" in english.get(url).content
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - STALE_AFTER)
    page = english.get(url)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and b"hx-get" not in page.content
    assert job.errors == [{"row": 0, "column": "", "message": "The import stopped (the worker ended); nothing was imported. Upload the file again."}]


def test_running_the_task_twice_changes_nothing_the_second_time(reporter_a, indicators):
    from dxtrack.reporting.imports.jobs import import_job_create, import_job_run

    job = import_job_create(user=reporter_a, upload=SimpleUploadedFile("v.csv", (CSV_HEADER + "COUNT,25747,2024,12,,,\n").encode()), dry_run=False)
    assert import_job_run(job_id=job.pk, language="en").status == ImportStatus.DONE
    again = import_job_run(job_id=job.pk, language="en")
    assert (again.status, again.created, DataValue.objects.count()) == (ImportStatus.DONE, 1, 1)


def test_the_products_own_xlsx_template_imports_through_the_web_page(english, reporter_a, form):
    """The upload is stored without an extension; the workbook must still be read (openpyxl
    refuses a path whose name does not end in .xlsx)."""
    english.force_login(reporter_a)
    template = english.get(reverse("reporting:import_template"), {"form": "F-IMP", "unit": "25747", "period": "2024"})
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    codes = {sheet.cell(row=row, column=1).value: row for row in range(2, sheet.max_row + 1)}
    value_column = next(cell.column for cell in sheet[1] if str(cell.value).endswith("(value)"))
    sheet.cell(row=codes["COUNT"], column=value_column, value=37)
    filled = io.BytesIO()
    book.save(filled)
    response = upload(english, filled.getvalue(), name="F-IMP-25747-2024.xlsx")
    job = ImportJob.objects.get()
    assert response.status_code == 302, response.content.decode()[:500]
    assert (job.format, job.status, job.errors, job.created) == ("xlsx", ImportStatus.DONE, [], 1)
    assert DataValue.objects.get(indicator__code="COUNT").value == 37


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after this point runs."""


@pytest.mark.django_db(transaction=True)  # the import's own commit, for real
def test_a_worker_dying_right_after_the_import_commits_leaves_the_job_done(reporter_a, indicators, monkeypatch):
    from dxtrack.reporting.imports import jobs
    from dxtrack.reporting.imports.files import stored_path

    job = jobs.import_job_create(user=reporter_a, upload=SimpleUploadedFile("v.csv", (CSV_HEADER + "COUNT,25747,2024,12,,,\n").encode()), dry_run=False)
    upload = stored_path(job.stored_path)
    removal = jobs.upload_remove

    def die(relative):
        raise WorkerDied

    monkeypatch.setattr(jobs, "upload_remove", die)  # the first step after the commit
    with pytest.raises(WorkerDied):
        jobs.import_job_run(job_id=job.pk, language="en")
    job.refresh_from_db()
    assert (job.status, job.created, DataValue.objects.count()) == (ImportStatus.DONE, 1, 1), "recorded with the values"
    assert AuditEvent.objects.filter(action="values.import", object_id=str(job.pk)).count() == 1
    monkeypatch.setattr(jobs, "upload_remove", removal)
    # The heartbeat's reaper then fails the task, and the job's receiver calls this:
    assert jobs.import_job_abandon(job_id=job.pk).status == ImportStatus.DONE
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.errors == [] and not upload.exists()
