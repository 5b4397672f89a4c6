"""The staff dashboard and the on-time counts that feed an indicator: open items by agency and
state, overdue items against their working-day due dates, the share answered on time, by content
area, and the trend by month. Every figure is computed from the queryset the caller passes, so a
person sees only the agencies they may see (selectors.item_list_for_staff decides that).

"On time" means answered on or before the due date, which already counts working days only and
moves with the clock's pauses (deadlines.py). Rejected, withdrawn and duplicate items are not
counted, as on the public statistics page.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from dxtrack.common.workdays import working_days_between
from dxtrack.feedback.models import Item, State
from dxtrack.feedback.workflow import OPEN_STATES

NOT_COUNTED = (State.WITHDRAWN, State.DUPLICATE, State.REJECTED)
# The dashboard's columns of "open": the workflow's open states, then answers awaiting publication.
OPEN_COLUMNS = (State.RECEIVED, State.ASSIGNED, State.IN_PROGRESS, State.ANSWERED)
TREND_MONTHS = 12
OVERDUE_LISTED = 20

ON_TIME = Q(answered_on__isnull=False, due_on__isnull=False, answered_on__lte=F("due_on"))
ANSWERED = Q(answered_on__isnull=False)
STILL_OPEN = Q(answered_on__isnull=True, state__in=OPEN_STATES)


def _share(part: int, whole: int) -> float | None:
    return part * 100 / whole if whole else None


@dataclass(frozen=True)
class OverdueItem:
    item: Item
    working_days_late: int


@dataclass(frozen=True)
class Dashboard:
    open: int
    overdue: int
    answered: int
    answered_on_time: int
    on_time_percent: float | None
    by_agency: list[dict]
    by_area: list[dict]
    by_month: list[dict]
    overdue_items: list[OverdueItem]
    sample: int


def _counts(items: QuerySet[Item], today: date) -> dict:
    """The counts every row of the dashboard shows, as aggregate expressions."""
    overdue = STILL_OPEN & Q(due_on__lt=today)
    return {
        **{f"state_{state}": Count("pk", filter=Q(state=state)) for state in OPEN_COLUMNS},
        "open": Count("pk", filter=STILL_OPEN),
        "overdue": Count("pk", filter=overdue),
        "answered": Count("pk", filter=ANSWERED),
        "on_time": Count("pk", filter=ON_TIME),
    }


def _with_share(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["on_time_percent"] = _share(row["on_time"], row["answered"])
        row["states"] = [row[f"state_{state}"] for state in OPEN_COLUMNS]
    return rows


def staff_dashboard(items: QuerySet[Item], *, today: date, include_sample: bool) -> Dashboard:
    counted = items.exclude(state__in=NOT_COUNTED).order_by()  # the work queue's ordering must not enter GROUP BY
    if not include_sample:
        counted = counted.filter(is_sample=False)
    counts = _counts(counted, today)
    totals = counted.aggregate(**counts)
    by_agency = _with_share(list(
        counted.values("agency_id", "agency__code", "agency__name_vi", "agency__name_en").annotate(**counts).order_by("-open", "agency__name_vi")
    ))
    by_area = _with_share(list(
        counted.values("area_id", "area__code", "area__name_vi", "area__name_en").annotate(**counts).order_by("-open", "area__name_vi")
    ))
    overdue = counted.filter(STILL_OPEN, due_on__lt=today).select_related("agency", "area").order_by("due_on", "pk")
    return Dashboard(
        open=totals["open"], overdue=totals["overdue"], answered=totals["answered"], answered_on_time=totals["on_time"],
        on_time_percent=_share(totals["on_time"], totals["answered"]), by_agency=by_agency, by_area=by_area,
        by_month=monthly_trend(counted, today=today),
        overdue_items=[OverdueItem(item, working_days_between(item.due_on, today)) for item in overdue[:OVERDUE_LISTED]],
        sample=counted.filter(is_sample=True).count() if include_sample else 0,
    )


def _month_start(day: date, back: int) -> date:
    months = day.year * 12 + day.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def monthly_trend(counted: QuerySet[Item], *, today: date, months: int = TREND_MONTHS) -> list[dict]:
    """The last `months` calendar months: items received, answered, and answered on time in each
    (an answer counts in the month it was given)."""
    first = _month_start(today, months - 1)
    counted = counted.order_by()  # an inherited ordering would split each month's group (GROUP BY includes it)
    received = dict(counted.filter(received_on__gte=first).annotate(month=TruncMonth("received_on"))
                    .values("month").annotate(total=Count("pk")).values_list("month", "total"))
    answered = {row["month"]: row for row in counted.filter(answered_on__gte=first).annotate(month=TruncMonth("answered_on"))
                .values("month").annotate(answered=Count("pk"), on_time=Count("pk", filter=ON_TIME))}
    rows = []
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        done = answered.get(month, {"answered": 0, "on_time": 0})
        rows.append({"month": month, "received": received.get(month, 0), "answered": done["answered"], "on_time": done["on_time"],
                     "on_time_percent": _share(done["on_time"], done["answered"])})
    return rows


def on_time_by_agency(*, start: date, end: date, include_sample: bool = False) -> dict[int, tuple[int, int]]:
    """Per agency: (answered on time, answered) among items answered between `start` and `end`
    inclusive — the numerator and denominator of "share of feedback answered on time"."""
    items = Item.objects.exclude(state__in=NOT_COUNTED).filter(agency__isnull=False, answered_on__gte=start, answered_on__lte=end)
    if not include_sample:
        items = items.filter(is_sample=False)
    rows = items.values("agency_id").annotate(answered=Count("pk"), on_time=Count("pk", filter=ON_TIME))
    return {row["agency_id"]: (row["on_time"], row["answered"]) for row in rows}
