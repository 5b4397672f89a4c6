"""Agencies, the people of the feedback workflow, and items put straight into a state.

- `officer` (personas.py): programme officer of the province: receives and routes.
- `staff`:  reporter of the Department of Information and Communications (the agency).
- `head`:   approver of that department: approves and publishes its answers.
- `other_staff`: reporter of the Department of Planning and Investment (another agency).
- `enterprise` (personas.py): the sender.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.feedback.models import Answer, Channel, ContentArea, Item, State
from dxtrack.feedback.services import item_receive
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VN)


def other_agency(units):
    agency, _ = orgunit_upsert(
        code="74-SKHDT", kind=OrgUnitKind.AGENCY, name_vi="Sở Kế hoạch và Đầu tư", name_en="Department of Planning and Investment",
        parent=units["province"],
    )
    return agency


def person(username: str, role: str | None = None, unit=None, *, email: str = "") -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery-staple", email=email)
    if role:
        RoleAssignment.objects.create(user=user, role=role, org_unit=unit)
    return user


def staff_of(units) -> tuple[User, User]:
    return person("staff", Role.REPORTER, units["agency"]), person("head", Role.APPROVER, units["agency"])


def area(code: str = "chuyen-doi-so") -> ContentArea:
    return ContentArea.objects.get(code=code)


def received(sender: User | None, *, text: str = "Đề nghị rút ngắn thời gian cấp chữ ký số cho doanh nghiệp.",
             when: datetime | None = None, channel: str = Channel.LETTER, area_code: str | None = "chuyen-doi-so", **extra) -> Item:
    return item_receive(
        channel=channel, text=text, area=area(area_code) if area_code else None, sender_user=sender,
        now=when or timezone.now(), **extra,
    )


def in_state(item: Item, state: str, *, agency=None, author: User | None = None) -> Item:
    """`item` put into `state` directly (the workflow tests then try every action from there)."""
    item.state = state
    if state != State.RECEIVED:
        item.agency = agency
        item.assigned_on = item.received_on
    if state in (State.IN_PROGRESS, State.ANSWERED, State.PUBLISHED, State.CLOSED) and author is not None:
        approved = state != State.IN_PROGRESS
        Answer.objects.update_or_create(item=item, defaults={
            "text": "Sở đã rút ngắn thời gian xuống 2 ngày làm việc.", "drafted_by": author, "drafted_at": timezone.now(),
            "approved_by": author if approved else None, "approved_at": timezone.now() if approved else None,
        })
        if approved:
            item.answered_on = item.received_on
    item.save()
    return item
