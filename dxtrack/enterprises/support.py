"""Support programmes: applications, approval against the budget, completion.

| service | effect |
| --- | --- |
| ``enrolment_apply(enterprise=, activity=, fee_vnd=)`` | an application; a voucher's amount is its share of the fee, refused past the cap |
| ``enrolment_approve(enrolment=, by=)`` | approved, or ValidationError when the activity's or the programme's budget would be overspent |
| ``enrolment_reject(enrolment=, by=, reason=)`` | refused, with the reason the enterprise reads |
| ``enrolment_complete(enrolment=, by=, outcome=)`` | attended / delivered, with what came of it |

An application is refused, naming every reason, when the enterprise does not meet the
activity's eligibility rules (eligibility.py).

Why approvals cannot overspend when two officers approve at the same moment: the approval
locks the programme's row and then the activity's (``select_for_update``, always in that
order, so two approvals cannot deadlock) before it sums what is committed, so the second
approval waits for the first and then sees its amount. On SQLite, where one writer runs at a
time, the transaction itself serialises them.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dxtrack.audit.services import audit_record
from dxtrack.enterprises.eligibility import eligibility_reasons
from dxtrack.enterprises.models import (
    COMMITTED,
    ActivityKind,
    Enrolment,
    EnrolmentStatus,
    Enterprise,
    SupportActivity,
    SupportProgramme,
)


def _vnd(amount: int) -> str:
    return formats.number_format(amount, force_grouping=True)


def enrolment_amount(activity: SupportActivity, *, fee_vnd: int | None) -> int:
    if activity.kind != ActivityKind.VOUCHER:
        return activity.cost_per_enterprise_vnd
    if fee_vnd is None or fee_vnd <= 0:
        raise ValidationError(_("A voucher needs the platform's fee in VND."))
    amount = int((Decimal(fee_vnd) * Decimal(str(activity.fee_share))).to_integral_value(ROUND_DOWN))
    if activity.cap_per_enterprise_vnd is not None and amount > activity.cap_per_enterprise_vnd:
        raise ValidationError(
            _("The voucher would pay %(amount)s VND, past the cap of %(cap)s VND per enterprise.")
            % {"amount": _vnd(amount), "cap": _vnd(activity.cap_per_enterprise_vnd)}
        )
    return amount


@transaction.atomic
def enrolment_apply(*, enterprise: Enterprise, activity: SupportActivity, fee_vnd: int | None = None,
                    by: Any = None, sample: bool = False) -> Enrolment:
    if Enrolment.objects.filter(activity=activity, enterprise=enterprise).exists():
        raise ValidationError(_("This enterprise has already applied to this activity."))
    reasons = eligibility_reasons(enterprise, activity)
    if reasons:
        raise ValidationError(reasons)
    enrolment = Enrolment.objects.create(
        activity=activity, enterprise=enterprise, amount_vnd=enrolment_amount(activity, fee_vnd=fee_vnd), is_sample=sample,
    )
    if not sample:
        audit_record(actor=by, action="enterprises.enrolment_apply", obj=enrolment, org_unit=enterprise.ward)
    return enrolment


def _committed(**filters: Any) -> int:
    return Enrolment.objects.filter(status__in=COMMITTED, **filters).aggregate(total=Sum("amount_vnd"))["total"] or 0


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by: Any = None) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.APPLIED:
        raise ValidationError(_("Only an application can be approved; this one is %(status)s.")
                              % {"status": enrolment.get_status_display()})
    activity = SupportActivity.objects.get(pk=enrolment.activity_id)
    programme = SupportProgramme.objects.select_for_update().get(pk=activity.programme_id)
    activity = SupportActivity.objects.select_for_update().get(pk=activity.pk)
    for scope, budget, spent in (
        (activity.name, activity.budget_vnd, _committed(activity=activity)),
        (programme.name, programme.budget_vnd, _committed(activity__programme=programme)),
    ):
        if spent + enrolment.amount_vnd > budget:
            raise ValidationError(
                _("Approving %(amount)s VND would overspend “%(scope)s”: %(spent)s of %(budget)s VND are committed, "
                  "%(left)s VND are left.")
                % {"amount": _vnd(enrolment.amount_vnd), "scope": scope, "spent": _vnd(spent), "budget": _vnd(budget),
                   "left": _vnd(budget - spent)}
            )
    enrolment.status, enrolment.decided_by, enrolment.decided_at = EnrolmentStatus.APPROVED, by, timezone.now()
    enrolment.save(update_fields=["status", "decided_by", "decided_at"])
    if not enrolment.is_sample:
        audit_record(actor=by, action="enterprises.enrolment_approve", obj=enrolment,
                     details={"amount_vnd": enrolment.amount_vnd})
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, by: Any = None, reason: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.APPLIED:
        raise ValidationError(_("Only an application can be rejected; this one is %(status)s.")
                              % {"status": enrolment.get_status_display()})
    if not reason.strip():
        raise ValidationError(_("Say why the application is rejected: the enterprise reads it."))
    enrolment.status, enrolment.decided_by, enrolment.decided_at = EnrolmentStatus.REJECTED, by, timezone.now()
    enrolment.reason = reason.strip()
    enrolment.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if not enrolment.is_sample:
        audit_record(actor=by, action="enterprises.enrolment_reject", obj=enrolment, details={"reason": enrolment.reason})
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by: Any = None, outcome: str = "", at: Any = None) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.APPROVED:
        raise ValidationError(_("Only an approved enrolment can be completed."))
    enrolment.status, enrolment.completed_at, enrolment.outcome = EnrolmentStatus.COMPLETED, at or timezone.now(), outcome.strip()
    enrolment.save(update_fields=["status", "completed_at", "outcome"])
    if not enrolment.is_sample:
        audit_record(actor=by, action="enterprises.enrolment_complete", obj=enrolment, details={"outcome": enrolment.outcome})
    return enrolment
