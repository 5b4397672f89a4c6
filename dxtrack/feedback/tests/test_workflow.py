"""Every action of workflow.TRANSITIONS tried from every state by every role: it happens where
the table below (written by hand from the issue, not read from the code) says, and is refused
everywhere else with nothing changed."""

import pytest

from dxtrack.feedback.models import Item, State, Transition
from dxtrack.feedback.services import FeedbackError, item_transition
from dxtrack.feedback.tests.factories import in_state, other_agency, received, staff_of
from dxtrack.feedback.workflow import TRANSITIONS

S = State
ALLOWED = {
    "assign": {(S.RECEIVED, "officer")},
    "transfer": {(state, role) for state in (S.ASSIGNED, S.IN_PROGRESS) for role in ("officer", "agency_staff", "agency_head")},
    "start": {(S.ASSIGNED, "agency_staff"), (S.ASSIGNED, "agency_head")},
    "approve": {(S.IN_PROGRESS, "agency_head")},
    "publish": {(S.ANSWERED, "officer"), (S.ANSWERED, "agency_head")},
    "close": {(S.ANSWERED, "officer"), (S.ANSWERED, "agency_head")},
    "reject": {(S.RECEIVED, "officer"), (S.ASSIGNED, "officer")},
    "mark_duplicate": {(S.RECEIVED, "officer"), (S.ASSIGNED, "officer")},
    "withdraw": {(state, "sender") for state in (S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS)},
    "reopen": {(state, "sender") for state in (S.ANSWERED, S.PUBLISHED, S.CLOSED)},
}
TARGET = {"assign": S.ASSIGNED, "transfer": S.ASSIGNED, "start": S.IN_PROGRESS, "approve": S.ANSWERED,
          "publish": S.PUBLISHED, "close": S.CLOSED, "reject": S.REJECTED, "mark_duplicate": S.DUPLICATE,
          "withdraw": S.WITHDRAWN, "reopen": S.IN_PROGRESS}


def test_the_table_names_every_action():
    assert set(ALLOWED) == set(TRANSITIONS)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_action_happens_only_from_its_states_by_its_roles(action, units, officer, enterprise):
    staff, head = staff_of(units)
    actors = {"sender": enterprise, "officer": officer, "agency_staff": staff, "agency_head": head}
    original = received(enterprise, text="Câu hỏi gốc về chữ ký số.")
    elsewhere = other_agency(units)
    wrong = []
    for state in State.values:
        for role, actor in actors.items():
            item = in_state(received(enterprise), state, agency=units["agency"], author=staff)
            kwargs = {"reason": "Lý do cụ thể", "agency": elsewhere if action == "transfer" else units["agency"],
                      "duplicate_of": original, "public_question": "Câu hỏi", "public_answer": "Trả lời"}
            try:
                item_transition(item=item, action=action, actor=actor, **kwargs)
                happened = True
            except FeedbackError:
                happened = False
            item.refresh_from_db()
            expected = (state, role) in ALLOWED[action]
            if happened != expected or item.state != (TARGET[action] if expected else state):
                wrong.append((state, role, "done" if happened else "refused", item.state))
            logged = Transition.objects.filter(item=item, action=action).count()
            if logged != (1 if expected else 0):
                wrong.append((state, role, f"{logged} log rows"))
    assert not wrong, f"{action}: {wrong}"


def test_a_second_reopen_is_refused_with_a_clear_message(in_english, units, enterprise):
    staff, _head = staff_of(units)
    item = in_state(received(enterprise), State.ANSWERED, agency=units["agency"], author=staff)
    item_transition(item=item, action="reopen", actor=enterprise, reason="Câu trả lời chưa nêu thời hạn")
    in_state(Item.objects.get(pk=item.pk), State.ANSWERED, agency=units["agency"], author=staff)
    with pytest.raises(FeedbackError, match="already been reopened once"):
        item_transition(item=item, action="reopen", actor=enterprise, reason="Lần nữa")
    assert Item.objects.get(pk=item.pk).state == State.ANSWERED


def test_reject_without_a_reason_changes_nothing(units, officer, enterprise):
    item = received(enterprise)
    with pytest.raises(FeedbackError) as refused:
        item_transition(item=item, action="reject", actor=officer, reason="  ")
    assert refused.value.field == "reason"
    assert Item.objects.get(pk=item.pk).state == State.RECEIVED


def test_another_agency_cannot_answer_or_approve(in_english, units, enterprise):
    from dxtrack.accounts.models import Role
    from dxtrack.feedback.answers import answer_draft
    from dxtrack.feedback.tests.factories import person

    staff, _head = staff_of(units)
    stranger = person("stranger", Role.REPORTER, other_agency(units))
    stranger_head = person("stranger_head", Role.APPROVER, other_agency(units))
    item = in_state(received(enterprise), State.IN_PROGRESS, agency=units["agency"], author=staff)
    with pytest.raises(FeedbackError, match="assigned to"):
        answer_draft(item=item, actor=stranger, text="Trả lời của sở khác")
    with pytest.raises(FeedbackError):
        item_transition(item=item, action="approve", actor=stranger_head)
    assert item.answer.text.startswith("Sở đã")


def test_assign_uses_the_routing_rule_when_no_agency_is_named(units, officer, enterprise):
    from dxtrack.feedback.models import RoutingRule
    from dxtrack.feedback.tests.factories import area

    RoutingRule.objects.create(area=area("chuyen-doi-so"), agency=units["agency"])
    item = item_transition(item=received(enterprise), action="assign", actor=officer)
    assert item.agency == units["agency"] and item.state == State.ASSIGNED
