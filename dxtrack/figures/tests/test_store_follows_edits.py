"""Edits in the admin keep the aggregate store in step (decision 0017): moving or deleting an
org unit, adding or removing a lineage link, a user's superuser flag. After each, the store's
cells and memberships equal a rebuild (`figures check` clean) and the figure is the
hand-computed one. A unit cannot become its own ancestor (vi/en message, nothing changed).

Over the `units` fixture (province 74 > district 718 > wards A and B) and a second district
with no ward.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dxtrack.accounts.models import AccessToken, Role
from dxtrack.accounts.services import user_privileges_changed
from dxtrack.accounts.tokens import token_create
from dxtrack.audit.models import AuditEvent
from dxtrack.figures.checking import cells_check
from dxtrack.figures.models import Membership, StoredCell
from dxtrack.figures.services import cells_rebuild
from dxtrack.orgunits.models import OrgUnit, OrgUnitKind, OrgUnitLineage
from dxtrack.orgunits.services import lineage_save, orgunit_save, orgunit_upsert
from dxtrack.reporting.services import value_record
from dxtrack.reporting.tests.forms_factories import person

REFORM = date(2025, 7, 1)


def total(indicator, unit, period="2024", variant="approved") -> D | None:
    stored = StoredCell.objects.filter(indicator=indicator, unit=unit, period=period, variant=variant).first()
    return None if stored is None else stored.total


def unit_form(unit: OrgUnit, **changes) -> dict:
    data = {
        "code": unit.code, "kind": unit.kind, "division_type": unit.division_type, "name_vi": unit.name_vi,
        "name_en": unit.name_en, "parent": unit.parent_id or "", "valid_from": "", "valid_to": "",
        "successor_links-TOTAL_FORMS": "0", "successor_links-INITIAL_FORMS": "0",
        "successor_links-MIN_NUM_FORMS": "0", "successor_links-MAX_NUM_FORMS": "1000",
    }
    if unit.valid_to:
        data["valid_to"] = unit.valid_to.strftime("%d/%m/%Y")
    data.update(changes)
    return data


@pytest.fixture
def values(units, make_indicator):
    count = make_indicator("C")
    value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(10))
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(25))
    cells_rebuild()
    assert total(count, units["district"]) == D(35)
    return count


@pytest.fixture
def other_district(units):
    district, _ = orgunit_upsert(
        code="721", kind=OrgUnitKind.DISTRICT, name_vi="Thành phố Thuận An", name_en="Thuan An City",
        parent=units["province"], valid_to=date(2025, 6, 30),
    )
    return district


def test_moving_a_ward_to_another_district_in_the_admin_moves_its_values(admin_client, units, values, other_district):
    ward_b = units["ward_b"]
    response = admin_client.post(
        reverse("admin:orgunits_orgunit_change", args=[ward_b.pk]), unit_form(ward_b, parent=other_district.pk),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ward_b.refresh_from_db()
    assert ward_b.path == f"{other_district.path}{other_district.pk}/"
    # 10 (A) stays in 718; 25 (B) moves to 721; the province still adds both: 35.
    assert (total(values, units["district"]), total(values, other_district), total(values, units["province"])) == (
        D(10), D(25), D(35),
    )
    assert cells_check() == []


def test_renaming_a_unit_changes_no_figure_and_rebuilds_nothing(admin_client, units, values):
    StoredCell.objects.filter(indicator=values, unit=units["district"]).update(total=D(36))  # a marker
    response = admin_client.post(
        reverse("admin:orgunits_orgunit_change", args=[units["ward_a"].pk]), unit_form(units["ward_a"], name_en="Phu Cuong"),
    )
    assert response.status_code == 302
    assert total(values, units["district"]) == D(36)  # not rebuilt: the name is no part of a figure


def test_a_unit_cannot_become_its_own_ancestor(admin_client, units, values):
    district = units["district"]
    response = admin_client.post(
        reverse("admin:orgunits_orgunit_change", args=[district.pk]), unit_form(district, parent=units["ward_a"].pk),
    )
    assert response.status_code == 200
    assert "tổ tiên của chính nó" in response.content.decode()
    district.refresh_from_db()
    assert district.parent_id == units["province"].pk
    district.parent = units["ward_a"]
    with translation.override("en"), pytest.raises(ValidationError, match="would become its own ancestor"):
        orgunit_save(district)
    district.parent = district
    with pytest.raises(ValidationError):
        orgunit_save(district)
    assert OrgUnit.objects.get(pk=district.pk).parent_id == units["province"].pk
    assert cells_check() == []


def test_a_lineage_link_added_and_deleted_in_the_admin_moves_the_memberships(admin_client, units, values):
    city, _ = orgunit_upsert(code="79", kind=OrgUnitKind.PROVINCE, name_vi="TP Hồ Chí Minh", parent=units["country"], valid_from=REFORM)
    ward, _ = orgunit_upsert(code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", parent=city, valid_from=REFORM)
    cells_rebuild()
    ward_a = units["ward_a"]
    data = unit_form(ward_a, **{
        "successor_links-TOTAL_FORMS": "1", "successor_links-0-to_unit": ward.pk,
        "successor_links-0-effective_on": "01/07/2025", "successor_links-0-kind": "merge",
        "successor_links-0-share": "", "successor_links-0-note": "",
    })
    response = admin_client.post(reverse("admin:orgunits_orgunit_change", args=[ward_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    link = OrgUnitLineage.objects.get(from_unit=ward_a, to_unit=ward)
    assert Membership.objects.filter(unit=ward_a, area=city).exists()  # A's values now reach the city
    assert cells_check() == []
    response = admin_client.post(reverse("admin:orgunits_orgunitlineage_delete", args=[link.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not OrgUnitLineage.objects.exists()
    assert not Membership.objects.filter(unit=ward_a, area=city).exists()
    assert cells_check() == []


def test_a_unit_moved_with_two_new_links_in_one_admin_save_rebuilds_the_store_once(
    admin_client, units, values, other_district, monkeypatch,
):
    from dxtrack.figures import services

    city, _ = orgunit_upsert(code="79", kind=OrgUnitKind.PROVINCE, name_vi="TP Hồ Chí Minh", parent=units["country"], valid_from=REFORM)
    first, _ = orgunit_upsert(code="26734", kind=OrgUnitKind.COMMUNE, name_vi="Phường Thủ Dầu Một", parent=city, valid_from=REFORM)
    second, _ = orgunit_upsert(code="26737", kind=OrgUnitKind.COMMUNE, name_vi="Phường Phú Lợi", parent=city, valid_from=REFORM)
    cells_rebuild()
    rebuilds = []
    monkeypatch.setattr(services, "cells_rebuild", lambda **kwargs: rebuilds.append(kwargs) or cells_rebuild(**kwargs))
    ward_b = units["ward_b"]
    links = {"successor_links-TOTAL_FORMS": "2"}
    for position, successor in enumerate((first, second)):
        prefix = f"successor_links-{position}-"
        links.update({f"{prefix}to_unit": successor.pk, f"{prefix}effective_on": "01/07/2025", f"{prefix}kind": "split",
                      f"{prefix}share": "", f"{prefix}note": ""})
    response = admin_client.post(
        reverse("admin:orgunits_orgunit_change", args=[ward_b.pk]), unit_form(ward_b, parent=other_district.pk, **links),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OrgUnitLineage.objects.filter(from_unit=ward_b).count() == 2
    assert len(rebuilds) == 1  # not one for the move and one per link
    assert total(values, other_district) == D(25)
    assert cells_check() == []


def test_deleting_a_unit_in_the_admin_drops_its_memberships(admin_client, units, values, other_district):
    assert Membership.objects.filter(area=other_district).exists() is False
    orgunit_upsert(code="25800", kind=OrgUnitKind.COMMUNE, name_vi="Phường Mới", parent=other_district, valid_to=date(2025, 6, 30))
    cells_rebuild()
    assert Membership.objects.filter(area=other_district).exists()
    ward = OrgUnit.objects.get(code="25800")
    response = admin_client.post(reverse("admin:orgunits_orgunit_delete", args=[ward.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(area=other_district).exists()
    assert cells_check() == []


def test_a_lineage_cycle_is_refused(units):
    OrgUnitLineage.objects.create(from_unit=units["ward_a"], to_unit=units["ward_b"], effective_on=REFORM)
    with translation.override("en"), pytest.raises(ValidationError, match="its own ancestor"):
        lineage_save(OrgUnitLineage(from_unit=units["ward_b"], to_unit=units["ward_a"], effective_on=REFORM))
    with translation.override("vi"), pytest.raises(ValidationError, match="kế nhiệm của chính nó"):
        lineage_save(OrgUnitLineage(from_unit=units["ward_a"], to_unit=units["ward_a"], effective_on=REFORM))
    assert OrgUnitLineage.objects.count() == 1


def test_the_superuser_flag_set_in_the_admin_decides_the_approved_cells(admin_client, admin_user, units, values):
    reporter = person("reporter_b", Role.REPORTER, units["ward_b"])
    value_record(indicator=values, org_unit=units["ward_b"], period="2024", value=D(30), recorded_by=reporter)
    assert total(values, units["district"]) == D(10)  # a reporter's value outside forms waits
    change = reverse("admin:accounts_user_change", args=[reporter.pk])
    response = admin_client.post(change, _user_form(reporter, is_superuser="on", is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert total(values, units["district"]) == D(40)
    assert cells_check() == []
    browser = Client()
    browser.force_login(reporter)
    token_create(user=reporter, name="script")
    response = admin_client.post(change, _user_form(reporter))
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert (reporter.is_superuser, reporter.is_staff) == (False, False)
    assert total(values, units["district"]) == D(10)
    assert cells_check() == []
    assert not browser.get(reverse("dashboards:home")).wsgi_request.user.is_authenticated
    assert not AccessToken.objects.filter(user=reporter, revoked_at__isnull=True).exists()
    events = AuditEvent.objects.filter(action="account.privileges", object_id=str(reporter.pk)).order_by("pk")
    assert [e.details["after"] for e in events] == [
        {"is_superuser": True, "is_staff": True}, {"is_superuser": False, "is_staff": False},
    ]
    assert events[1].details["tokens_revoked"] == 1 and events[1].details["sessions_ended"] == 1
    assert events[1].actor == admin_user


def test_granting_a_flag_keeps_sessions_and_an_unchanged_flag_records_nothing(units):
    reporter = person("reporter_a", Role.REPORTER, units["ward_a"])
    browser = Client()
    browser.force_login(reporter)
    reporter.is_staff = True
    user_privileges_changed(user=reporter, before={"is_staff": False, "is_superuser": False}, by=None)
    assert browser.get(reverse("dashboards:home")).wsgi_request.user.is_authenticated
    user_privileges_changed(user=reporter, before={"is_staff": True, "is_superuser": False}, by=None)
    assert AuditEvent.objects.filter(action="account.privileges").count() == 1


def _user_form(user, **changes) -> dict:
    data = {
        "username": user.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"), "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data
