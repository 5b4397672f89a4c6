"""The overview page: what it shows, and who may see it (personas in accounts/tests/personas.py)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
from dxtrack.reporting.services import value_record


@pytest.fixture
def programme(units) -> Programme:
    programme = Programme.objects.create(
        code="KH-01/UBND", title_vi="Kế hoạch thử", title_en="Test plan", horizon_start=2022, horizon_end=2030,
        area=units["province"], is_public=False,
    )
    pillar = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số", name_en="Digital government")
    share = Indicator.objects.create(
        programme=programme, pillar=pillar, code="S-1", name_vi="Tỷ lệ hồ sơ trực tuyến", name_en="Records online",
        unit="%", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
        natural_limit=Decimal(100),
    )
    Target.objects.create(indicator=share, deadline="2025-12-31", comparator=">=", value=Decimal(80))
    value_record(indicator=share, org_unit=units["ward_a"], period="2024", numerator=Decimal(900), denominator=Decimal(1000))
    value_record(indicator=share, org_unit=units["ward_b"], period="2024", numerator=Decimal(100), denominator=Decimal(1000))
    return programme


def _url(programme: Programme) -> str:
    return reverse("dashboards:programme_overview", args=[programme.code])


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_overview_rolls_up_numerators_and_denominators_not_percentages(english, client, leader, programme):
    client.force_login(leader)
    response = client.get(_url(programme))
    assert response.status_code == 200
    html = response.content.decode()
    # (900 + 100) / (1000 + 1000) = 50%, not the mean of 90% and 10% by accident of equal sizes:
    # the test below with unequal denominators is the one that tells them apart.
    assert "50%" in html
    assert "2/2 units reported" in html
    assert 'data-status="not_met"' in html


def test_unequal_wards_are_weighted_by_their_denominators(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_b"], period="2024", numerator=Decimal(10), denominator=Decimal(100))
    client.force_login(leader)
    html = client.get(_url(programme)).content.decode()
    assert "82.7%" in html  # 910 / 1100, where the mean of 90% and 10% would say 50%


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client, leader, programme):
    client.force_login(leader)
    response = client.get(_url(programme), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()


def test_numbers_are_localised(client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_b"], period="2024", numerator=Decimal(10), denominator=Decimal(100))
    client.force_login(leader)
    assert "82,7%" in client.get(_url(programme)).content.decode()


def test_officer_and_ward_reporters_of_the_area_may_see_a_non_public_programme(client, officer, reporter_a, reporter_b, programme):
    for person in (officer, reporter_a, reporter_b):
        client.force_login(person)
        assert client.get(_url(programme)).status_code == 200


def test_an_enterprise_user_cannot_see_a_non_public_programme(client, enterprise, programme):
    client.force_login(enterprise)
    assert client.get(_url(programme)).status_code == 404
    assert programme.code not in client.get(reverse("dashboards:home")).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_non_public_programme(client, programme):
    response = client.get(_url(programme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anyone_may_see_a_public_programme(client, programme):
    programme.is_public = True
    programme.save()
    assert client.get(_url(programme)).status_code == 200
    assert programme.code in client.get(reverse("dashboards:home")).content.decode()


def test_an_unknown_programme_is_not_found(client, leader, units):
    client.force_login(leader)
    assert client.get(reverse("dashboards:programme_overview", args=["NO-SUCH"])).status_code == 404


def test_user_text_is_escaped(english, client, leader, programme):
    programme.title_en = '<script>alert("x")</script>'
    programme.save()
    client.force_login(leader)
    html = client.get(_url(programme)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_unapproved_values_are_shown_only_to_officers_who_ask_marked_then_approval_shows_at_once(
    client, leader, units, reporter_a, approver,
):
    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.models import FormIndicator, ReportingForm
    from dxtrack.reporting.workflow import Entry, submission_approve, submission_save

    programme = Programme.objects.create(code="KH-02", title_vi="Kế hoạch", horizon_start=2022, horizon_end=2030, area=units["province"])
    pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")
    count = Indicator.objects.create(
        programme=programme, pillar=pillar, code="N", name_vi="Số", value_type="count", unit_aggregation="sum", period_aggregation="last"
    )
    Target.objects.create(indicator=count, deadline="2025-12-31", comparator=">=", value=Decimal(10))
    form = ReportingForm.objects.create(programme=programme, code="BM", name_vi="Biểu", unit_level="commune")
    FormIndicator.objects.create(form=form, indicator=count)
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=submission, entries=[Entry(indicator=count, value=Decimal(12))], user=reporter_a, submit=True)
    client.force_login(leader)
    html = client.get(_url(programme)).content.decode()
    assert 'data-indicator="N" data-status="no_data"' in html  # the default figures are approved ones
    html = client.get(_url(programme) + "?unapproved=1").content.decode()
    assert ">12<" in html and 'data-unapproved="1"' in html
    client.force_login(reporter_a)  # a reporter may not opt in: the page shows approved values
    assert 'data-indicator="N" data-status="no_data"' in client.get(_url(programme) + "?unapproved=1").content.decode()
    submission_approve(submission=submission, user=approver)
    html = client.get(_url(programme)).content.decode()
    assert ">12<" in html and "data-unapproved" not in html


def test_a_later_less_complete_year_is_shown_beside_the_judged_one_as_provisional(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2025", numerator=Decimal(99), denominator=Decimal(100))
    client.force_login(leader)
    with time_machine.travel(date(2025, 6, 1), tick=False):
        html = client.get(_url(programme)).content.decode()
    # Judged on 2024 (both wards: 1000 / 2000); 2025 has one ward of two so far.
    assert 'data-indicator="S-1" data-status="not_met"' in html and ">50%<" in html
    assert "provisional 2025: 99% · 1/2 units" in html


def test_as_of_a_date_shows_the_programme_as_it_stood(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    with time_machine.travel(date(2023, 12, 20), tick=False):
        value_record(indicator=indicator, org_unit=units["ward_a"], period="2023", numerator=Decimal(90), denominator=Decimal(100))
        value_record(indicator=indicator, org_unit=units["ward_b"], period="2023", numerator=Decimal(70), denominator=Decimal(100))
    client.force_login(leader)
    html = client.get(_url(programme) + "?as_of=2023-12-31").content.decode()
    assert ">80%<" in html and 'data-status="met"' in html  # 160 / 200 in 2023; 2024 had not ended
    assert 'data-as-of="2023-12-31"' in html


@pytest.mark.parametrize("as_of", ["31/12/2024", "2024-13-01", "2021-12-31"])
def test_a_malformed_or_too_early_as_of_is_a_bad_request_saying_why(client, leader, programme, as_of):
    client.force_login(leader)
    response = client.get(_url(programme), {"as_of": as_of})
    assert response.status_code == 400
    assert "2022" in response.content.decode() or "YYYY-MM-DD" in response.content.decode()
