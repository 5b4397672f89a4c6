"""What the data-entry page and the user's form list show (reads only)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.accounts.selectors import orgunit_list_for_user
from dxtrack.analytics.periods import Period
from dxtrack.common.i18n import in_english
from dxtrack.programmes.models import Indicator, Target
from dxtrack.reporting.models import DataValue, ReportingForm, Submission
from dxtrack.reporting.selectors import (
    form_period_bounds,
    form_recent_periods,
    form_reporting_unit_candidates,
)

PREVIOUS_SHOWN = 3


def input_text(value: Decimal | None) -> str:
    """A stored number as the user types it in their language: 83.6 → "83,6" in Vietnamese."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text if in_english() else text.replace(".", ",")


@dataclass
class EntryRow:
    indicator: Indicator
    current: DataValue | None
    targets: list[Target]
    previous: list[DataValue]
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    note: str = ""
    version: int = 0
    errors: list[str] = field(default_factory=list)
    conflict: DataValue | None = None
    required: bool = True


def entry_rows(submission: Submission, *, posted=None, errors: dict | None = None, conflicts: dict | None = None) -> list[EntryRow]:
    errors, conflicts = errors or {}, conflicts or {}
    links = list(
        submission.form.form_indicators.select_related("indicator").prefetch_related("indicator__targets").order_by("order", "indicator__code")
    )
    indicator_ids = [link.indicator_id for link in links]
    current = {
        v.indicator_id: v
        for v in DataValue.objects.filter(org_unit=submission.org_unit, period=submission.period, indicator_id__in=indicator_ids)
    }
    previous: dict[int, list[DataValue]] = {}
    for value in DataValue.objects.filter(
        org_unit=submission.org_unit, indicator_id__in=indicator_ids, period_end__lt=submission.period_start
    ).order_by("-period_end"):
        bucket = previous.setdefault(value.indicator_id, [])
        if len(bucket) < PREVIOUS_SHOWN:
            bucket.append(value)
    rows = []
    for link in links:
        indicator = link.indicator
        saved = current.get(indicator.pk)
        conflict = conflicts.get(indicator.pk)
        row = EntryRow(
            indicator=indicator, current=saved, targets=list(indicator.targets.all()),
            previous=previous.get(indicator.pk, []), errors=list(errors.get(indicator.pk, [])),
            conflict=conflict, required=link.required,
        )
        prefix = f"i{indicator.pk}-"
        if posted is not None and conflict is None:
            row.value, row.numerator, row.denominator, row.note = (
                posted.get(prefix + name, "") for name in ("value", "numerator", "denominator", "note")
            )
            version = posted.get(prefix + "version", "")
            row.version = int(version) if version.isdigit() else 0
        else:
            # A conflict shows the other person's saved figure, with its version, to build on.
            shown = conflict or saved
            if shown is not None:
                row.value, row.numerator, row.denominator = (
                    input_text(shown.value), input_text(shown.numerator), input_text(shown.denominator)
                )
                row.note, row.version = shown.note, shown.version
        rows.append(row)
    return rows


@dataclass(frozen=True)
class StartLink:
    form: ReportingForm
    unit_id: int
    unit_name: str
    period: Period


def submissions_for_user(user: User) -> dict:
    """The forms the user reports or approves: existing submissions, and the ones to start."""
    units = orgunit_list_for_user(user, roles=(Role.REPORTER, Role.APPROVER, Role.LEADER, Role.PROGRAMME_OFFICER))
    submissions = list(
        Submission.objects.filter(org_unit__in=units).select_related("form", "org_unit").order_by("-period_end", "form__code", "org_unit__code")[:200]
    )
    existing = {(s.form_id, s.org_unit_id, s.period) for s in submissions}
    reporter_units = RoleAssignment.objects.filter(user=user, role=Role.REPORTER).values_list("org_unit_id", flat=True)
    today = timezone.localdate()
    to_start = []
    for form in ReportingForm.objects.filter(is_active=True).select_related("programme__area"):
        # One query of the form's units for both periods; which existed when is asked by date.
        candidates = list(form_reporting_unit_candidates(form).filter(pk__in=reporter_units))
        # The period being reported now and the one before it, in the form's calendar.
        for period in form_recent_periods(form, today, count=2):
            end = form_period_bounds(form, period)[1]
            for unit in candidates:
                if unit.exists_on(end) and (form.pk, unit.pk, period.code) not in existing:
                    to_start.append(StartLink(form=form, unit_id=unit.pk, unit_name=unit.name, period=period))
    return {"submissions": submissions, "to_start": to_start}
