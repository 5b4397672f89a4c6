"""Completeness and timeliness: who was expected to report a form for a period, who did, on
time or late, and who is overdue — per unit, and rolled up per parent unit and level.

=================================================  ============================================
Function                                           Answer
=================================================  ============================================
``form_completeness(form=, period=, today=,        one :class:`FormCompleteness`: a row per
units=)``                                          expected unit, totals, and a roll-up per
                                                   ancestor (district, province)
``overdue_list(forms=, today=, units=, level=,     the expected submissions past their deadline
since=)``                                          and not submitted, most late first
=================================================  ============================================

Definitions (the same on every page, command and API):

- **expected**: the unit is one of the form's reporting units for the period
  (``selectors.form_reporting_units``);
- **submitted**: its submission is *submitted* or *approved* (a draft, a returned form or no
  row at all is not);
- **on time**: submitted, and the local date of ``submitted_at`` is on or before the deadline;
- **approved**: its submission is *approved*;
- **overdue**: not submitted and today is after the deadline; ``working_days_late`` counts
  the working days after the deadline up to today (0 on the weekend after a Friday deadline).

The deadline is the one stored on the submission when there is one (it was fixed when the
unit started), else the form's deadline for the period. Each call runs a fixed number of
queries whatever the number of units: units, submissions, ancestors; the overdue list runs
three, whatever the number of forms, periods and units: the candidate units of every form, those
units, and the submissions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.analytics.periods import Period
from dxtrack.common.workdays import working_days_between
from dxtrack.orgunits.models import OrgUnit
from dxtrack.reporting.models import ReportingForm, Submission, SubmissionStatus
from dxtrack.reporting.selectors import (
    form_current_period,
    form_deadline,
    form_first_period,
    form_opens_on,
    form_period_bounds,
    form_period_parse,
    form_reporting_unit_candidates,
    form_reporting_units,
)

SUBMITTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
MISSING = "missing"
# A guard on how far back an overdue list looks (ten years of months).
MAX_PERIODS_BACK = 120


@dataclass(frozen=True)
class UnitCompleteness:
    """One expected unit's state for a form × period."""

    unit: OrgUnit
    deadline: date
    submission: Submission | None
    status: str  # a SubmissionStatus value, or "missing" when the unit has not started
    submitted: bool
    on_time: bool
    approved: bool
    overdue: bool
    working_days_late: int  # overdue: late so far; submitted late: late when submitted; else 0

    @property
    def status_label(self) -> str:
        if self.status == MISSING:
            return gettext("Not started")
        return str(SubmissionStatus(self.status).label)

    @property
    def submitted_on(self) -> date | None:
        if self.submission is None or self.submission.submitted_at is None or not self.submitted:
            return None
        return timezone.localtime(self.submission.submitted_at).date()


@dataclass
class CompletenessTotals:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0
    overdue: int = 0

    def add(self, row: UnitCompleteness) -> None:
        self.expected += 1
        self.submitted += row.submitted
        self.on_time += row.on_time
        self.approved += row.approved
        self.overdue += row.overdue

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return None if whole == 0 else 100 * part / whole

    @property
    def submitted_share(self) -> float | None:
        return self._share(self.submitted, self.expected)

    @property
    def on_time_share(self) -> float | None:
        return self._share(self.on_time, self.expected)

    @property
    def approved_share(self) -> float | None:
        return self._share(self.approved, self.expected)


@dataclass
class GroupCompleteness:
    """The totals of the expected units below one ancestor (a district, the province)."""

    unit: OrgUnit
    depth: int
    totals: CompletenessTotals = field(default_factory=CompletenessTotals)


@dataclass
class FormCompleteness:
    form: ReportingForm
    period: Period
    period_start: date
    period_end: date
    opens_on: date
    deadline: date
    today: date
    rows: list[UnitCompleteness]
    totals: CompletenessTotals
    groups: list[GroupCompleteness]

    @property
    def is_open(self) -> bool:
        return self.opens_on <= self.today

    @property
    def is_past_deadline(self) -> bool:
        return self.today > self.deadline


def unit_completeness(*, unit: OrgUnit, deadline: date, submission: Submission | None, today: date) -> UnitCompleteness:
    """The state of one expected unit (no query: the caller passes the submission)."""
    if submission is not None:
        deadline = submission.deadline
    status = submission.status if submission is not None else MISSING
    submitted = status in SUBMITTED_STATUSES
    submitted_on = None
    if submitted and submission is not None and submission.submitted_at is not None:
        submitted_on = timezone.localtime(submission.submitted_at).date()
    # A submitted form without a time (made by hand or imported) is given the benefit of the doubt.
    on_time = submitted and (submitted_on is None or submitted_on <= deadline)
    overdue = not submitted and today > deadline
    if overdue:
        late = working_days_between(deadline, today)
    elif submitted and not on_time and submitted_on is not None:
        late = working_days_between(deadline, submitted_on)
    else:
        late = 0
    return UnitCompleteness(
        unit=unit, deadline=deadline, submission=submission, status=status, submitted=submitted,
        on_time=on_time, approved=status == SubmissionStatus.APPROVED, overdue=overdue, working_days_late=late,
    )


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def _groups(rows: list[UnitCompleteness]) -> list[GroupCompleteness]:
    by_ancestor: dict[int, CompletenessTotals] = {}
    for row in rows:
        for ancestor_id in _ancestor_ids(row.unit):
            by_ancestor.setdefault(ancestor_id, CompletenessTotals()).add(row)
    ancestors = OrgUnit.objects.in_bulk(list(by_ancestor)) if by_ancestor else {}
    groups = [
        GroupCompleteness(unit=ancestors[pk], depth=len(_ancestor_ids(ancestors[pk])), totals=totals)
        for pk, totals in by_ancestor.items()
        if pk in ancestors
    ]
    # Top down, then by code: the country, the province, its districts.
    groups.sort(key=lambda group: (group.depth, group.unit.code))
    return groups


