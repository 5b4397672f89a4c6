"""Today's wards beside the personas' old ones: Ho Chi Minh City (79) since 1 July 2025 with
Thủ Dầu Một ward (25747, successor of old ward A, Phú Cường) and Phú Lợi ward (25750,
successor of old ward B, Hiệp Thành), as vietnamadminunits converts them."""

from datetime import date

import pytest

from dxtrack.orgunits.models import OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert

REFORM_DAY = date(2025, 7, 1)


@pytest.fixture
def wards(units) -> dict:
    city, _ = orgunit_upsert(
        code="79", kind=OrgUnitKind.PROVINCE, name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City",
        parent=units["country"], valid_from=REFORM_DAY,
    )
    thu_dau_mot, _ = orgunit_upsert(
        code="25747", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", name_en="Thu Dau Mot Ward",
        parent=city, valid_from=REFORM_DAY,
    )
    phu_loi, _ = orgunit_upsert(
        code="25750", kind=OrgUnitKind.COMMUNE, name_vi="Phường Phú Lợi", name_en="Phu Loi Ward",
        parent=city, valid_from=REFORM_DAY,
    )
    OrgUnitLineage.objects.create(from_unit=units["ward_a"], to_unit=thu_dau_mot, effective_on=REFORM_DAY)
    OrgUnitLineage.objects.create(from_unit=units["ward_b"], to_unit=phu_loi, effective_on=REFORM_DAY)
    return {"city": city, "thu_dau_mot": thu_dau_mot, "phu_loi": phu_loi, **units}


def write_csv(path, rows: list[str], header: str = "tax_code,name,legal_form,vsic,ward,employees,revenue_vnd,capital_vnd"):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
