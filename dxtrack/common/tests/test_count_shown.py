"""Counts in command-line messages are grouped for the terminal's language, all through
`count_shown` (durations through `seconds_shown`)."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import translation

from dxtrack.common.numbers import seconds_shown
from dxtrack.reporting.imports import ImportReport
from dxtrack.reporting.management.commands.values import summary


def test_the_import_summary_groups_its_counts_per_language():
    report = ImportReport(source="big.csv", dry_run=False)
    report.rows, report.created, report.updated, report.unchanged, report.skipped = 1_000_000, 999_000, 1_000, 0, 2_500
    with translation.override("vi"):
        assert summary(report) == "big.csv: 1.000.000 dòng: 999.000 thêm mới, 1.000 cập nhật, 0 không đổi, bỏ qua 2.500 dòng trống."
    with translation.override("en"):
        assert summary(report) == "big.csv: 1,000,000 rows: 999,000 created, 1,000 updated, 0 unchanged, 2,500 blank lines skipped."


# -- the other commands' counts, through the same helper ----------------------------------------

def _both(make):
    with translation.override("vi"):
        vi = make()
    with translation.override("en"):
        en = make()
    return vi, en


def test_the_error_lines_group_the_errors_left_out():
    from dxtrack.reporting.management.commands.values import report_lines

    report = ImportReport(source="big.csv")
    report.error_count = 1_234_567
    assert _both(lambda: report_lines(report)[-1]) == ("… và 1.234.567 lỗi khác.", "… and 1,234,567 more errors.")


def test_a_duration_keeps_one_decimal_in_either_notation():
    assert _both(lambda: seconds_shown(1234.56)) == ("1.234,6", "1,234.6")
    assert _both(lambda: seconds_shown(12.0)) == ("12", "12")


def test_the_backup_summary_groups_its_rows():
    from dxtrack.operations.backup import BackupSummary
    from dxtrack.operations.management.commands.backup import summary_line

    summary = BackupSummary(tables=52, rows=1_079_606, files=3, size=14_365_491, seconds=381.94)
    vi, en = _both(lambda: summary_line(summary))
    assert "1.079.606" in vi and "381,9" in vi and "13,7" in vi
    assert en == "52 tables, 1,079,606 rows, 3 files, 13.7 MB, 381.9 s."


def test_the_programme_load_summary_groups_its_counts():
    from dxtrack.programmes.management.commands.programme import Command
    from dxtrack.programmes.models import Programme
    from dxtrack.programmes.services import LoadResult

    result = LoadResult(programme=Programme(code="05-NQ/TU"))
    result.counts["indicators"].created = 12_345
    vi, en = _both(lambda: Command().summary(result, "plan.yaml"))
    assert "Tổng cộng: tạo mới 12.345, cập nhật 0, giữ nguyên 0, xóa 0." in vi
    assert "Total: 12,345 created, 0 updated, 0 unchanged, 0 removed." in en


def test_the_reminders_summary_groups_its_counts(monkeypatch):
    from dxtrack.reporting.management.commands import reminders

    run = SimpleNamespace(today=date(2026, 12, 4), dry_run=True, sent=[None] * 12_000, nobody=[None] * 1_001, failed=[])
    monkeypatch.setattr(reminders, "reminders_send", lambda **kwargs: run)

    def printed():
        out = io.StringIO()
        call_command("reminders", "send", "--dry-run", stdout=out)
        return out.getvalue().strip()

    assert _both(printed) == (
        "2026-12-04: sẽ gửi 12.000, không có người nhận 1.001, lỗi 0",
        "2026-12-04: would send 12,000, nobody to tell 1,001, failed 0",
    )


@pytest.mark.django_db
def test_the_idle_accounts_count_is_grouped(monkeypatch):
    from dxtrack.accounts.management.commands import accounts

    monkeypatch.setattr(accounts, "users_disable_idle", lambda **kwargs: [])

    def printed():
        out = io.StringIO()
        call_command("accounts", "disable-idle", "--days", "1000", "--dry-run", stdout=out)
        return out.getvalue().strip()

    assert _both(printed) == (
        "0 tài khoản không sử dụng quá 1.000 ngày sẽ bị vô hiệu hóa (chạy thử).",
        "0 accounts idle for more than 1,000 days would be disabled (dry run).",
    )