def form_completeness(
    *, form: ReportingForm, period: Period | str, today: date | None = None, units: QuerySet[OrgUnit] | None = None
) -> FormCompleteness:
    """Completeness of one form for one period; `units` limits the rows (a user's scope).

    Three queries: the expected units, their submissions, the ancestors for the roll-up.
    """
    period = form_period_parse(form, period)
    today = today or timezone.localdate()
    start, end = form_period_bounds(form, period)
    deadline = form_deadline(form, period)
    expected = form_reporting_units(form, period)
    if units is not None:
        expected = expected.filter(pk__in=units.values("pk"))
    expected_units = list(expected.select_related("parent"))
    submissions = {
        submission.org_unit_id: submission
        for submission in Submission.objects.filter(form=form, period=period.code, org_unit__in=[u.pk for u in expected_units])
    }
    rows = [
        unit_completeness(unit=unit, deadline=deadline, submission=submissions.get(unit.pk), today=today)
        for unit in expected_units
    ]
    totals = CompletenessTotals()
    for row in rows:
        totals.add(row)
    return FormCompleteness(
        form=form, period=period, period_start=start, period_end=end, opens_on=form_opens_on(form, period),
        deadline=deadline, today=today, rows=rows, totals=totals, groups=_groups(rows),
    )


@dataclass(frozen=True)
class OverdueItem:
    form: ReportingForm
    period: Period
    row: UnitCompleteness

    @property
    def unit(self) -> OrgUnit:
        return self.row.unit


def overdue_list(
    *,
    forms: Iterable[ReportingForm],
    today: date | None = None,
    units: QuerySet[OrgUnit] | None = None,
    level: str = "",
    since: date | None = None,
) -> list[OverdueItem]:
    """Every expected submission past its deadline and not submitted, most late first.

    `units` limits to a user's scope, `level` to one kind of unit (commune, district, agency…),
    `since` to periods due on or after that day (default: within the last year, so that a
    form created today does not list years of history nobody was asked for). Nothing before
    the form's first period (its programme's first year) is ever overdue.
    """
    today = today or timezone.localdate()
    since = since or today - timedelta(days=366)
    forms = list(forms)
    # The periods past their deadline of each form, newest first (no query).
    due: dict[int, list[tuple[Period, date, date]]] = {}
    for form in forms:
        period, first = form_current_period(form, today), form_first_period(form)
        for _ in range(MAX_PERIODS_BACK):
            deadline = form_deadline(form, period)
            if deadline < since or period < first:
                break
            if deadline < today:
                due.setdefault(form.pk, []).append((period, form_period_bounds(form, period)[1], deadline))
            period = period.shift(-1)
    if not due:
        return []
    # Set-based, whatever the number of forms, periods and units: one query of the candidate
    # units of every form (a union, each row naming its form), one of those units, one of the
    # submissions of every form × period; existence by date in Python.
    candidates = _candidates_by_form([form for form in forms if form.pk in due], units=units, level=level)
    codes = {period.code for periods in due.values() for period, _end, _deadline in periods}
    # The scope as a subquery, not a list of hundreds of ids (sending those cost more than the query).
    submitted = Submission.objects.filter(form_id__in=list(due), period__in=codes)
    if units is not None:
        submitted = submitted.filter(org_unit_id__in=units.values("pk"))
    if level:
        submitted = submitted.filter(org_unit__kind=level)
    submissions = {(s.form_id, s.org_unit_id, s.period): s for s in submitted}
    items: list[OverdueItem] = []
    for form in forms:
        for period, end, deadline in due.get(form.pk, []):
            for unit in candidates.get(form.pk, []):
                if not unit.exists_on(end):
                    continue
                row = unit_completeness(unit=unit, deadline=deadline, submission=submissions.get((form.pk, unit.pk, period.code)), today=today)
                if row.overdue:
                    items.append(OverdueItem(form=form, period=period, row=row))
    items.sort(key=lambda item: (-item.row.working_days_late, item.form.code, item.period.code, item.unit.code))
    return items


def _candidates_by_form(forms: list[ReportingForm], *, units: QuerySet[OrgUnit] | None, level: str) -> dict[int, list[OrgUnit]]:
    """form pk → its candidate reporting units (`form_reporting_unit_candidates`) within
    `units` and of `level`, by code: two queries whatever the number of forms."""
    pairs = None
    for form in forms:
        query = form_reporting_unit_candidates(form)
        if units is not None:
            query = query.filter(pk__in=units.values("pk"))
        if level:
            query = query.filter(kind=level)
        query = query.order_by().annotate(form_pk=Value(form.pk)).values_list("pk", "form_pk")
        pairs = query if pairs is None else pairs.union(query, all=True)
    if pairs is None:
        return {}
    pairs = list(pairs)
    by_pk = OrgUnit.objects.select_related("parent").in_bulk({unit_pk for unit_pk, _form_pk in pairs})
    candidates: dict[int, list[OrgUnit]] = {}
    for unit_pk, form_pk in pairs:
        candidates.setdefault(form_pk, []).append(by_pk[unit_pk])
    for listed in candidates.values():
        listed.sort(key=lambda unit: unit.code)
    return candidates
