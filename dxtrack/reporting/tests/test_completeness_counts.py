"""Completeness per form × period × unit: expected, submitted, on time, approved, overdue, and
the roll-up per district and province. The 2024 ward form of the personas' Binh Duong is due
on Wednesday 15 January 2025 (10 working days after 31 December, New Year's Day off)."""

from datetime import date

import pytest
import time_machine

from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.reporting.completeness import form_completeness, overdue_list
from dxtrack.reporting.models import SubmissionStatus
from dxtrack.reporting.tests.forms_factories import (
    local,
    programme_with_indicators,
    submission_at,
    ward_form,
)

DEADLINE = date(2025, 1, 15)


@pytest.fixture
def form(units):
    return ward_form(programme_with_indicators(area=units["province"]), deadline_working_days=10)


def _row(report, unit):
    return next(row for row in report.rows if row.unit == unit)


def test_a_unit_submitted_before_the_deadline_and_approved_counts_everywhere(form, units):
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.APPROVED, local(2025, 1, 10))
    report = form_completeness(form=form, period="2024", today=date(2025, 2, 3))
    assert report.deadline == DEADLINE
    row = _row(report, units["ward_a"])
    assert (row.submitted, row.on_time, row.approved, row.overdue) == (True, True, True, False)
    missing = _row(report, units["ward_b"])
    assert (missing.status, missing.submitted, missing.overdue) == ("missing", False, True)
    # 16 January to 3 February: Tết 2025 (27 January – 1 February) does not count.
    assert missing.working_days_late == 8
    totals = report.totals
    assert (totals.expected, totals.submitted, totals.on_time, totals.approved, totals.overdue) == (2, 1, 1, 1, 1)
    assert totals.submitted_share == 50


def test_submitted_late_is_submitted_but_not_on_time(form, units):
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 17))
    row = _row(form_completeness(form=form, period="2024", today=date(2025, 2, 3)), units["ward_a"])
    assert (row.submitted, row.on_time, row.approved, row.overdue, row.working_days_late) == (True, False, False, False, 2)


def test_on_time_is_judged_by_the_date_in_viet_nam_not_in_utc(form, units):
    # 23:30 on the deadline day in Viet Nam is 16:30 UTC: on time.
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 15, 23, 30))
    # 00:30 the next day in Viet Nam is still 15 January in UTC: late.
    submission_at(form, units["ward_b"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 16, 0, 30))
    report = form_completeness(form=form, period="2024", today=date(2025, 2, 3))
    assert _row(report, units["ward_a"]).on_time is True
    assert _row(report, units["ward_b"]).on_time is False


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
def test_a_draft_or_a_returned_form_is_not_submitted(form, units, status):
    submission_at(form, units["ward_a"], "2024", status, local(2025, 1, 10))
    row = _row(form_completeness(form=form, period="2024", today=date(2025, 2, 3)), units["ward_a"])
    assert (row.status, row.submitted, row.on_time, row.overdue) == (status, False, False, True)


def test_nobody_is_overdue_on_the_deadline_day(form, units):
    report = form_completeness(form=form, period="2024", today=DEADLINE)
    assert report.totals.overdue == 0
    assert report.totals.expected == 2


def test_today_defaults_to_the_date_in_viet_nam(form, units):
    # 18:00 UTC on the deadline day is already the 16th in Viet Nam.
    with time_machine.travel("2025-01-15T18:00:00Z", tick=False):
        report = form_completeness(form=form, period="2024")
    assert report.today == date(2025, 1, 16)
    assert report.totals.overdue == 2


def test_totals_roll_up_to_every_unit_above(form, units):
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 10))
    report = form_completeness(form=form, period="2024", today=date(2025, 2, 3))
    groups = {group.unit.code: group.totals for group in report.groups}
    assert list(groups) == ["VN", "74", "718"]
    assert (groups["718"].expected, groups["718"].submitted, groups["74"].overdue) == (2, 1, 1)


def test_a_users_scope_limits_rows_and_totals(form, units, reporter_a):
    report = form_completeness(form=form, period="2024", today=date(2025, 2, 3), units=orgunit_list_for_user(reporter_a))
    assert [row.unit for row in report.rows] == [units["ward_a"]]
    assert report.totals.expected == 1


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(form, units, django_assert_num_queries):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            form_completeness(form=form, period="2024", today=date(2025, 2, 3))
        return len(context.captured_queries)

    few = count_queries()
    for number in range(30):
        unit, _ = orgunit_upsert(
            code=f"9{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường {number}", parent=units["district"],
            valid_to=date(2025, 6, 30),
        )
        if number % 2:
            submission_at(form, unit, "2024", SubmissionStatus.APPROVED, local(2025, 1, 10))
    # The programme area's subtree, the expected units, their submissions, the ancestors.
    with django_assert_num_queries(few):
        report = form_completeness(form=form, period="2024", today=date(2025, 2, 3))
    assert report.totals.expected == 32
    assert report.totals.approved == 15


def test_the_overdue_list_is_most_late_first_and_filters_by_level(form, units):
    agencies = ward_form(form.programme, code="BM-SO", unit_level="", units=[units["agency"]], deadline_working_days=5)
    items = overdue_list(forms=[form, agencies], today=date(2025, 2, 3))
    assert [(item.form.code, item.unit.code) for item in items] == [
        ("BM-SO", "74-STTTT"), ("BM-PHUONG", "25741"), ("BM-PHUONG", "25747"),
    ]
    assert items[0].row.working_days_late > items[1].row.working_days_late
    communes = overdue_list(forms=[form, agencies], today=date(2025, 2, 3), level=OrgUnitKind.COMMUNE)
    assert {item.unit.kind for item in communes} == {OrgUnitKind.COMMUNE}


def test_the_overdue_list_leaves_out_submitted_units_and_old_periods(form, units):
    submission_at(form, units["ward_a"], "2024", SubmissionStatus.SUBMITTED, local(2025, 1, 20))
    items = overdue_list(forms=[form], today=date(2025, 2, 3))
    assert [item.unit for item in items] == [units["ward_b"]]
    # 2023 was due in January 2024, more than a year before: not listed unless asked for.
    assert {item.period.code for item in items} == {"2024"}
    older = overdue_list(forms=[form], today=date(2025, 2, 3), since=date(2024, 1, 1))
    assert {item.period.code for item in older} == {"2023", "2024"}


def test_nothing_is_overdue_before_the_forms_first_period(form, units):
    """The programme starts in 2022: asked to look back to 2016, the list stops at 2022."""
    items = overdue_list(forms=[form], today=date(2025, 2, 3), since=date(2016, 1, 1))
    assert {item.period.code for item in items} == {"2022", "2023", "2024"}
    assert {item.unit for item in items} == {units["ward_a"], units["ward_b"]}
