"""The demo's feedback: Binh Duong's agencies answer 640 sample proposals received from January
2024 to June 2025 (before the province merged into Ho Chi Minh City), one conference among them,
in every state; then a routing model is trained on them. Everything is marked as sample data.

Written in bulk rather than item by item through the services (the demo loads in seconds); the
dates, deadlines and answer times are computed by the same deadline rules as live items.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.common.numbers import count_shown
from dxtrack.common.workdays import add_working_days, is_working_day
from dxtrack.feedback import deadlines
from dxtrack.feedback.answers import search_key
from dxtrack.feedback.models import (
    Answer,
    Channel,
    ContentArea,
    ContentKind,
    Event,
    Item,
    RoutingRule,
    State,
    Transition,
)
from dxtrack.feedback.redaction import redact
from dxtrack.feedback.routing import routing_model_train, segment
from dxtrack.feedback.sample.texts import sample_answer, sample_texts
from dxtrack.feedback.taxonomy import taxonomy_load
from dxtrack.orgunits.models import OrgUnit

SAMPLE_COUNT = 640
FIRST_DAY, LAST_DAY = date(2024, 1, 2), date(2025, 6, 20)
AGENCY_OF_AREA = {
    "dau-tu-doanh-nghiep": "74-SKHDT", "thuong-mai-cong-nghiep": "74-SCT", "chuyen-doi-so": "74-STTTT",
    "lao-dong-bao-hiem": "74-SLDTBXH", "thu-tuc-hanh-chinh": "74-SNV", "tin-dung-ngan-hang": "74-NHNN",
    "an-ninh-trat-tu": "74-CA", "thong-ke-bao-cao": "74-CTK", "linh-vuc-khac": "74-VPUB",
}
# Final states of the sample, by share: most answered and published, some still open or overdue.
STATE_WEIGHTS = [
    (State.PUBLISHED, 50), (State.CLOSED, 8), (State.ANSWERED, 7), (State.IN_PROGRESS, 9), (State.ASSIGNED, 6),
    (State.RECEIVED, 4), (State.REJECTED, 6), (State.DUPLICATE, 6), (State.WITHDRAWN, 4),
]
CHANNEL_WEIGHTS = [(Channel.WEB, 55), (Channel.EMAIL, 15), (Channel.LETTER, 10), (Channel.PHONE, 8), (Channel.CONFERENCE, 12)]
STAFF_PASSWORD = "dxtrack-pakn"  # noqa: S105  (demo only, printed in README)
COMPANIES = ["Công ty TNHH Minh Phát", "Công ty CP Gỗ Đông Nam", "Công ty TNHH Điện tử Sao Việt", "Công ty CP Dệt may Thuận An",
             "HTX Nông nghiệp Phú Giáo", "Công ty TNHH Cơ khí Tân Uyên", "Công ty CP Logistics Bình Dương", "Công ty TNHH Nhựa Hoàng Gia"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Minh", "Phạm Thu Hà", "Võ Quốc Huy", "Đặng Mỹ Linh"]


def _agency_people(agency: OrgUnit) -> tuple[User, User]:
    base = agency.code.lower().replace("74-", "")
    people = []
    for suffix, role in (("", Role.REPORTER), ("_truong", Role.APPROVER)):
        user, created = User.objects.get_or_create(username=f"pakn_{base}{suffix}")
        if created:
            user.set_password(STAFF_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=agency)
        people.append(user)
    return people[0], people[1]


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59))))


def _working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@transaction.atomic
def feedback_demo_load(*, say: Callable[[str], None] = print) -> int:
    """Load the sample once (a second run finds it and returns 0); the number of items made."""
    if Item.objects.filter(is_sample=True).exists():
        return 0
    rng = random.Random(2024)
    taxonomy_load(ContentKind, ContentArea)  # seeded by migration 0002; again here after a flush
    areas = {area.code: area for area in ContentArea.objects.all()}
    agencies = {code: OrgUnit.objects.get(code=code, kind="agency") for code in AGENCY_OF_AREA.values()}
    for area_code, agency_code in AGENCY_OF_AREA.items():
        RoutingRule.objects.update_or_create(area=areas[area_code], defaults={"agency": agencies[agency_code]})
    people = {code: _agency_people(agency) for code, agency in agencies.items()}
    officer = User.objects.filter(username="canbo").first() or User.objects.filter(is_superuser=True).first()
    kinds = list(ContentKind.objects.all())
    event = Event.objects.create(
        title="Hội nghị gặp gỡ, đối thoại với doanh nghiệp năm 2024 (dữ liệu mẫu)", held_on=date(2024, 9, 26),
        venue="Trung tâm Hội nghị và Triển lãm tỉnh Bình Dương", is_sample=True,
        description="Dữ liệu mẫu: hội nghị tiếp nhận ý kiến, kiến nghị của doanh nghiệp về cải cách thủ tục hành chính và chuyển đổi số.",
    )
    states = [state for state, weight in STATE_WEIGHTS for _ in range(weight)]
    channels = [channel for channel, weight in CHANNEL_WEIGHTS for _ in range(weight)]
    span = (LAST_DAY - FIRST_DAY).days
    made: list[Item] = []
    for index, (area_code, text) in enumerate(sample_texts(count=SAMPLE_COUNT, seed=2024)):
        channel = rng.choice(channels)
        received_on = event.held_on if channel == Channel.CONFERENCE else _working_day(FIRST_DAY + timedelta(days=rng.randrange(span)))
        name, company = rng.choice(NAMES), rng.choice(COMPANIES)
        signed = f"{text} Người liên hệ: {name}, điện thoại 09{rng.randint(10_000_000, 99_999_999)}." if rng.random() < 0.4 else text
        item = Item(
            code=f"PAKN-{received_on:%y}-S{index:05d}", channel=channel, text=signed, area=areas[area_code], kind=rng.choice(kinds),
            sender_name=name, sender_organisation=company, sender_email=f"lienhe{index}@doanhnghiep.example",
            received_at=_moment(received_on, rng), received_on=received_on, updated_at=_moment(received_on, rng),
            event=event if channel == Channel.CONFERENCE else None, is_sample=True, state=rng.choice(states),
            segmented_text=segment(signed),
        )
        item.due_on = deadlines.due_on(item, today=received_on)
        if item.state not in (State.RECEIVED, State.REJECTED, State.WITHDRAWN) or rng.random() < 0.5:
            item.agency, item.assigned_on = agencies[AGENCY_OF_AREA[area_code]], add_working_days(received_on, rng.randint(0, 2))
        if item.state in (State.ANSWERED, State.PUBLISHED, State.CLOSED):
            # Most within the deadline, about one in six late.
            days = rng.randint(3, 9) if rng.random() < 0.83 else rng.randint(11, 25)
            item.answered_on = add_working_days(received_on, days)
            item.rating = rng.choice([None, 3, 4, 4, 5, 5, 2]) if item.state != State.ANSWERED else None
        if item.state == State.REJECTED:
            item.reason = "Nội dung không thuộc phạm vi phản ánh, kiến nghị về quy định hành chính (dữ liệu mẫu)."
        made.append(item)
    Item.objects.bulk_create(made)
    originals = [item for item in made if item.state == State.PUBLISHED]
    answers, transitions = [], []
    for item in made:
        staff, head = people[item.agency.code] if item.agency_id else (officer, officer)
        if item.state == State.DUPLICATE:
            item.duplicate_of = rng.choice(originals)
        if item.answered_on:
            text = sample_answer(rng)
            approved = timezone.make_aware(datetime.combine(item.answered_on, time(15)))
            published = item.state == State.PUBLISHED
            question = redact(item.text, names=(item.sender_name,))
            answers.append(Answer(
                item=item, text=text, drafted_by=staff, drafted_at=approved - timedelta(days=1), approved_by=head, approved_at=approved,
                public_question=question if published else "", public_answer=text if published else "",
                reviewed_by=head if published else None, published_at=approved if published else None,
            ))
            if published:
                item.search_text = search_key(f"{item.code} {question} {text}")
        transitions.append(Transition(item=item, action="receive", to_state=State.RECEIVED, actor=officer, role="officer", at=item.received_at))
        if item.state != State.RECEIVED:
            transitions.append(Transition(item=item, action="sample", from_state=State.RECEIVED, to_state=item.state,
                                          to_agency=item.agency, actor=head, role="agency_head", at=item.updated_at,
                                          reason="Dữ liệu mẫu"))
    Item.objects.bulk_update(made, ["duplicate_of", "search_text"])
    Answer.objects.bulk_create(answers)
    Transition.objects.bulk_create(transitions)
    say(_("Feedback sample: %(count)s items, one conference (sample data).") % {"count": count_shown(len(made))})
    model = routing_model_train(on_sample_data=True)
    say(_("Routing model trained on sample data: held-out accuracy %(accuracy)s, macro-F1 %(f1)s.")
        % {"accuracy": formats.number_format(model.accuracy, decimal_pos=3),
           "f1": formats.number_format(model.macro_f1, decimal_pos=3)})
    return len(made)
