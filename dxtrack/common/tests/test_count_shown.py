"""Counts in command-line messages are grouped for the terminal's language."""

from django.utils import translation

from dxtrack.reporting.imports import ImportReport
from dxtrack.reporting.management.commands.values import summary


def test_the_import_summary_groups_its_counts_per_language():
    report = ImportReport(source="big.csv", dry_run=False)
    report.rows, report.created, report.updated, report.unchanged, report.skipped = 1_000_000, 999_000, 1_000, 0, 2_500
    with translation.override("vi"):
        assert summary(report) == "big.csv: 1.000.000 dòng: 999.000 thêm mới, 1.000 cập nhật, 0 không đổi, bỏ qua 2.500 dòng trống."
    with translation.override("en"):
        assert summary(report) == "big.csv: 1,000,000 rows: 999,000 created, 1,000 updated, 0 unchanged, 2,500 blank lines skipped."
