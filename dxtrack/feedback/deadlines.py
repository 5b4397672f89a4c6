"""Answer deadlines in working days (Vietnamese holidays, Tết and swapped Saturdays included, from
dxtrack.common.workdays, the reporting calendar's rules).

An item is due `n` working days after the day it was received, where `n` comes from the most
specific rule: area and channel, then area, then channel, then the area's own default. Days the
clock was paused (waiting for the sender) push the due date back by the working days they
covered. Decree 20/2008 Art. 9: an item outside the agency's competence is transferred within
5 working days of its receipt there.
"""

from datetime import date

from django.db.models import Q

from dxtrack.common.workdays import add_working_days, is_working_day, working_days_between
from dxtrack.feedback.models import ContentArea, DeadlineRule, Item

TRANSFER_WORKING_DAYS = 5
# Items nobody has classified yet: the shortest sector deadline in the research (MOIT's 10 days).
DEFAULT_ANSWER_WORKING_DAYS = 10


def answer_working_days(*, area: ContentArea | None, channel: str) -> int:
    scope = Q(area__isnull=True) | Q(area=area) if area else Q(area__isnull=True)
    by_key = {(rule.area_id, rule.channel): rule.working_days for rule in DeadlineRule.objects.filter(scope)}
    area_id = area.pk if area else None
    for key in ((area_id, channel), (area_id, ""), (None, channel)):
        if key in by_key:
            return by_key[key]
    return area.answer_working_days if area else DEFAULT_ANSWER_WORKING_DAYS


def paused_working_days(item: Item, *, today: date) -> int:
    """Working days the clock stood still: each pause from its first day to its last (or today)."""
    total = 0
    for pause in item.pauses.all() if item.pk else ():
        end = pause.ended_on or today
        # A pause that starts and ends on one working day stops the clock for that day.
        total += working_days_between(pause.started_on, end) + (1 if is_working_day(pause.started_on) else 0)
    return total


def due_on(item: Item, *, today: date) -> date:
    days = answer_working_days(area=item.area, channel=item.channel)
    return add_working_days(item.received_on, days + paused_working_days(item, today=today))


def transfer_due_on(item: Item) -> date | None:
    """The last day the agency now holding the item may hand it on to another."""
    if item.assigned_on is None:
        return None
    return add_working_days(item.assigned_on, TRANSFER_WORKING_DAYS)


def working_days_to_answer(item: Item) -> int | None:
    if item.answered_on is None:
        return None
    return working_days_between(item.received_on, item.answered_on) - paused_working_days(item, today=item.answered_on)


def is_overdue(item: Item, *, today: date) -> bool:
    return item.due_on is not None and item.answered_on is None and today > item.due_on
