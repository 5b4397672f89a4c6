"""A unit's form for a period, from draft to approval.

    draft ──submit──▶ submitted ──approve──▶ approved ──reopen──▶ draft
      ▲                  │
      └──── returned ◀───┘ return (with a comment)

Reporters of the unit save and submit; approvers above it (at the form's approving level or
higher) return, approve and reopen. Approval locks the values; after a reopening every change
marks the submission "modified since approval" until it is approved again. Every transition is
an event; nothing is hidden or deleted on the way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.accounts.request_roles import role_assignments_of
from dxtrack.analytics.outliers import outlier_check
from dxtrack.common.i18n import localised
from dxtrack.figures.services import cells_refresh_submission
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import (
    DataValue,
    Notification,
    Submission,
    SubmissionAction,
    SubmissionEvent,
    SubmissionStatus,
    ValidationRule,
)
from dxtrack.reporting.services import ValueConflict, value_clean, value_record

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
OPERATORS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "=": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


class TransitionNotAllowed(Exception):
    """The submission is not in a state where this action is possible."""


class SubmissionRejected(Exception):
    """Nothing was saved: `errors` per indicator id (or "__all__"), `conflicts` per indicator id."""

    def __init__(self, errors: dict, conflicts: dict[int, DataValue] | None = None) -> None:
        self.errors = errors
        self.conflicts = conflicts or {}
        super().__init__("; ".join(str(m) for messages in errors.values() for m in messages))


@dataclass(frozen=True)
class Entry:
    """What the data-entry page sent for one indicator."""

    indicator: Indicator
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    expected_version: int | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


@dataclass
class SaveResult:
    submission: Submission
    changed: list[DataValue] = field(default_factory=list)
    outliers: dict[int, str] = field(default_factory=dict)


# -- who may do what -----------------------------------------------------------------------


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def user_may_report(user: User, submission: Submission) -> bool:
    return user_may_report_for(user, submission.org_unit)


def user_may_report_for(user: User, unit: OrgUnit) -> bool:
    """A reporter of the unit or of a unit above it (or a superuser)."""
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, role=Role.REPORTER, org_unit_id__in=[*_ancestor_ids(unit), unit.pk]
    ).exists()


def approver_unit_ids(submission: Submission, *, kinds: dict[int, str] | None = None) -> list[int]:
    """The units whose approvers approve this submission: the unit's ancestor at the form's
    approving level and every unit above it (any ancestor when there is no such level).

    `kinds` (unit id → kind of every ancestor) saves the query when many submissions are asked."""
    ancestors = _ancestor_ids(submission.org_unit)
    if kinds is None:
        kinds = dict(OrgUnit.objects.filter(pk__in=ancestors).values_list("pk", "kind"))
    at_level = [pk for pk in ancestors if kinds.get(pk) == submission.form.approval_level]
    return ancestors[: ancestors.index(at_level[-1]) + 1] if at_level else ancestors


def user_may_approve(user: User, submission: Submission) -> bool:
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, role=Role.APPROVER, org_unit_id__in=approver_unit_ids(submission)
    ).exists()


def submissions_user_may_approve(user: User, submissions: list[Submission]) -> list[Submission]:
    """The submissions of the list that `user_may_approve` lets the user approve, in two
    queries whatever their number (the user's roles, read once per request, and the ancestors'
    kinds): the approval queue asks this of every submitted form below the user. Same rule as
    above."""
    if user.is_superuser:
        return list(submissions)
    approver_units = {assignment.org_unit_id for assignment in role_assignments_of(user) if assignment.role == Role.APPROVER}
    if not approver_units or not submissions:
        return []
    ancestor_ids = {pk for submission in submissions for pk in _ancestor_ids(submission.org_unit)}
    kinds = dict(OrgUnit.objects.filter(pk__in=ancestor_ids).values_list("pk", "kind"))
    return [s for s in submissions if approver_units.intersection(approver_unit_ids(s, kinds=kinds))]


# -- saving values ---------------------------------------------------------------------------


def _history(submission: Submission, indicator_ids: list[int]) -> dict[int, list[Decimal]]:
    earlier = DataValue.objects.filter(
        indicator_id__in=indicator_ids, org_unit=submission.org_unit, period_end__lt=submission.period_start
    ).exclude(value__isnull=True)
    history: dict[int, list[Decimal]] = defaultdict(list)
    for indicator_id, value in earlier.values_list("indicator_id", "value"):
        history[indicator_id].append(value)
    return history


def _rule_errors(submission: Submission, cleaned: dict[int, Decimal]) -> dict[int, list[str]]:
    """Rules across indicators, checked on the figures being saved plus those already there."""
    rules = list(ValidationRule.objects.filter(programme_id=submission.form.programme_id).select_related("left", "right"))
    if not rules:
        return {}
    involved = {rule.left_id for rule in rules} | {rule.right_id for rule in rules}
    current = dict(
        DataValue.objects.filter(indicator_id__in=involved, org_unit=submission.org_unit, period=submission.period)
        .exclude(value__isnull=True)
        .values_list("indicator_id", "value")
    )
    figures = {**current, **cleaned}
    errors: dict[int, list[str]] = defaultdict(list)
    for rule in rules:
        left, right = figures.get(rule.left_id), figures.get(rule.right_id)
        if left is not None and right is not None and not OPERATORS[rule.operator](left, right):
            errors[rule.left_id].append(
                _("%(rule)s: %(left)s (%(left_value)s) must be %(op)s %(right)s (%(right_value)s).")
                % {
                    "rule": localised(rule.message_vi, rule.message_en), "left": rule.left.code, "left_value": left,
                    "op": rule.get_operator_display(), "right": rule.right.code, "right_value": right,
                }
            )
    return errors


def _check_entries(submission: Submission, entries: list[Entry]) -> tuple[dict, dict[int, Decimal], dict[int, str]]:
    errors: dict = defaultdict(list)
    cleaned: dict[int, Decimal] = {}
    outliers: dict[int, str] = {}
    history = _history(submission, [entry.indicator.pk for entry in entries])
    for entry in entries:
        if entry.is_empty:
            continue
        try:
            figure = value_clean(
                indicator=entry.indicator, value=entry.value, numerator=entry.numerator, denominator=entry.denominator
            )
        except ValidationError as error:
            errors[entry.indicator.pk].extend(m for messages in error.message_dict.values() for m in messages)
            continue
        cleaned[entry.indicator.pk] = figure.value
        check = outlier_check(history.get(entry.indicator.pk, []), figure.value)
        if check.flagged:
            outliers[entry.indicator.pk] = localised(check.explanation_vi, check.explanation_en)
            if not entry.note.strip():
                errors[entry.indicator.pk].append(outliers[entry.indicator.pk])
    for indicator_id, messages in _rule_errors(submission, cleaned).items():
        errors[indicator_id].extend(messages)
    return errors, cleaned, outliers


def _event(submission: Submission, action: str, user: User | None, comment: str = "") -> None:
    SubmissionEvent.objects.create(submission=submission, action=action, actor=user, at=timezone.now(), comment=comment)


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("form", "org_unit").get(pk=submission.pk)


def _check_version(submission: Submission, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != submission.version:
        raise TransitionNotAllowed(
            _("Somebody else changed this form (now: %(status)s); reload the page.") % {"status": submission.get_status_display()}
        )


def submission_save(*, submission: Submission, entries: list[Entry], user: User, submit: bool = False) -> SaveResult:
    """Save the entered figures (all or none) and, with `submit`, send the form for approval.

    Two people may fill different fields of one form at once; each value carries the version
    its editor saw (`Entry.expected_version`), so only a clash on the same value is refused.
    """
    if not user_may_report(user, submission):
        raise PermissionDenied(_("You may not enter values for %(unit)s.") % {"unit": submission.org_unit})
    with transaction.atomic():
        submission = _locked(submission)
        if submission.status not in EDITABLE:
            raise TransitionNotAllowed(
                _("The form is approved and locked; an approver must reopen it first.")
                if submission.status == SubmissionStatus.APPROVED
                else _("The form has been submitted; it can change only after it is returned.")
            )
        errors, _cleaned, outliers = _check_entries(submission, entries)
        if errors:
            raise SubmissionRejected(dict(errors))
        result = SaveResult(submission=submission, outliers=outliers)
        conflicts: dict[int, DataValue] = {}
        reason = _("form %(form)s") % {"form": submission.form.code}
        for entry in entries:
            if entry.is_empty:
                continue
            before = DataValue.objects.filter(
                indicator=entry.indicator, org_unit=submission.org_unit, period=submission.period
            ).values_list("version", flat=True).first()
            try:
                saved = value_record(
                    indicator=entry.indicator, org_unit=submission.org_unit, period=submission.period,
                    value=entry.value, numerator=entry.numerator, denominator=entry.denominator, note=entry.note,
                    is_outlier=entry.indicator.pk in outliers, submission=submission, recorded_by=user,
                    reason=reason, expected_version=entry.expected_version, method="reported",
                )
            except ValueConflict as conflict:
                conflicts[entry.indicator.pk] = conflict.current
                continue
            if saved.version != before:
                result.changed.append(saved)
        if conflicts:
            transaction.set_rollback(True)
            raise SubmissionRejected(
                {pk: [_("Changed by somebody else meanwhile; their value is shown.")] for pk in conflicts}, conflicts
            )
        if result.changed and submission.approved_at is not None:
            submission.modified_since_approval = True
        if submit:
            _require_complete(submission)
            submission.status = SubmissionStatus.SUBMITTED
            submission.submitted_at = timezone.now()
            submission.submitted_by = user
        if result.changed or submit:
            submission.version += 1
            submission.save()
            cells_refresh_submission(submission)  # submitted, or modified since approval
            _event(submission, SubmissionAction.SUBMIT if submit else SubmissionAction.SAVE, user)
        if submit:
            _notify(submission, "submission_submitted", _approvers(submission))
    return result


def _require_complete(submission: Submission) -> None:
    required = submission.form.form_indicators.filter(required=True).select_related("indicator")
    present = set(
        DataValue.objects.filter(org_unit=submission.org_unit, period=submission.period)
        .exclude(value__isnull=True)
        .values_list("indicator_id", flat=True)
    )
    missing = {link.indicator_id: [_("Required before submitting.")] for link in required if link.indicator_id not in present}
    if missing:
        raise SubmissionRejected(missing)


# -- approvers' actions ----------------------------------------------------------------------


def _transition(
    submission: Submission, *, user: User, allowed_from: SubmissionStatus, expected_version: int | None
) -> Submission:
    if not user_may_approve(user, submission):
        raise PermissionDenied(_("You may not approve forms of %(unit)s.") % {"unit": submission.org_unit})
    submission = _locked(submission)
    _check_version(submission, expected_version)
    if submission.status != allowed_from:
        raise TransitionNotAllowed(
            _("Not possible while the form is %(status)s.") % {"status": submission.get_status_display().lower()}
        )
    return submission


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, comment: str, expected_version: int | None = None
) -> Submission:
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what must be corrected.")]})
    submission = _transition(submission, user=user, allowed_from=SubmissionStatus.SUBMITTED, expected_version=expected_version)
    submission.status = SubmissionStatus.RETURNED
    submission.version += 1
    submission.save()
    cells_refresh_submission(submission)
    _event(submission, SubmissionAction.RETURN, user, comment)
    _notify(submission, "submission_returned", _reporters(submission), comment=comment)
    return submission


@transaction.atomic
def submission_approve(*, submission: Submission, user: User, expected_version: int | None = None) -> Submission:
    submission = _transition(submission, user=user, allowed_from=SubmissionStatus.SUBMITTED, expected_version=expected_version)
    _approve(submission, user)
    return submission


def _approve(submission: Submission, user: User) -> None:
    submission.status = SubmissionStatus.APPROVED
    submission.approved_at = timezone.now()
    submission.approved_by = user
    submission.modified_since_approval = False
    submission.version += 1
    submission.save()
    cells_refresh_submission(submission)
    _event(submission, SubmissionAction.APPROVE, user)
    _notify(submission, "submission_approved", _reporters(submission))


@transaction.atomic
def submission_reopen(*, submission: Submission, user: User, comment: str, expected_version: int | None = None) -> Submission:
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why the approved form is reopened.")]})
    submission = _transition(submission, user=user, allowed_from=SubmissionStatus.APPROVED, expected_version=expected_version)
    submission.status = SubmissionStatus.DRAFT
    submission.version += 1
    submission.save()
    cells_refresh_submission(submission)
    _event(submission, SubmissionAction.REOPEN, user, comment)
    _notify(submission, "submission_reopened", _reporters(submission), comment=comment)
    return submission


@transaction.atomic
def submissions_approve(*, submissions: list[Submission], user: User) -> list[Submission]:
    """Approve every submitted form in `submissions` the user may approve; the rest are skipped."""
    approved = []
    for submission in Submission.objects.select_for_update().select_related("form", "org_unit").filter(
        pk__in=[s.pk for s in submissions], status=SubmissionStatus.SUBMITTED
    ):
        if user_may_approve(user, submission):
            _approve(submission, user)
            approved.append(submission)
    return approved


# -- notifications ---------------------------------------------------------------------------


def _reporters(submission: Submission) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.REPORTER, role_assignments__org_unit=submission.org_unit, is_active=True
        ).distinct()
    )


def _approvers(submission: Submission) -> list[User]:
    return list(
        User.objects.filter(
            role_assignments__role=Role.APPROVER,
            role_assignments__org_unit_id__in=approver_unit_ids(submission),
            is_active=True,
        ).distinct()
    )


def _notify(submission: Submission, kind: str, users: list[User], **params: str) -> None:
    from django.urls import reverse

    url = reverse("reporting:entry", args=[submission.pk])
    now = timezone.now()
    params = {"form": submission.form.code, "unit": submission.org_unit.name_vi, "period": submission.period, **params}
    Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, params=params, url=url, created_at=now) for user in users]
    )
