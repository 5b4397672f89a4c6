"""Reports on the web: generated in the background, kept with their inputs and checksum, a
failed generation listed with its reason and no file."""

import hashlib
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dxtrack.programmes.models import Programme
from dxtrack.reports.jobs import report_path
from dxtrack.reports.models import ReportFile


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path


@pytest.fixture
def client_of(leader):
    client = Client()
    client.force_login(leader)
    return client


def _generate(client, code, **data):
    fields = {"as_of": "31/12/2024", "language": "vi", "format": "xlsx", **data}  # as people write it
    return client.post(reverse("reports:report_generate", args=[code]), fields)


def test_a_generated_report_is_kept_with_its_inputs_and_checksum(programme, client_of, leader):
    response = _generate(client_of, "KH-09")
    entry = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:report_detail", args=[entry.pk])
    assert (entry.status, entry.progress, entry.as_of, entry.language, entry.format) == ("done", 100, date(2024, 12, 31), "vi", "xlsx")
    assert entry.created_by == leader and entry.programme_version is not None
    content = report_path(entry).read_bytes()
    assert entry.sha256 == hashlib.sha256(content).hexdigest() and entry.size == len(content)
    page = client_of.get(reverse("reports:report_detail", args=[entry.pk])).content.decode()
    assert 'id="report-progress">' in page and "Tải xuống" in page  # finished: the partial stops polling
    download = client_of.get(reverse("reports:report_download", args=[entry.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao-KH-09-2024-12-31-vi.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["CQS Chính quyền số"]
    assert sheet["E6"].value == 45
    listing = client_of.get(reverse("reports:report_list", args=["KH-09"])).content.decode()
    assert entry.sha256 in listing and "leader" in listing


def test_generating_twice_gives_the_same_figures_and_the_same_file(programme, client_of):
    _generate(client_of, "KH-09")
    _generate(client_of, "KH-09")
    entries = list(ReportFile.objects.order_by("pk"))
    assert entries[0].sha256 == entries[1].sha256  # byte for byte: no timestamp of its making inside
    first, second = (load_workbook(report_path(entry)) for entry in entries)
    for name in first.sheetnames:
        assert [[c.value for c in row] for row in first[name].iter_rows()] == [[c.value for c in row] for row in second[name].iter_rows()]


def test_a_failed_generation_is_listed_with_its_reason_and_no_file(units, client_of, tmp_path):
    Programme.objects.create(code="KH-00", title_vi="Trống", horizon_start=2022, horizon_end=2030, area=units["province"])
    _generate(client_of, "KH-00", language="en")
    entry = ReportFile.objects.get()
    assert entry.status == "failed" and entry.stored_path == "" and entry.sha256 == ""
    assert entry.error == "Programme KH-00 has no figures as of 31/12/2024: there is nothing to report."
    assert list((tmp_path / "reports").iterdir()) == []
    listing = client_of.get(reverse("reports:report_list", args=["KH-00"])).content.decode()
    assert entry.error in listing
    assert client_of.get(reverse("reports:report_download", args=[entry.pk])).status_code == 404


def test_an_impossible_date_is_refused_on_the_form_and_nothing_is_recorded(programme, client_of):
    response = _generate(client_of, "KH-09", as_of="2021-06-30")
    assert response.status_code == 400
    assert "trước ngày chương trình KH-09 bắt đầu" in response.content.decode()
    wrong = _generate(client_of, "KH-09", as_of="31/13/2024")
    assert wrong.status_code == 400 and "Hãy ghi ngày số liệu theo dạng dd/mm/yyyy" in wrong.content.decode()
    assert _generate(client_of, "KH-09", format="odt").status_code == 400
    assert not ReportFile.objects.exists()


def test_the_admin_lists_report_files_read_only(programme, client_of, admin_client):
    _generate(client_of, "KH-09")
    entry = ReportFile.objects.get()
    listing = admin_client.get(reverse("admin:reports_reportfile_changelist"))
    assert listing.status_code == 200 and "KH-09" in listing.content.decode()
    assert admin_client.get(reverse("admin:reports_reportfile_add")).status_code == 403
    assert admin_client.post(reverse("admin:reports_reportfile_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert ReportFile.objects.filter(pk=entry.pk).exists()


def test_a_published_report_is_on_the_portal_for_anyone_and_an_unpublished_one_is_not(programme, client_of):
    _generate(client_of, "KH-09", publish="on")
    _generate(client_of, "KH-09", format="docx")
    published, internal = ReportFile.objects.order_by("pk")
    assert (published.is_public, internal.is_public) == (True, False)
    anonymous = Client()
    page = anonymous.get(reverse("reports:public_report_list", args=["KH-09"])).content.decode()
    assert published.sha256 in page and internal.sha256 not in page
    assert anonymous.get(reverse("reports:public_report_download", args=[published.pk])).status_code == 200
    assert anonymous.get(reverse("reports:public_report_download", args=[internal.pk])).status_code == 404


def test_an_internal_programmes_report_is_never_published(programme, client_of):
    Programme.objects.filter(code="KH-09").update(is_public=False)
    _generate(client_of, "KH-09", publish="on")
    assert ReportFile.objects.get().is_public is False
