"""Enterprise accounts: register with consents per purpose, claim by MST, an officer verifies,
the member edits its own enterprise only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.models import User
from dxtrack.enterprises.models import ConsentRecord, EnterpriseMembership
from dxtrack.enterprises.tests.factories import registry_world


@pytest.fixture
def world(units):
    return registry_world(units)


def register(client, **consents) -> object:
    data = {"username": "an.nguyen", "email": "an@example.vn", "password1": "Tr0ng-Xanh-Bien-Rong", "password2": "Tr0ng-Xanh-Bien-Rong"}
    data.update({f"consent_{purpose}": "on" for purpose, given in consents.items() if given})
    return client.post(reverse("enterprises:account_register"), data)


def test_no_consent_box_is_ticked_in_advance(db):
    html = Client().get(reverse("enterprises:account_register")).content.decode()
    boxes = re.findall(r'<input class="form-check-input[^>]*name="consent_[^>]*>', html)
    assert len(boxes) == 3 and not any("checked" in box for box in boxes)


def test_registering_stores_each_purpose_as_answered(db):
    client = Client()
    response = register(client, account=True, benchmark=True)
    assert response.status_code == 302
    user = User.objects.get(username="an.nguyen")
    assert sorted(ConsentRecord.objects.filter(user=user).values_list("purpose", "granted")) == [
        ("account", True), ("benchmark", True), ("programmes", False)]
    assert all(record.wording for record in ConsentRecord.objects.filter(user=user))


def test_an_account_needs_the_account_consent(db):
    response = register(Client(), programmes=True)
    assert response.status_code == 400 and not User.objects.filter(username="an.nguyen").exists()
    assert "Không thể vận hành tài khoản" in response.content.decode()


def test_changing_a_consent_adds_a_record_and_keeps_the_old_one(db):
    client = Client()
    register(client, account=True, programmes=True)
    client.post(reverse("enterprises:consent_update"), {"consent_account": "on"})
    user = User.objects.get(username="an.nguyen")
    assert list(ConsentRecord.objects.filter(user=user, purpose="programmes").values_list("granted", flat=True)) == [False, True]


def test_register_claim_verify_edit(world, units):
    from dxtrack.accounts.models import Role, RoleAssignment

    client = Client()
    register(client, account=True)
    response = client.post(reverse("enterprises:claim_create"), {"tax_code": "0100109106"})
    assert response.status_code == 302
    claim = EnterpriseMembership.objects.get()
    assert claim.status == "pending"
    # Not yet verified: the enterprise's page is not the claimant's.
    assert client.get(reverse("enterprises:own_edit", args=[world["software"].pk])).status_code == 404
    officer = User.objects.create_user(username="canbo", password="x")
    RoleAssignment.objects.create(user=officer, role=Role.PROGRAMME_OFFICER, org_unit=units["ward_a"])
    staff = Client()
    staff.force_login(officer)
    assert "Công ty TNHH Phần mềm Đông Á" in staff.get(reverse("enterprises:claim_list")).content.decode()
    staff.post(reverse("enterprises:claim_decide", args=[claim.pk]), {"decision": "verify"})
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("verified", officer)
    page = reverse("enterprises:own_edit", args=[world["software"].pk])
    assert client.get(page).status_code == 200
    response = client.post(page, {"employees": "9", "revenue_vnd": "8000000000", "capital_vnd": ""})
    assert response.status_code == 302
    world["software"].refresh_from_db()
    assert (world["software"].employees, world["software"].size_class) == (9, "micro")  # services: ≤ 10 and 8 bn ≤ 10 bn
    assert world["software"].uses_e_contracts is None  # not pre-answered: "not known"
    client.post(page, {"employees": "9", "revenue_vnd": "8000000000", "uses_e_contracts": "true"})
    world["software"].refresh_from_db()
    assert world["software"].uses_e_contracts is True
    # And only its own: the shop of another ward stays closed to it.
    assert client.get(reverse("enterprises:own_edit", args=[world["shop"].pk])).status_code == 404


def test_an_officer_of_another_ward_cannot_verify(world, units):
    from dxtrack.accounts.models import Role, RoleAssignment

    claimant = User.objects.create_user(username="a", password="x")
    claim = EnterpriseMembership.objects.create(user=claimant, enterprise=world["software"])
    officer_b = User.objects.create_user(username="canbo_b", password="x")
    RoleAssignment.objects.create(user=officer_b, role=Role.PROGRAMME_OFFICER, org_unit=units["ward_b"])
    staff = Client()
    staff.force_login(officer_b)
    assert staff.post(reverse("enterprises:claim_decide", args=[claim.pk]), {"decision": "verify"}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_claiming_an_unknown_or_bad_tax_code_says_why(world):
    client = Client()
    register(client, account=True)
    html = client.post(reverse("enterprises:claim_create"), {"tax_code": "0314409058-000"}).content.decode()
    assert "000" in html and not EnterpriseMembership.objects.exists()
    html = client.post(reverse("enterprises:claim_create"), {"tax_code": "0100233488"}).content.decode()
    assert "không có trong danh bạ" in html


def test_a_member_applies_to_a_course_and_sees_a_voucher_refused_past_its_cap(world):
    from datetime import date

    from dxtrack.enterprises.models import Enrolment, SupportActivity, SupportProgramme

    member = User.objects.create_user(username="member", password="x")
    EnterpriseMembership.objects.create(user=member, enterprise=world["software"], status="verified")
    programme = SupportProgramme.objects.create(
        code="SME-2024", name_vi="Hỗ trợ DNNVV 2024", funding_source="NSTW", budget_vnd=140 * 10**9,
        starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31),
    )
    course = SupportActivity.objects.create(programme=programme, code="KH", kind="training_online", name_vi="Khóa học trực tuyến",
                                            budget_vnd=10**8, cost_per_enterprise_vnd=10**6)
    voucher = SupportActivity.objects.create(programme=programme, code="PH", kind="voucher", name_vi="Phiếu nền tảng",
                                             budget_vnd=10**8, cost_per_enterprise_vnd=0, fee_share="0.5",
                                             cap_per_enterprise_vnd=5 * 10**6)
    client = Client()
    client.force_login(member)
    page = reverse("enterprises:own_edit", args=[world["software"].pk])
    assert "Khóa học trực tuyến" in client.get(page).content.decode()
    client.post(reverse("enterprises:enrolment_create", args=[world["software"].pk, course.pk]))
    assert Enrolment.objects.get().amount_vnd == 10**6
    response = client.post(reverse("enterprises:enrolment_create", args=[world["software"].pk, voucher.pk]), {"fee_vnd": "20000000"}, follow=True)
    assert "vượt mức tối đa 5.000.000" in response.content.decode() and Enrolment.objects.count() == 1
