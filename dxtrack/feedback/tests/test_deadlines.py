"""Answer deadlines in working days, checked against dates counted by hand on the 2025–2026
calendars (holidays package, country VN): Tết 2026 is Monday 16 – Friday 20 February; in 2025
Saturday 26 April was worked in exchange for Friday 2 May (30 April and 1 May are holidays)."""

from datetime import date

import pytest

from dxtrack.feedback import deadlines
from dxtrack.feedback.models import Channel, DeadlineRule, Pause, State
from dxtrack.feedback.services import FeedbackError, item_pause, item_resume, item_transition
from dxtrack.feedback.tests.factories import area, at, in_state, other_agency, received, staff_of


def test_ten_working_days_across_tet_2026(db):
    # Received Tue 10 Feb: 11, 12, 13 Feb, then after Tết 23–27 Feb and 2, 3 Mar are days 1–10.
    item = received(None, when=at(2026, 2, 10))
    assert item.due_on == date(2026, 3, 3)


def test_a_swapped_saturday_counts_and_the_day_off_does_not(db):
    # Received Fri 25 Apr 2025, 5 working days: Sat 26, Mon 28, Tue 29 Apr, (30/4, 1/5, 2/5 off), Mon 5, Tue 6 May.
    DeadlineRule.objects.create(area=area(), channel="", working_days=5)
    assert received(None, when=at(2025, 4, 25)).due_on == date(2025, 5, 6)




@pytest.mark.parametrize(
    ("rules", "channel", "days"),
    [
        ([], Channel.WEB, 10),  # the area's own default (chuyen-doi-so: 10)
        ([(None, Channel.CONFERENCE, 15)], Channel.CONFERENCE, 15),
        ([(None, Channel.CONFERENCE, 15), ("chuyen-doi-so", "", 7)], Channel.CONFERENCE, 7),
        ([("chuyen-doi-so", "", 7), ("chuyen-doi-so", Channel.PHONE, 3)], Channel.PHONE, 3),
        ([("chuyen-doi-so", "", 7), ("chuyen-doi-so", Channel.PHONE, 3)], Channel.WEB, 7),
        ([("dau-tu-doanh-nghiep", "", 4)], Channel.WEB, 10),  # another area's rule does not apply
    ],
)
def test_answer_days_come_from_the_most_specific_rule(db, rules, channel, days):
    for code, rule_channel, working_days in rules:
        DeadlineRule.objects.create(area=area(code) if code else None, channel=rule_channel, working_days=working_days)
    assert deadlines.answer_working_days(area=area(), channel=channel) == days


def test_a_pause_pushes_the_deadline_back_by_its_working_days(in_english, units, enterprise):
    staff, _head = staff_of(units)
    # Received Mon 3 Mar 2025: due Mon 17 Mar. Paused Wed 5 – Fri 7 Mar (3 working days): due Thu 20 Mar.
    item = in_state(received(enterprise, when=at(2025, 3, 3)), State.IN_PROGRESS, agency=units["agency"])
    assert item.due_on == date(2025, 3, 17)
    item_pause(item=item, actor=staff, reason="Chờ doanh nghiệp bổ sung hợp đồng", today=date(2025, 3, 5))
    with pytest.raises(FeedbackError, match="already stopped"):
        item_pause(item=item, actor=staff, reason="again", today=date(2025, 3, 6))
    item = item_resume(item=item, actor=staff, today=date(2025, 3, 7))
    assert item.due_on == date(2025, 3, 20)
    assert list(Pause.objects.values_list("started_on", "ended_on")) == [(date(2025, 3, 5), date(2025, 3, 7))]
    item.answered_on = date(2025, 3, 20)
    # 3 Mar → 20 Mar is 13 working days, 3 of them paused.
    assert deadlines.working_days_to_answer(item) == 10


def test_an_agency_transfers_within_five_working_days_of_receiving_it(in_english, units, officer, enterprise, time_machine):
    staff, _head = staff_of(units)
    elsewhere = other_agency(units)
    item = in_state(received(enterprise, when=at(2026, 2, 10)), State.ASSIGNED, agency=units["agency"])
    # Assigned Tue 10 Feb 2026: 11, 12, 13, 23, 24 Feb are its five working days (Tết between).
    assert deadlines.transfer_due_on(item) == date(2026, 2, 24)
    time_machine.move_to(at(2026, 2, 25), tick=False)
    with pytest.raises(FeedbackError, match="within 5 working days"):
        item_transition(item=item, action="transfer", actor=staff, agency=elsewhere, reason="Không thuộc thẩm quyền")
    time_machine.move_to(at(2026, 2, 24), tick=False)
    item = item_transition(item=item, action="transfer", actor=staff, agency=elsewhere, reason="Không thuộc thẩm quyền")
    assert item.agency == elsewhere and item.assigned_on == date(2026, 2, 24)
    log = item.transitions.get(action="transfer")
    assert (log.from_agency, log.to_agency, log.reason) == (units["agency"], elsewhere, "Không thuộc thẩm quyền")


def test_the_programme_office_may_transfer_after_the_five_days(units, officer, enterprise, time_machine):
    item = in_state(received(enterprise, when=at(2026, 2, 10)), State.ASSIGNED, agency=units["agency"])
    time_machine.move_to(at(2026, 3, 10), tick=False)
    item = item_transition(item=item, action="transfer", actor=officer, agency=other_agency(units), reason="Chuyển đúng sở")
    assert item.agency.code == "74-SKHDT"
