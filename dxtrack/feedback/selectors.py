"""Reads of the feedback app: items by code, the staff queue, the public list and its search,
and the statistics of the public page."""

import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.feedback import deadlines
from dxtrack.feedback.answers import search_key
from dxtrack.feedback.models import ContentArea, Item, RoutingRule, State
from dxtrack.feedback.roles import user_is_officer
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind

PUBLIC_PAGE_SIZE = 20


def item_get_by_code(code: str) -> Item | None:
    if not code:
        return None
    return Item.objects.select_related("area", "agency", "kind", "event", "duplicate_of").filter(code=code).first()


def agency_list() -> QuerySet[OrgUnit]:
    """Agencies that exist today, and those routing rules still name (the demo's Binh Duong ones)."""
    routed = RoutingRule.objects.values("agency_id")
    return OrgUnit.objects.filter(Q(valid_to__isnull=True) | Q(pk__in=routed), kind=OrgUnitKind.AGENCY).order_by("name_vi")


def item_list_for_staff(user: User) -> QuerySet[Item] | None:
    """Everything for the programme office; an agency's items for its staff; None for others."""
    items = Item.objects.select_related("area", "agency").order_by("due_on", "received_at")
    if user_is_officer(user):
        return items
    agency_ids = list(RoleAssignment.objects.filter(
        user=user, role__in=(Role.REPORTER, Role.APPROVER), org_unit__kind=OrgUnitKind.AGENCY,
    ).values_list("org_unit_id", flat=True))
    return items.filter(agency_id__in=agency_ids) if agency_ids else None


def public_item_list(*, query: str = "", area: str = "", agency: str = "", status: str = "") -> QuerySet[Item]:
    """Published items, searched without accents on the published (redacted) texts only."""
    items = Item.objects.filter(state=State.PUBLISHED, held_reason="").select_related("area", "agency", "answer").order_by("-answered_on", "-pk")
    if not settings.DXTRACK_SHOW_SYNTHETIC:
        items = items.filter(is_sample=False)
    words = search_key(query).split()[:8]
    if words:
        items = _matching_every_word(items, words)
    if area:
        items = items.filter(area__code=area)
    if agency:
        items = items.filter(agency__code=agency)
    if status == "on_time":
        items = items.filter(answered_on__lte=F("due_on"))
    elif status == "late":
        items = items.filter(answered_on__gt=F("due_on"))
    return items


def _matching_every_word(items: QuerySet[Item], words: list[str]) -> QuerySet[Item]:
    """Items whose accent-free text holds every word. PostgreSQL answers from the stored words
    of migration 0008 (the query is a bound parameter, never pasted into the SQL); other
    databases scan, which is fine at their sizes."""
    if connection.vendor == "postgresql":
        condition = "feedback_item.search_words @@ plainto_tsquery('simple', %s)"
        return items.extra(where=[condition], params=[" ".join(words)])  # noqa: S610  (a fixed condition, bound parameter)
    for word in words:
        items = items.filter(search_text__contains=word)
    return items


@dataclass(frozen=True)
class Statistics:
    received: int
    answered: int
    open: int
    overdue: int
    median_days: float | None
    p90_days: float | None
    on_time_share: float | None
    mean_rating: float | None
    by_area: list[dict]
    by_agency: list[dict]
    sample: int


def _percentile(values: list[int], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `share` of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return float(ordered[int(rank) - 1])


def feedback_statistics(*, include_sample: bool | None = None) -> Statistics:
    """Volumes, working days to answer (median, 90th percentile), share answered on time, ratings."""
    today = timezone.localdate()
    include_sample = settings.DXTRACK_SHOW_SYNTHETIC if include_sample is None else include_sample
    items = Item.objects.all() if include_sample else Item.objects.filter(is_sample=False)
    counted = items.exclude(state__in=(State.WITHDRAWN, State.DUPLICATE, State.REJECTED))
    answered = list(counted.filter(answered_on__isnull=False).prefetch_related("pauses"))
    days = [deadlines.working_days_to_answer(item) for item in answered]
    on_time = [item for item in answered if item.due_on and item.answered_on <= item.due_on]
    ratings = [item.rating for item in answered if item.rating]
    open_items = counted.filter(answered_on__isnull=True)
    by_area = list(counted.values("area__code", "area__name_vi", "area__name_en").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False))).order_by("-total"))
    by_agency = list(counted.filter(agency__isnull=False).values("agency__code", "agency__name_vi", "agency__name_en").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False))).order_by("-total"))
    return Statistics(
        received=items.count(), answered=len(answered), open=open_items.count(),
        overdue=open_items.filter(due_on__lt=today).count(),
        median_days=float(statistics.median(days)) if days else None, p90_days=_percentile(days, 0.9),
        on_time_share=len(on_time) / len(answered) if answered else None,
        mean_rating=statistics.fmean(ratings) if ratings else None, by_area=by_area, by_agency=by_agency,
        sample=items.filter(is_sample=True).count(),
    )


def area_list() -> QuerySet[ContentArea]:
    return ContentArea.objects.filter(is_active=True)
