"""Registry search on the page and in the API: accent-insensitive names, MST, sector, ward,
size; personal IDs masked in lists and their full showing audited."""

import pytest
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.tokens import token_create
from dxtrack.audit.models import AuditEvent
from dxtrack.enterprises.selectors import RegistryQuery, enterprise_list_for_user, enterprise_search
from dxtrack.enterprises.tests.factories import registry_world


@pytest.fixture
def world(units):
    return registry_world(units)


def names(leader, **query) -> list[str]:
    return [e.name_vi for e in enterprise_search(enterprise_list_for_user(leader), RegistryQuery(**query))]


def test_cong_ty_finds_cong_ty_with_its_accents(world, leader):
    assert names(leader, text="cong ty") == ["Chi nhánh Công ty Cổ phần Bình An", "Công ty TNHH Phần mềm Đông Á"]
    assert names(leader, text="DONG A") == ["Công ty TNHH Phần mềm Đông Á"]  # đ is d, case ignored
    assert names(leader, text="Đông Á phần mềm") == ["Công ty TNHH Phần mềm Đông Á"]  # every word, any order


def test_search_by_tax_code_sector_ward_and_size(world, leader):
    assert names(leader, text="0314409058-002") == ["Chi nhánh Công ty Cổ phần Bình An"]
    assert names(leader, text="0100") == ["Công ty TNHH Phần mềm Đông Á"]
    assert names(leader, vsic="62") == ["Công ty TNHH Phần mềm Đông Á"]
    assert names(leader, ward="25750") == ["Chi nhánh Công ty Cổ phần Bình An", "Hộ kinh doanh Nguyễn Văn A"]
    assert names(leader, size="micro") == ["Hộ kinh doanh Nguyễn Văn A"]
    assert names(leader, it_only=True) == ["Công ty TNHH Phần mềm Đông Á"]


def test_a_reporter_sees_only_the_enterprises_of_the_ward_theirs_became(world, reporter_a, reporter_b):
    assert names(reporter_a) == ["Công ty TNHH Phần mềm Đông Á"]
    assert names(reporter_b) == ["Chi nhánh Công ty Cổ phần Bình An", "Hộ kinh doanh Nguyễn Văn A"]


def test_the_page_lists_matches_with_the_personal_id_masked(world, leader):
    client = Client()
    client.force_login(leader)
    html = client.get(reverse("enterprises:registry_search"), {"q": "ho kinh doanh"}).content.decode()
    assert "Hộ kinh doanh Nguyễn Văn A" in html and "079*******34" in html and "079203001234" not in html
    assert "1 doanh nghiệp" in html


def test_reading_a_personal_id_in_full_is_audited(world, leader):
    client = Client()
    client.force_login(leader)
    response = client.get(reverse("enterprises:enterprise_detail", args=[world["household"].pk]))
    assert "079203001234" in response.content.decode()
    event = AuditEvent.objects.get(action="enterprises.personal_id_view")
    assert (event.actor, event.object_id) == (leader, str(world["household"].pk))
    client.get(reverse("enterprises:enterprise_detail", args=[world["software"].pk]))
    assert AuditEvent.objects.filter(action="enterprises.personal_id_view").count() == 1  # an MST is not personal data


def test_the_api_lists_what_the_page_lists(world, reporter_b):
    _token, plain = token_create(user=reporter_b, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    body = client.get("/api/v1/enterprises", {"q": "cong ty"}).json()
    assert body["count"] == 1 and body["items"][0]["tax_code"] == "0314409058-002"
    assert body["items"][0]["ward"] == "25750" and body["items"][0]["ward_before_2025"] == "25741"
    household = client.get("/api/v1/enterprises", {"size": "micro"}).json()["items"][0]
    assert household["tax_code"] == "079*******34"
    assert client.get("/api/v1/enterprises/0100109106").status_code == 404  # ward A's: not reporter B's


def test_the_registry_pages_by_fifty_on_the_shared_pager(units, leader):
    from dxtrack.enterprises.tests.factories import _enterprise, todays_wards

    ward = todays_wards(units)["thu_dau_mot"]
    for n in range(51):
        _enterprise(tax_code=f"9{n:09d}", name_vi=f"Công ty {n:02d}", legal_form="tnhh1", vsic="4711",
                    employees=3, size_class="micro", ward=ward, ward_input="25747")
    client = Client()
    client.force_login(leader)
    url = reverse("enterprises:registry_search")
    first = client.get(url, {"q": "cong ty"})
    assert len(first.context["page"].object_list) == 50
    html = first.content.decode()
    assert "data-pager" in html and "?q=cong+ty&amp;page=2" in html  # the shared pager keeps the search
    last = client.get(url, {"q": "cong ty", "page": 2})
    assert [e.name_vi for e in last.context["page"]] == ["Công ty 50"]
    assert client.get(url, {"q": "cong ty", "page": 9}).context["page"].number == 2  # past the end: the last page
    for malformed in ("x", "0", "-1", "２"):
        response = client.get(url, {"q": "cong ty", "page": malformed})
        assert response.status_code == 400 and "page" in response.content.decode()
