"""Enterprise accounts: a person registers (consent asked per purpose, never pre-ticked),
claims an enterprise by its tax code, an officer of the enterprise's ward verifies the claim;
a verified member sees and edits that enterprise only.

| service | effect |
| --- | --- |
| ``enterprise_account_register(username=, email=, password=, consents=, request=)`` | the user, one consent row per purpose |
| ``consent_record(user=, purpose=, granted=, request=)`` | a new consent row (the latest per purpose counts) |
| ``enterprise_claim(user=, tax_code=)`` | a pending membership, or ValidationError |
| ``membership_decide(membership=, by=, approve=)`` | verified or rejected, audited |
| ``enterprise_update_own(enterprise=, by=, ...)`` | the figures a member keeps up to date; size class recomputed |
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, User
from dxtrack.audit.request_info import client_ip
from dxtrack.audit.services import audit_record
from dxtrack.enterprises.identifiers import identifier_clean
from dxtrack.enterprises.models import (
    ClaimStatus,
    ConsentPurpose,
    ConsentRecord,
    Enterprise,
    EnterpriseMembership,
)
from dxtrack.enterprises.selectors import ward_ids_for_user
from dxtrack.enterprises.sizes import size_class
from dxtrack.enterprises.text import fold
from dxtrack.enterprises.vsic import vsic_sector_group

VERIFIER_ROLES = (Role.PROGRAMME_OFFICER,)


def consent_record(*, user: User, purpose: str, granted: bool, request: HttpRequest | None = None) -> ConsentRecord:
    wording = str(ConsentPurpose(purpose).label)
    record = ConsentRecord.objects.create(
        user=user, purpose=purpose, granted=granted, wording=wording,
        ip_address=client_ip(request) if request is not None else None,
    )
    audit_record(actor=user, action="enterprises.consent", obj=record, request=request,
                 details={"purpose": purpose, "granted": granted})
    return record


def consents_current(user: User) -> dict[str, bool]:
    """The latest answer per purpose; a purpose never answered is not granted."""
    answers: dict[str, bool] = {}
    for purpose, granted in ConsentRecord.objects.filter(user=user).values_list("purpose", "granted"):
        answers.setdefault(purpose, granted)  # ordered newest first
    return {purpose: answers.get(purpose, False) for purpose in ConsentPurpose.values}


@transaction.atomic
def enterprise_account_register(*, username: str, email: str, password: str, consents: dict[str, bool],
                                request: HttpRequest | None = None) -> User:
    if not consents.get(ConsentPurpose.ACCOUNT):
        raise ValidationError(_("An account cannot be run without consent to processing your name and e-mail."))
    user = User.objects.create_user(username=username, email=email, password=password)
    for purpose in ConsentPurpose.values:
        consent_record(user=user, purpose=purpose, granted=bool(consents.get(purpose)), request=request)
    audit_record(actor=user, action="enterprises.account_register", obj=user, request=request)
    return user


@transaction.atomic
def enterprise_claim(*, user: User, tax_code: str) -> EnterpriseMembership:
    _kind, compact = identifier_clean(tax_code, household=True)
    enterprise = Enterprise.objects.filter(tax_code=compact).first()
    if enterprise is None:
        raise ValidationError(
            _("No enterprise with tax code %(code)s is in the registry. Ask the department to add it.") % {"code": tax_code}
        )
    membership, created = EnterpriseMembership.objects.get_or_create(user=user, enterprise=enterprise)
    if not created and membership.status == ClaimStatus.REJECTED:
        raise ValidationError(_("Your claim to this enterprise was rejected; contact the department."))
    if created:
        audit_record(actor=user, action="enterprises.claim", obj=membership, org_unit=enterprise.ward)
    return membership


def user_may_verify(user: User, enterprise: Enterprise) -> bool:
    """Programme officers verify the claims to enterprises of their wards."""
    wards = ward_ids_for_user(user, roles=VERIFIER_ROLES)
    return wards is None or enterprise.ward_id in wards


@transaction.atomic
def membership_decide(*, membership: EnterpriseMembership, by: User, approve: bool) -> EnterpriseMembership:
    if not user_may_verify(by, membership.enterprise):
        raise PermissionDenied
    membership.status = ClaimStatus.VERIFIED if approve else ClaimStatus.REJECTED
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=by, action=f"enterprises.claim_{membership.status}", obj=membership,
                 org_unit=membership.enterprise.ward)
    return membership


@transaction.atomic
def enterprise_update_own(*, enterprise: Enterprise, by: User, name_en: str, employees: int,
                          revenue_vnd: int | None, capital_vnd: int | None, is_it: bool,
                          uses_e_contracts: bool | None) -> Enterprise:
    if revenue_vnd is None and capital_vnd is None:
        raise ValidationError(_("Give the revenue or the capital (or both): the size class needs one."))
    before = {"employees": enterprise.employees, "revenue_vnd": enterprise.revenue_vnd, "capital_vnd": enterprise.capital_vnd}
    enterprise.name_en, enterprise.employees, enterprise.is_it = name_en, employees, is_it
    enterprise.uses_e_contracts = uses_e_contracts
    enterprise.revenue_vnd, enterprise.capital_vnd = revenue_vnd, capital_vnd
    enterprise.size_class = size_class(
        vsic_sector_group(enterprise.vsic), employees=employees, revenue_vnd=revenue_vnd, capital_vnd=capital_vnd,
    )
    enterprise.search_text = fold(f"{enterprise.name_vi} {name_en} {enterprise.tax_code}")[:700]
    enterprise.save()
    audit_record(actor=by, action="enterprises.update_own", obj=enterprise, org_unit=enterprise.ward,
                 details={"before": before, "size_class": enterprise.size_class})
    return enterprise
