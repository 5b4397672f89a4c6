"""The people every permission test speaks of (imported by the root conftest).

- `leader`:        provincial leader of Binh Duong; reads every unit of the province.
- `officer`:       programme officer of Binh Duong; defines programmes and reads the province.
- `reporter_a`:    reporter of ward A (Phú Cường); enters and reads ward A only.
- `reporter_b`:    reporter of ward B (Hiệp Thành); enters and reads ward B only.
- `enterprise`:    an enterprise's user; no unit data, sees what the public sees.
- `approver`:      approver of Binh Duong; returns and approves the forms of units below.
- anonymous:       the `client` fixture without a login; public programmes only.
"""

from datetime import date

import pytest

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert

LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)


@pytest.fixture
def units(db) -> dict[str, OrgUnit]:
    """A small Binh Duong: the province, one district, wards A and B, and an agency."""
    country, _ = orgunit_upsert(code="VN", kind=OrgUnitKind.COUNTRY, name_vi="Việt Nam", name_en="Viet Nam")
    province, _ = orgunit_upsert(
        code="74", kind=OrgUnitKind.PROVINCE, name_vi="Tỉnh Bình Dương", name_en="Binh Duong Province",
        parent=country, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    district, _ = orgunit_upsert(
        code="718", kind=OrgUnitKind.DISTRICT, name_vi="Thành phố Thủ Dầu Một", name_en="Thu Dau Mot City",
        parent=province, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    ward_a, _ = orgunit_upsert(
        code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Phú Cường", name_en="Phu Cuong Ward",
        parent=district, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    ward_b, _ = orgunit_upsert(
        code="25741", kind=OrgUnitKind.COMMUNE, name_vi="Phường Hiệp Thành", name_en="Hiep Thanh Ward",
        parent=district, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    agency, _ = orgunit_upsert(
        code="74-STTTT", kind=OrgUnitKind.AGENCY, name_vi="Sở Thông tin và Truyền thông", name_en="Department of Information and Communications",
        parent=province, valid_to=LAST_DAY_BEFORE_REFORM,
    )
    return {"country": country, "province": province, "district": district, "ward_a": ward_a, "ward_b": ward_b, "agency": agency}


def _person(username: str, role: str | None, unit: OrgUnit | None) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery-staple")
    if role and unit:
        RoleAssignment.objects.create(user=user, role=role, org_unit=unit)
    return user


@pytest.fixture
def leader(units) -> User:
    return _person("leader", Role.LEADER, units["province"])


@pytest.fixture
def officer(units) -> User:
    return _person("officer", Role.PROGRAMME_OFFICER, units["province"])


@pytest.fixture
def reporter_a(units) -> User:
    return _person("reporter_a", Role.REPORTER, units["ward_a"])


@pytest.fixture
def reporter_b(units) -> User:
    return _person("reporter_b", Role.REPORTER, units["ward_b"])


@pytest.fixture
def enterprise(units) -> User:
    return _person("enterprise", None, None)


@pytest.fixture
def approver(units) -> User:
    """Approver of Binh Duong: approves the forms of every unit below the province."""
    return _person("approver", Role.APPROVER, units["province"])
