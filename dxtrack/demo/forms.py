"""Demo reporting forms for Resolution 05-NQ/TU, and sample submission states for them.

- ``BD-PX-NAM``: the yearly ward form (calendar year, statistics) of the indicators the wards
  report as numerator and denominator (ratio of sums): Binh Duong's 91 wards up to 2024, the
  Ho Chi Minh City wards they became from 2025. Opens on 1 December, due 10 working days after
  31 December, reminders 3 and 1 working days before and 1 and 3 after, escalation after 5.
- ``BD-SO-NAM``: the yearly form of the provincial agencies for the provincial statistics, in
  the statutory calendar of Decree 09/2019 (15 December → 14 December), due 5 working days
  after; Binh Duong's departments up to 2024, Ho Chi Minh City's Department of Science and
  Technology (which took digital transformation over) from 2025.

Sample submission states ("dữ liệu mẫu", seeded per unit so every machine gets the same) make
the completeness pages worth opening: 2024 mostly approved with a few late, 2025 a mix with
some wards still missing; 2022 and 2023, whose ward sample values exist, all approved. They are written only where a unit has no submission yet, so
`dxtrack demo` can run on every start and never undoes what somebody did in the demo.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from dxtrack.analytics.periods import parse_period
from dxtrack.common.workdays import add_working_days
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.programmes.models import Indicator, Programme
from dxtrack.reporting.forms_services import form_create, form_update, submission_ensure
from dxtrack.reporting.models import (
    ReportingCalendar,
    ReportingForm,
    Submission,
    SubmissionAction,
    SubmissionEvent,
    SubmissionStatus,
)
from dxtrack.reporting.selectors import form_reporting_units

WARD_FORM = "BD-PX-NAM"
AGENCY_FORM = "BD-SO-NAM"
# The indicators the wards report with a numerator and a denominator.
WARD_INDICATORS = ["CQS-01", "CQS-04", "CQS-05", "CQS-06", "KTS-04", "KTS-05", "XHS-01", "XHS-02", "XHS-03", "XHS-04", "XHS-05"]
SUCCESSOR_DEPARTMENT = "79-SKHCN"
SAMPLE_COMMENT = "Dữ liệu mẫu (tổng hợp, không phải trạng thái thật)"
# period → share of units approved, submitted (not yet approved), returned; the rest missing.
SAMPLE_MIX = {"2024": (0.93, 0.04, 0.0), "2025": (0.55, 0.2, 0.05)}
# The programme's first years: every ward's sample values were reported and approved, so the
# ward form's completeness agrees with the values shown (it said 0 of 91 submitted).
WARD_SAMPLE_MIX = {"2022": (1.0, 0.0, 0.0), "2023": (1.0, 0.0, 0.0), **SAMPLE_MIX}
SAMPLE_LATE_SHARE = 0.12


def _form_settings(programme: Programme) -> dict[str, dict]:
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme, period_type="year")}
    ward = [indicators[code] for code in WARD_INDICATORS if code in indicators]
    agency = [indicator for code, indicator in sorted(indicators.items()) if code not in WARD_INDICATORS]
    department = OrgUnit.objects.filter(code=SUCCESSOR_DEPARTMENT).first()
    return {
        WARD_FORM: {
            "name_vi": "Báo cáo năm cấp phường, xã về chuyển đổi số (Nghị quyết 05-NQ/TU)",
            "name_en": "Yearly ward report on digital transformation (Resolution 05-NQ/TU)",
            "indicators": ward, "period_type": "year", "calendar": ReportingCalendar.CALENDAR,
            "unit_level": OrgUnitKind.COMMUNE, "units": [], "opens_days_before_end": 30,
            "deadline_working_days": 10, "reminder_days": [-3, -1, 1, 3], "escalate_after_working_days": 5,
            "approval_level": OrgUnitKind.PROVINCE,
        },
        AGENCY_FORM: {
            "name_vi": "Báo cáo năm của sở, ngành: số liệu cấp tỉnh về chuyển đổi số",
            "name_en": "Yearly agency report: provincial digital-transformation statistics",
            "indicators": agency, "period_type": "year", "calendar": ReportingCalendar.STATUTORY,
            "unit_level": OrgUnitKind.AGENCY, "units": [department] if department else [],
            "opens_days_before_end": 14, "deadline_working_days": 5, "reminder_days": [-3, -1, 1],
            "escalate_after_working_days": 3, "approval_level": OrgUnitKind.PROVINCE,
        },
    }


@transaction.atomic
def demo_forms_load(*, programme: Programme, include_sample: bool = True) -> list[ReportingForm]:
    """Create the demo forms, or bring them up to date; then the sample submission states."""
    forms = []
    for code, settings in _form_settings(programme).items():
        form = ReportingForm.objects.filter(code=code).first()
        if form is None:
            form = form_create(programme=programme, code=code, **settings)
        else:
            form = form_update(form=form, **{k: v for k, v in settings.items() if k != "period_type"})
        forms.append(form)
    if include_sample:
        for form in forms:
            mix = WARD_SAMPLE_MIX if form.code == WARD_FORM else SAMPLE_MIX
            for period, shares in mix.items():
                demo_submissions_load(form=form, period=period, shares=shares)
    return forms


def _moment(day, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour=rng.randint(8, 16), minute=rng.randint(0, 59))))


def demo_submissions_load(*, form: ReportingForm, period: str, shares: tuple[float, float, float]) -> None:
    """Sample states for the units of a form × period that have no submission yet; `shares`
    are those of units approved, submitted and returned (the rest never started)."""
    approved_share, submitted_share, returned_share = shares
    parsed = parse_period(period)
    existing = set(Submission.objects.filter(form=form, period=period).values_list("org_unit_id", flat=True))
    for unit in form_reporting_units(form, parsed):
        if unit.pk in existing:
            continue
        # Seeded by form, unit and period: the same sample on every machine and every run.
        rng = random.Random(f"{form.code}:{unit.code}:{period}")  # noqa: S311  (not for security)
        draw = rng.random()
        if draw >= approved_share + submitted_share + returned_share:
            continue  # missing: the unit never started
        submission = submission_ensure(form=form, org_unit=unit, period=parsed)
        late = rng.random() < SAMPLE_LATE_SHARE
        offset = rng.randint(1, 6) if late else -rng.randint(0, 8)
        submitted_at = _moment(add_working_days(submission.deadline, offset), rng)
        events = [(SubmissionAction.SUBMIT, submitted_at)]
        submission.submitted_at = submitted_at
        if draw < approved_share:
            submission.status = SubmissionStatus.APPROVED
            submission.approved_at = submitted_at + timedelta(days=rng.randint(1, 5))
            events.append((SubmissionAction.APPROVE, submission.approved_at))
        elif draw < approved_share + submitted_share:
            submission.status = SubmissionStatus.SUBMITTED
        else:
            submission.status = SubmissionStatus.RETURNED
            events.append((SubmissionAction.RETURN, submitted_at + timedelta(days=2)))
        submission.version += len(events)
        submission.save()
        SubmissionEvent.objects.bulk_create(
            SubmissionEvent(submission=submission, action=action, at=at, comment=SAMPLE_COMMENT) for action, at in events
        )
