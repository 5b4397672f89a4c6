"""Writes of reporting forms and of the submissions they expect.

=========================================  ===================================================
Service                                    Effect
=========================================  ===================================================
``form_create(programme=, code=, ...)``    a new form with its indicators (revision 1)
``form_update(form=, ...)``                changes the given fields; a changed indicator list
                                           raises ``revision`` (templates carry it); a changed
                                           deadline moves the deadline of open submissions
``form_open_deadlines_refresh(form=)``      open submissions take the form's current deadline
``form_revision_bump(form=)``              revision + 1 (the admin calls it when its inline
                                           indicator list changed)
``submission_ensure(form=, org_unit=,      the unit's submission for the period, created as a
period=)``                                 draft with its dates and deadline the first time
=========================================  ===================================================

Every service validates its input and raises ``django.core.exceptions.ValidationError`` with
a message per field; nothing is written then.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from dxtrack.analytics.periods import Period
from dxtrack.orgunits.models import OrgUnit, OrgUnitGroup, OrgUnitKind
from dxtrack.programmes.models import Indicator, PeriodType, Programme
from dxtrack.reporting.models import (
    FormIndicator,
    ReportingCalendar,
    ReportingForm,
    Submission,
    SubmissionStatus,
)
from dxtrack.reporting.selectors import (
    PeriodMismatch,
    form_deadline,
    form_period_bounds,
    form_period_parse,
    form_reporting_units,
)

# A reminder further than this from the deadline is a typo, not a plan.
REMINDER_OFFSET_LIMIT = 60
OPEN_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def _clean_reminder_days(days: Iterable[int]) -> list[int]:
    cleaned = []
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or abs(day) > REMINDER_OFFSET_LIMIT:
            raise ValidationError(
                {"reminder_days": [_("Reminder days are whole working days between -%(limit)d and %(limit)d; got %(value)r.") % {"limit": REMINDER_OFFSET_LIMIT, "value": day}]}
            )
        cleaned.append(day)
    return sorted(set(cleaned))


def _check_indicators(*, programme: Programme, period_type: str, indicators: Sequence[Indicator]) -> None:
    errors = []
    codes = [indicator.code for indicator in indicators]
    if len(set(codes)) != len(codes):
        errors.append(_("An indicator appears twice in the form."))
    for indicator in indicators:
        if indicator.programme_id != programme.pk:
            errors.append(_("Indicator %(code)s belongs to another programme.") % {"code": indicator.code})
        elif indicator.period_type != period_type:
            errors.append(
                _("Indicator %(code)s is reported by %(its)s, the form by %(form)s.")
                % {"code": indicator.code, "its": indicator.get_period_type_display(), "form": PeriodType(period_type).label}
            )
    if errors:
        raise ValidationError({"indicators": errors})


def _check_choices(*, period_type: str, calendar: str, unit_level: str, approval_level: str) -> None:
    errors: dict[str, list[str]] = {}
    if period_type not in PeriodType.values:
        errors["period_type"] = [_("Unknown period type %(value)r.") % {"value": period_type}]
    if calendar not in ReportingCalendar.values:
        errors["calendar"] = [_("Unknown calendar %(value)r.") % {"value": calendar}]
    if unit_level and unit_level not in OrgUnitKind.values:
        errors["unit_level"] = [_("Unknown level %(value)r.") % {"value": unit_level}]
    if approval_level not in OrgUnitKind.values:
        errors["approval_level"] = [_("Unknown level %(value)r.") % {"value": approval_level}]
    if errors:
        raise ValidationError(errors)


def _set_indicators(form: ReportingForm, indicators: Sequence[Indicator]) -> None:
    form.form_indicators.all().delete()
    FormIndicator.objects.bulk_create(
        FormIndicator(form=form, indicator=indicator, order=position) for position, indicator in enumerate(indicators, start=1)
    )


@transaction.atomic
def form_create(
    *,
    programme: Programme,
    code: str,
    name_vi: str,
    name_en: str = "",
    indicators: Sequence[Indicator],
    period_type: str = PeriodType.YEAR,
    calendar: str = ReportingCalendar.CALENDAR,
    unit_level: str = "",
    units: Sequence[OrgUnit] = (),
    unit_group: OrgUnitGroup | None = None,
    opens_days_before_end: int = 0,
    deadline_working_days: int = 5,
    reminder_days: Sequence[int] = (-3, -1, 1),
    escalate_after_working_days: int = 5,
    approval_level: str = OrgUnitKind.PROVINCE,
    is_active: bool = True,
) -> ReportingForm:
    """Create a form: which indicators, which units (by level, list or group), and its calendar."""
    code = code.strip()
    errors: dict[str, list[str]] = {}
    if not code:
        errors["code"] = [_("A form needs a code.")]
    elif ReportingForm.objects.filter(code=code).exists():
        errors["code"] = [_("A form with code %(code)s already exists.") % {"code": code}]
    if not name_vi.strip():
        errors["name_vi"] = [_("A form needs a Vietnamese name.")]
    if not indicators:
        errors["indicators"] = [_("A form needs at least one indicator.")]
    if not (unit_level or units or unit_group):
        errors["unit_level"] = [_("Say who reports: a level, a list of units or a group.")]
    if errors:
        raise ValidationError(errors)
    _check_choices(period_type=period_type, calendar=calendar, unit_level=unit_level, approval_level=approval_level)
    _check_indicators(programme=programme, period_type=period_type, indicators=indicators)
    form = ReportingForm(
        programme=programme, code=code, name_vi=name_vi.strip(), name_en=name_en.strip(), period_type=period_type,
        calendar=calendar, unit_level=unit_level, unit_group=unit_group, opens_days_before_end=opens_days_before_end,
        deadline_working_days=deadline_working_days, reminder_days=_clean_reminder_days(reminder_days),
        escalate_after_working_days=escalate_after_working_days, approval_level=approval_level, is_active=is_active,
    )
    form.full_clean(exclude=["units"])
    form.save()
    form.units.set(units)
    _set_indicators(form, indicators)
    return form


_UNSET = object()


@transaction.atomic
def form_update(
    *,
    form: ReportingForm,
    name_vi: str | None = None,
    name_en: str | None = None,
    indicators: Sequence[Indicator] | None = None,
    calendar: str | None = None,
    unit_level: str | None = None,
    units: Sequence[OrgUnit] | None = None,
    unit_group: OrgUnitGroup | None | object = _UNSET,
    opens_days_before_end: int | None = None,
    deadline_working_days: int | None = None,
    reminder_days: Sequence[int] | None = None,
    escalate_after_working_days: int | None = None,
    approval_level: str | None = None,
    is_active: bool | None = None,
) -> ReportingForm:
    """Change the fields given (None leaves a field as it is; `unit_group=None` clears the group).

    A different indicator list (added, removed or reordered) raises `revision`, so an XLSX
    template of an older revision is recognised and refused. A new deadline rule moves the
    deadline of the submissions still open (draft or returned); submitted ones keep theirs,
    so their timeliness does not change after the fact. The period type cannot change: the
    submissions already made would no longer fit it.
    """
    form = ReportingForm.objects.select_for_update().get(pk=form.pk)
    changes = {
        "name_vi": name_vi, "name_en": name_en, "calendar": calendar, "unit_level": unit_level,
        "opens_days_before_end": opens_days_before_end, "deadline_working_days": deadline_working_days,
        "escalate_after_working_days": escalate_after_working_days, "approval_level": approval_level,
        "is_active": is_active,
    }
    if reminder_days is not None:
        changes["reminder_days"] = _clean_reminder_days(reminder_days)
    changed = {name: value for name, value in changes.items() if value is not None and getattr(form, name) != value}
    if unit_group is not _UNSET and unit_group != form.unit_group:
        changed["unit_group"] = unit_group
    _check_choices(
        period_type=form.period_type, calendar=changed.get("calendar", form.calendar),
        unit_level=changed.get("unit_level", form.unit_level), approval_level=changed.get("approval_level", form.approval_level),
    )
    if "calendar" in changed and form.submissions.exists():
        raise ValidationError({"calendar": [_("The calendar cannot change once units have reported: the periods would cover other days.")]})
    for name, value in changed.items():
        setattr(form, name, value)
    if indicators is not None:
        _check_indicators(programme=form.programme, period_type=form.period_type, indicators=indicators)
        current = list(form.form_indicators.order_by("order").values_list("indicator_id", flat=True))
        if current != [indicator.pk for indicator in indicators]:
            _set_indicators(form, indicators)
            form.revision += 1
            changed["revision"] = form.revision
    if units is not None:
        form.units.set(units)
    if not (form.unit_level or form.units.exists() or form.unit_group_id):
        raise ValidationError({"unit_level": [_("Say who reports: a level, a list of units or a group.")]})
    form.full_clean(exclude=["units"])
    if changed:
        form.save(update_fields=list(changed))
    if "deadline_working_days" in changed:
        form_open_deadlines_refresh(form=form)
    return form


def form_open_deadlines_refresh(*, form: ReportingForm) -> None:
    """Give the open (draft or returned) submissions the deadline the form's rule gives now."""
    open_submissions = form.submissions.filter(status__in=OPEN_STATUSES)
    for period_code in open_submissions.values_list("period", flat=True).distinct():
        deadline = form_deadline(form, form_period_parse(form, period_code))
        open_submissions.filter(period=period_code).update(deadline=deadline)


