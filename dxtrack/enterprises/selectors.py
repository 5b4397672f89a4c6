"""Reads of the registry, filtered to what the user may see.

Who sees which enterprise: a person with a unit role (leader, officer, approver, reporter)
reads the enterprises whose ward is within their units — today's ward, or, for roles still
held on a unit before 1 July 2025, the wards it became. A superuser reads all. Enterprise
users hold no unit role and see none of the registry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from dxtrack.accounts.models import User
from dxtrack.accounts.selectors import UNIT_DATA_ROLES, orgunit_list_for_user
from dxtrack.enterprises.identifiers import identifier_clean
from dxtrack.enterprises.models import (
    Assessment,
    AssessmentFramework,
    AssessmentResult,
    ClaimStatus,
    Enterprise,
    EnterpriseMembership,
    SupportActivity,
)
from dxtrack.enterprises.text import fold
from dxtrack.enterprises.vsic import vsic_division, vsic_divisions
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage


def ward_ids_for_user(user: User | AnonymousUser, *, roles: tuple[str, ...] = UNIT_DATA_ROLES) -> set[int] | None:
    """The wards whose enterprises the user may read (with `roles`: act on); None means every
    ward (a superuser)."""
    if user.is_authenticated and user.is_superuser:
        return None
    communes = orgunit_list_for_user(user, roles=roles).filter(kind=OrgUnitKind.COMMUNE)
    return _with_successors(set(communes.values_list("pk", flat=True)))


def _with_successors(wards: set[int]) -> set[int]:
    """The wards and those they became on 1 July 2025 (a role held on an old ward still counts)."""
    successors = OrgUnitLineage.objects.filter(from_unit_id__in=wards).values_list("to_unit_id", flat=True)
    return wards | set(successors)


def area_ward_ids_for_user(user: User | AnonymousUser) -> set[int] | None:
    """The wards whose *aggregate* figures the user reads (a programme's dashboard): the wards of
    `ward_ids_for_user`, and for a role on an agency (sở, ban, ngành), the wards of the unit the
    agency serves, its parent (a provincial department: the province). None: every ward.

    Decision (issue 10): an agency holds no enterprise of its own, so without this its officers
    would see nothing; it reads totals of its area, never the enterprises (the registry search
    keeps `ward_ids_for_user`)."""
    wards = ward_ids_for_user(user)
    if wards is None or not user.is_authenticated:
        return wards
    served = OrgUnit.objects.filter(
        kind=OrgUnitKind.AGENCY, parent__isnull=False,
        role_assignments__user=user, role_assignments__role__in=UNIT_DATA_ROLES,
    ).select_related("parent")
    condition = Q(pk__in=[])
    for agency in served:
        parent = agency.parent
        condition |= Q(pk=parent.pk) | Q(path__startswith=f"{parent.path}{parent.pk}/")
    communes = OrgUnit.objects.filter(condition, kind=OrgUnitKind.COMMUNE).values_list("pk", flat=True)
    return wards | _with_successors(set(communes))


def user_may_read_area_figures(user: User | AnonymousUser) -> bool:
    wards = area_ward_ids_for_user(user)
    return wards is None or bool(wards)


def user_may_search_registry(user: User | AnonymousUser) -> bool:
    wards = ward_ids_for_user(user)
    return wards is None or bool(wards)


def enterprise_list_for_user(user: User | AnonymousUser) -> QuerySet[Enterprise]:
    wards = ward_ids_for_user(user)
    enterprises = Enterprise.objects.select_related("ward")
    return enterprises if wards is None else enterprises.filter(ward_id__in=wards)


def enterprise_get_for_user(user: User | AnonymousUser, pk: int) -> Enterprise | None:
    return enterprise_list_for_user(user).select_related("ward_before_2025").filter(pk=pk).first()


def enterprise_get_by_code_for_user(user: User | AnonymousUser, code: str) -> Enterprise | None:
    try:
        _kind, compact = identifier_clean(code, household=True)
    except Exception:  # noqa: BLE001  (a malformed code finds nothing)
        return None
    return enterprise_list_for_user(user).select_related("ward_before_2025").filter(tax_code=compact).first()


@dataclass(frozen=True)
class RegistryQuery:
    text: str = ""  # MST (or its beginning), or words of the name, accents optional
    vsic: str = ""  # a VSIC code or its beginning: "62" is every computer-programming firm
    ward: str = ""  # today's ward code
    size: str = ""  # micro / small / medium / large
    it_only: bool = False


def enterprise_search(enterprises: QuerySet[Enterprise], query: RegistryQuery) -> QuerySet[Enterprise]:
    text = query.text.strip()
    digits = text.replace("-", "").replace(" ", "").replace(".", "")
    if digits.isdigit():
        enterprises = enterprises.filter(tax_code__startswith=digits)
    elif text:
        # search_text is stored folded (no accents, lower case): a plain LIKE, on any database.
        for word in fold(text).split():
            enterprises = enterprises.filter(search_text__contains=word)
    if query.vsic:
        enterprises = enterprises.filter(vsic__startswith=query.vsic)
    if query.ward:
        ward = OrgUnit.objects.filter(code=query.ward, kind=OrgUnitKind.COMMUNE, valid_to__isnull=True).first()
        enterprises = enterprises.filter(ward_id=ward.pk if ward else None)
    if query.size:
        enterprises = enterprises.filter(size_class=query.size)
    if query.it_only:
        enterprises = enterprises.filter(is_it=True)
    return enterprises.order_by("name_vi", "pk")


def ward_choices_for_user(user: User | AnonymousUser) -> list[OrgUnit]:
    wards = ward_ids_for_user(user)
    current = OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE, valid_to__isnull=True, enterprises__isnull=False)
    if wards is not None:
        current = current.filter(pk__in=wards)
    return list(current.distinct().order_by("name_vi"))


def membership_list_for_user(user: User | AnonymousUser) -> QuerySet[EnterpriseMembership]:
    """The user's own claims, verified or not."""
    if not user.is_authenticated:
        return EnterpriseMembership.objects.none()
    return EnterpriseMembership.objects.filter(user=user).select_related("enterprise__ward").order_by("-claimed_at")


def enterprise_get_own(user: User | AnonymousUser, pk: int) -> Enterprise | None:
    """The enterprise `pk` when the user is its verified member, else None."""
    if not user.is_authenticated:
        return None
    return Enterprise.objects.select_related("ward").filter(
        pk=pk, memberships__user=user, memberships__status=ClaimStatus.VERIFIED,
    ).first()


def claim_list_for_verifier(user: User | AnonymousUser, *, roles: tuple[str, ...]) -> QuerySet[EnterpriseMembership]:
    wards = ward_ids_for_user(user, roles=roles)
    claims = EnterpriseMembership.objects.filter(status=ClaimStatus.PENDING).select_related("user", "enterprise__ward")
    return (claims if wards is None else claims.filter(enterprise__ward_id__in=wards)).order_by("claimed_at")


PEER_MINIMUM = 5


def assessment_framework_latest(code: str) -> AssessmentFramework | None:
    return AssessmentFramework.objects.filter(code=code).order_by("-version").first()


def framework_list_latest() -> list[AssessmentFramework]:
    """The newest version of each framework, the ones new assessments are answered in."""
    latest: dict[str, AssessmentFramework] = {}
    for framework in AssessmentFramework.objects.order_by("code", "-version"):
        latest.setdefault(framework.code, framework)
    return list(latest.values())


def result_current(assessment: Assessment) -> AssessmentResult | None:
    """The result under the newest framework version that scored this assessment."""
    return assessment.results.select_related("framework").order_by("-framework__version").first()


def assessment_history(enterprise: Enterprise, framework_code: str) -> list:
    """T0, T1, T2…: the enterprise's assessments of one framework, oldest first, each with its
    current result."""
    assessments = Assessment.objects.filter(enterprise=enterprise, framework__code=framework_code).order_by("submitted_at", "pk")
    return [(f"T{index}", assessment, result_current(assessment)) for index, assessment in enumerate(assessments)]


@dataclass(frozen=True)
class PeerBenchmark:
    peers: int
    shown: bool
    dimensions: dict[str, float]
    overall: float | None


def peer_benchmark(result: AssessmentResult) -> PeerBenchmark:
    """Mean scores of the other enterprises of the same VSIC section and size class, each by its
    latest assessment scored with the same framework version; shown only with ≥ 5 peers."""
    enterprise = result.assessment.enterprise
    section = vsic_division(enterprise.vsic).section
    same_section = Q(pk__in=[])
    for code, division in vsic_divisions().items():
        if division.section == section:
            same_section |= Q(assessment__enterprise__vsic__startswith=code)
    candidates = AssessmentResult.objects.filter(
        same_section, framework=result.framework, assessment__enterprise__size_class=enterprise.size_class,
    ).exclude(assessment__enterprise=enterprise).select_related("assessment")
    latest: dict[int, Any] = {}
    for peer in candidates.order_by("assessment__submitted_at", "pk"):
        latest[peer.assessment.enterprise_id] = peer  # the later assessment wins
    peers = list(latest.values())
    if len(peers) < PEER_MINIMUM:
        return PeerBenchmark(peers=len(peers), shown=False, dimensions={}, overall=None)
    codes = list(result.dimension_scores)
    return PeerBenchmark(
        peers=len(peers), shown=True,
        dimensions={code: sum(float(p.dimension_scores[code]) for p in peers) / len(peers) for code in codes},
        overall=sum(float(p.overall) for p in peers) / len(peers),
    )


def support_activity_list() -> list[SupportActivity]:
    """The activities of the support programmes running today, by programme."""
    today = timezone.localdate()
    return list(SupportActivity.objects.select_related("programme").filter(
        programme__starts_on__lte=today, programme__ends_on__gte=today,
    ).order_by("programme__code", "code"))
