"""A leader generates a report in Chromium: the progress bar polls until the worker is done,
then the download is offered; the page fits a phone."""

import pytest
from django.urls import reverse

from dxtrack.reports.jobs import report_job_run
from dxtrack.reports.models import ReportFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def database_tasks(settings, tmp_path):
    """Tasks wait in the database as in production; the test plays the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path


def _log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def test_a_leader_generates_a_report_and_the_progress_bar_follows_the_worker(live_server, page, programme, leader, database_tasks):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("dashboards:programme_overview", args=["KH-09"]))
    page.locator("[data-reports-link]").click()
    assert page.get_by_role("heading", name="Báo cáo tiến độ").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_as_of", "31/12/2024")
    page.select_option("#id_format", "docx")
    page.get_by_role("button", name="Tạo báo cáo").click()
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "pending"
    assert page.locator("progress").is_visible()

    report_job_run(entry_id=ReportFile.objects.get().pk)  # what the worker does
    page.wait_for_selector("[data-download]", timeout=10_000)  # htmx polls every second
    assert page.locator("[data-status]").first.get_attribute("data-status") == "done"
    with page.expect_download() as download:
        page.locator("[data-download]").click()
    assert download.value.suggested_filename == "bao-cao-KH-09-2024-12-31-vi.docx"
