"""Reading values for figures: which version of each value a figure sees.

A figure is computed in one **variant** of the values: approved only (the public figure) or
every current value (officers who opt in), with or without sample data, and now or as of a
date (values and approvals as recorded by the end of that day).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.figures.shapes import FigureOptions
from dxtrack.reporting.models import (
    DataValue,
    DataValueVersion,
    SubmissionAction,
    SubmissionEvent,
    SubmissionStatus,
)


@dataclass(frozen=True)
class Variant:
    approved_only: bool = True
    sample: bool = True
    as_of: date | None = None

    @classmethod
    def of(cls, options: FigureOptions) -> Variant:
        return cls(
            approved_only=not options.include_unapproved,
            sample=show_sample() if options.include_sample is None else options.include_sample,
            as_of=options.as_of,
        )


def show_sample() -> bool:
    return bool(getattr(settings, "DXTRACK_SHOW_SYNTHETIC", True))


@dataclass(frozen=True)
class Reading:
    """One value as a figure in a variant sees it."""

    indicator_id: int
    unit_id: int
    period: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    sample: bool
    approved: bool
    source: str
    data_value_id: int
    version: int


_FIELDS = (
    "id", "indicator_id", "org_unit_id", "period", "value", "numerator", "denominator", "is_synthetic",
    "source", "version", "submission__status", "submission__modified_since_approval", "recorded_by_id",
    "org_unit__path",
)

# The roles that may publish a figure: those that approve forms and the officers who run the
# programme (and import its official figures). A value entered outside a form's
# workflow by anyone else (a reporter through the API) waits like a submitted form.
PUBLISHING_ROLES = (Role.APPROVER, Role.PROGRAMME_OFFICER)


class Publishers:
    """Whether a value entered outside a form's workflow counts as approved: when the system
    entered it (an import or load run by the operator: no user), or a superuser, or a user
    holding a publishing role on the value's unit or above it (the roles as they stand now)."""

    def __init__(self, user_ids: set[int]) -> None:
        self.superusers = set(User.objects.filter(pk__in=user_ids, is_superuser=True).values_list("pk", flat=True))
        self.units: dict[int, set[int]] = {}
        assignments = RoleAssignment.objects.filter(user_id__in=user_ids, role__in=PUBLISHING_ROLES)
        for user, unit in assignments.values_list("user_id", "org_unit_id"):
            self.units.setdefault(user, set()).add(unit)

    def approved(self, user: int | None, unit: int, path: str) -> bool:
        if user is None or user in self.superusers:
            return True
        held = self.units.get(user)
        if not held:
            return False
        return unit in held or any(int(part) in held for part in path.strip("/").split("/") if part)


def read_values(
    *, indicator_ids: Collection[int], variant: Variant, periods: Collection[str] | None = None,
    unit_ids: Iterable[int] | None = None,
) -> list[Reading]:
    """The values of these indicators (and periods, and units) that the variant counts."""
    if variant.as_of is not None:
        return _read_as_of(indicator_ids=indicator_ids, variant=variant, periods=periods, unit_ids=unit_ids)
    values = DataValue.objects.filter(indicator_id__in=list(indicator_ids))
    if periods is not None:
        values = values.filter(period__in=list(periods))
    if unit_ids is not None:
        values = values.filter(org_unit_id__in=list(unit_ids))
    if not variant.sample:
        values = values.filter(is_synthetic=False)
    rows = list(values.values_list(*_FIELDS))
    publishers = Publishers({row[-2] for row in rows if row[-2] is not None and row[-4] is None})
    readings = []
    for pk, indicator, unit, period, value, numerator, denominator, sample, source, version, status, modified, by, path in rows:
        if status is None:
            approved = publishers.approved(by, unit, path)
        else:
            approved = status == SubmissionStatus.APPROVED and not modified
        if variant.approved_only and not approved:
            continue
        readings.append(Reading(indicator, unit, period, value, numerator, denominator, sample, approved, source, pk, version))
    return readings


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in the site's time zone: what was recorded by then counts."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


_VERSION_FIELDS = (
    "data_value_id", "indicator_id", "org_unit_id", "period", "value", "numerator", "denominator", "is_synthetic",
    "source", "version", "recorded_by_id", "org_unit__path", "recorded_at", "data_value__submission_id",
)


def _read_as_of(
    *, indicator_ids: Collection[int], variant: Variant, periods: Collection[str] | None,
    unit_ids: Iterable[int] | None,
) -> list[Reading]:
    """Each value as it was recorded by the end of `variant.as_of` (its latest version by then,
    from the append-only history), approved when its form's last workflow event by then was an
    approval and none of the form's values changed after it (as `modified_since_approval`)."""
    cutoff = end_of_day(variant.as_of)  # type: ignore[arg-type]
    versions = DataValueVersion.objects.filter(indicator_id__in=list(indicator_ids), recorded_at__lt=cutoff)
    if periods is not None:
        versions = versions.filter(period__in=list(periods))
    if unit_ids is not None:
        versions = versions.filter(org_unit_id__in=list(unit_ids))
    latest = DataValueVersion.objects.filter(data_value=OuterRef("data_value"), recorded_at__lt=cutoff).order_by("-version")
    rows = list(versions.filter(version=Subquery(latest.values("version")[:1])).values_list(*_VERSION_FIELDS))
    approved_at = _approvals_by(cutoff, {row[-1] for row in rows if row[-1] is not None})
    changed_after = _changed_after_approval(rows, approved_at)
    publishers = Publishers({row[-4] for row in rows if row[-4] is not None and row[-1] is None})
    readings = []
    for pk, indicator, unit, period, value, numerator, denominator, sample, source, version, by, path, _at, submission in rows:
        if not variant.sample and sample:
            continue
        if submission is None:
            approved = publishers.approved(by, unit, path)
        else:
            approved = submission in approved_at and submission not in changed_after
        if variant.approved_only and not approved:
            continue
        readings.append(Reading(indicator, unit, period, value, numerator, denominator, sample, approved, source, pk, version))
    return readings


def _approvals_by(cutoff: datetime, submissions: set[int]) -> dict[int, datetime]:
    """The forms whose last workflow event before `cutoff` was an approval, with its time."""
    last: dict[int, tuple[str, datetime]] = {}
    events = SubmissionEvent.objects.filter(submission_id__in=submissions, at__lt=cutoff).order_by("submission_id", "at", "pk")
    for submission, action, at in events.values_list("submission_id", "action", "at"):
        last[submission] = (action, at)
    return {submission: at for submission, (action, at) in last.items() if action == SubmissionAction.APPROVE}


def _changed_after_approval(rows: list[tuple], approved_at: dict[int, datetime]) -> set[int]:
    return {row[-1] for row in rows if row[-1] in approved_at and row[-2] > approved_at[row[-1]]}
