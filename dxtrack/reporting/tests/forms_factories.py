"""Plain builders for the forms, completeness and reminder tests (fixtures live in each module).

Ho Chi Minh City after 1 July 2025 (code 79) with two wards is where 2026 is reported; the
personas' Binh Duong (code 74, in `units`) ended on 30 June 2025 and reports 2024.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.forms_services import form_create
from dxtrack.reporting.models import ReportingForm, Submission, SubmissionStatus

REFORM_DAY = date(2025, 7, 1)
HANOI_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def hcmc_units(country: OrgUnit | None = None) -> dict[str, OrgUnit]:
    city, _ = orgunit_upsert(
        code="79", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
        parent=country, valid_from=REFORM_DAY,
    )
    ward_1, _ = orgunit_upsert(
        code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Moi Ward",
        parent=city, valid_from=REFORM_DAY,
    )
    ward_2, _ = orgunit_upsert(
        code="26740", kind=OrgUnitKind.COMMUNE, name_vi="Phường Phú Lợi", name_en="Phu Loi Ward",
        parent=city, valid_from=REFORM_DAY,
    )
    return {"city": city, "ward_1": ward_1, "ward_2": ward_2}


def programme_with_indicators(*, area: OrgUnit, code: str = "KH-FORMS", period_type: str = "year", count: int = 2) -> Programme:
    programme = Programme.objects.create(
        code=code, title_vi="Kế hoạch thử biểu mẫu", title_en="Forms test plan", horizon_start=2022,
        horizon_end=2030, area=area,
    )
    pillar = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số", name_en="Digital government")
    for number in range(1, count + 1):
        Indicator.objects.create(
            programme=programme, pillar=pillar, code=f"I-{number}", name_vi=f"Chỉ số {number}", name_en=f"Indicator {number}",
            unit="%", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
            period_type=period_type, natural_limit=Decimal(100), order=number,
        )
    return programme


def ward_form(programme: Programme, *, code: str = "BM-PHUONG", **options) -> ReportingForm:
    """A ward-level form of every indicator of the programme (options override the defaults)."""
    settings = {
        "name_vi": "Biểu mẫu cấp phường", "name_en": "Ward form", "unit_level": OrgUnitKind.COMMUNE,
        "period_type": programme.indicators.first().period_type, "deadline_working_days": 5,
        "reminder_days": [-3, -1, 1], "escalate_after_working_days": 5,
    }
    settings.update(options)
    return form_create(programme=programme, code=code, indicators=list(programme.indicators.order_by("order")), **settings)


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Viet Nam's time zone (what a submitted_at means to people)."""
    return datetime(year, month, day, hour, minute, tzinfo=HANOI_TIME)


def submission_at(form: ReportingForm, unit: OrgUnit, period: str, status: str, at: datetime | None = None) -> Submission:
    """A submission in a given state, set directly: these tests are about counting, not the workflow."""
    from dxtrack.reporting.forms_services import submission_ensure

    submission = submission_ensure(form=form, org_unit=unit, period=period)
    submission.status = status
    if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED, SubmissionStatus.RETURNED):
        submission.submitted_at = at
    if status == SubmissionStatus.APPROVED:
        submission.approved_at = at
    submission.save()
    return submission


def person(username: str, role: str | None = None, unit: OrgUnit | None = None, *, email: str = "") -> User:
    # No password: these people log in with force_login, and hashing one costs a third of a second.
    user = User.objects.create_user(username=username, email=email)
    if role and unit:
        RoleAssignment.objects.create(user=user, role=role, org_unit=unit)
    return user


__all__ = [
    "Role",
    "hcmc_units",
    "local",
    "person",
    "programme_with_indicators",
    "submission_at",
    "ward_form",
]