def form_revision_bump(*, form: ReportingForm) -> ReportingForm:
    ReportingForm.objects.filter(pk=form.pk).update(revision=F("revision") + 1)
    form.refresh_from_db(fields=["revision"])
    return form


def clean_reminder_days(days: Iterable[int]) -> list[int]:
    """The reminder offsets sorted and without repeats; ValidationError when one is not a whole
    number of working days within ±REMINDER_OFFSET_LIMIT."""
    return _clean_reminder_days(days)


def check_form_indicators(*, programme: Programme, period_type: str, indicators: Sequence[Indicator]) -> None:
    """ValidationError unless every indicator is the programme's, of the form's period type, once."""
    _check_indicators(programme=programme, period_type=period_type, indicators=indicators)


def submission_ensure(*, form: ReportingForm, org_unit: OrgUnit, period: Period | str) -> Submission:
    """The unit's submission of the form for the period; created as a draft the first time.

    Idempotent and safe under concurrency: a second call, or a parallel one, returns the same
    row. Refused (ValidationError) when the period is not of the form's type or the unit is
    not expected to report it (wrong level, outside the area, or not existing then).
    """
    try:
        parsed = form_period_parse(form, period)
    except PeriodMismatch as error:
        raise ValidationError({"period": [str(error)]}) from None
    existing = Submission.objects.filter(form=form, org_unit=org_unit, period=parsed.code).first()
    if existing is not None:
        return existing
    if not form_reporting_units(form, parsed).filter(pk=org_unit.pk).exists():
        raise ValidationError(
            {"org_unit": [_("%(unit)s is not expected to report form %(form)s for %(period)s.") % {"unit": org_unit, "form": form.code, "period": parsed.code}]}
        )
    start, end = form_period_bounds(form, parsed)
    try:
        with transaction.atomic():
            return Submission.objects.create(
                form=form, org_unit=org_unit, period=parsed.code, period_start=start, period_end=end,
                deadline=form_deadline(form, parsed), status=SubmissionStatus.DRAFT,
            )
    except IntegrityError:
        # Somebody created it between our read and our write: theirs is the one.
        return Submission.objects.get(form=form, org_unit=org_unit, period=parsed.code)
