"""Today's wards and a few enterprises over the personas' units, for pages, API and matrices.

- Thủ Dầu Một ward (25747, today) succeeds old ward A; Phú Lợi ward (25750) succeeds old ward B.
- `software`: Công ty TNHH Phần mềm Đông Á, MST 0100109106, Thủ Dầu Một, small, IT.
- `shop`: Công ty Cổ phần Bình An branch 0314409058-002, Phú Lợi, medium.
- `household`: Hộ kinh doanh Nguyễn Văn A, personal ID 079203001234, Phú Lợi, micro.
"""

from datetime import date

from dxtrack.enterprises.models import Enterprise
from dxtrack.enterprises.text import fold
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import orgunit_upsert

REFORM_DAY = date(2025, 7, 1)


def todays_wards(units: dict) -> dict[str, OrgUnit]:
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
    OrgUnitLineage.objects.get_or_create(from_unit=units["ward_a"], to_unit=thu_dau_mot, effective_on=REFORM_DAY)
    OrgUnitLineage.objects.get_or_create(from_unit=units["ward_b"], to_unit=phu_loi, effective_on=REFORM_DAY)
    return {"city": city, "thu_dau_mot": thu_dau_mot, "phu_loi": phu_loi}


def _enterprise(**fields) -> Enterprise:
    fields.setdefault("search_text", fold(f"{fields['name_vi']} {fields['tax_code']}"))
    return Enterprise.objects.create(**fields)


def registry_world(units: dict) -> dict[str, Enterprise]:
    wards = todays_wards(units)
    return {
        "software": _enterprise(
            tax_code="0100109106", name_vi="Công ty TNHH Phần mềm Đông Á", name_en="Dong A Software Co., Ltd.",
            legal_form="tnhh2", vsic="6201", employees=12, revenue_vnd=8_000_000_000, capital_vnd=2_000_000_000,
            size_class="small", ward=wards["thu_dau_mot"], ward_input="25747", is_it=True,
        ),
        "shop": _enterprise(
            tax_code="0314409058002", name_vi="Chi nhánh Công ty Cổ phần Bình An", legal_form="co_phan", vsic="4711",
            employees=60, capital_vnd=60_000_000_000, size_class="medium", ward=wards["phu_loi"],
            ward_before_2025=units["ward_b"], ward_input="Phường Hiệp Thành, Thủ Dầu Một, Bình Dương",
        ),
        "household": _enterprise(
            identifier_type="personal_id", tax_code="079203001234", name_vi="Hộ kinh doanh Nguyễn Văn A",
            legal_form="hkd", vsic="5610", employees=2, revenue_vnd=900_000_000, size_class="micro",
            ward=wards["phu_loi"], ward_input="25750",
        ),
    }
