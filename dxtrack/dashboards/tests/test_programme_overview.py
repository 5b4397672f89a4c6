"""The overview page: what it shows, and who may see it (personas in accounts/tests/personas.py)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dxtrack.common.tests.pages import attr, every, one, page, text
from dxtrack.dashboards.tests.overview_page import (
    figure,
    later,
    period_line,
    summary,
    target_rows,
    with_class,
)
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


def _row(client, url: str, code: str):
    return target_rows(page(client.get(url)))[code]


def _listed(client) -> list[str]:
    """The programmes the home page links to."""
    home = page(client.get(reverse("dashboards:home")))
    return [attr(link, "href") for link in with_class(home, "list-group-item", tag="a")]


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_overview_rolls_up_numerators_and_denominators_not_percentages(english, client, leader, programme):
    client.force_login(leader)
    response = client.get(_url(programme))
    assert response.status_code == 200
    root = page(response)
    row = target_rows(root)["S-1"]
    # (900 + 100) / (1000 + 1000) = 50%, not the mean of 90% and 10% by accident of equal sizes:
    # the test below with unequal denominators is the one that tells them apart.
    assert figure(row) == "50%"
    assert period_line(row) == "2024 · 2/2 units reported · rolled up"
    assert attr(row, "data-status") == "not_met"
    assert summary(root)["not_met"] == "1 not met"


def test_unequal_wards_are_weighted_by_their_denominators(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_b"], period="2024", numerator=Decimal(10), denominator=Decimal(100))
    client.force_login(leader)
    assert figure(_row(client, _url(programme), "S-1")) == "82.7%"  # 910 / 1100, where the mean of 90% and 10% would say 50%


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client, leader, programme):
    client.force_login(leader)
    response = client.get(_url(programme), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert attr(one(page(response), tag="html"), "lang") == "vi"


def test_numbers_are_localised(client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_b"], period="2024", numerator=Decimal(10), denominator=Decimal(100))
    client.force_login(leader)
    assert figure(_row(client, _url(programme), "S-1")) == "82,7%"


def test_officer_and_ward_reporters_of_the_area_may_see_a_non_public_programme(client, officer, reporter_a, reporter_b, programme):
    for person in (officer, reporter_a, reporter_b):
        client.force_login(person)
        assert client.get(_url(programme)).status_code == 200


def test_an_enterprise_user_cannot_see_a_non_public_programme(client, enterprise, programme):
    client.force_login(enterprise)
    assert client.get(_url(programme)).status_code == 404
    assert _url(programme) not in _listed(client)
    assert programme.code not in client.get(reverse("dashboards:home")).content.decode()  # nowhere on the page


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_non_public_programme(client, programme):
    response = client.get(_url(programme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anyone_may_see_a_public_programme(client, programme):
    programme.is_public = True
    programme.save()
    assert client.get(_url(programme)).status_code == 200
    assert _listed(client) == [_url(programme)]


def test_an_unknown_programme_is_not_found(client, leader, units):
    client.force_login(leader)
    assert client.get(reverse("dashboards:programme_overview", args=["NO-SUCH"])).status_code == 404


def test_user_text_is_escaped(english, client, leader, programme):
    programme.title_en = '<script>alert("x")</script>'
    programme.save()
    client.force_login(leader)
    root = page(client.get(_url(programme)))
    assert text(one(root, tag="h1")) == '<script>alert("x")</script>'  # shown as text
    assert [text(script) for script in every(root, tag="script") if 'alert("x")' in text(script)] == []


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
    url = _url(programme)
    row = _row(client, url, "N")
    assert attr(row, "data-status") == "no_data"  # the default figures are approved ones
    assert with_class(row, "value", tag="span") == [] and every(row, data_unapproved=...) == []
    row = _row(client, url + "?unapproved=1", "N")
    assert figure(row) == "12"
    assert attr(one(row, data_unapproved=...), "data-unapproved") == "1"
    client.force_login(reporter_a)  # a reporter may not opt in: the page shows approved values
    assert attr(_row(client, url + "?unapproved=1", "N"), "data-status") == "no_data"
    submission_approve(submission=submission, user=approver)
    row = _row(client, url, "N")
    assert figure(row) == "12"
    assert every(row, data_unapproved=...) == []


def test_a_later_less_complete_year_is_shown_beside_the_judged_one_as_provisional(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    value_record(indicator=indicator, org_unit=units["ward_a"], period="2025", numerator=Decimal(99), denominator=Decimal(100))
    client.force_login(leader)
    with time_machine.travel(date(2025, 6, 1), tick=False):
        row = _row(client, _url(programme), "S-1")
    # Judged on 2024 (both wards: 1000 / 2000); 2025 has one ward of two so far.
    assert (attr(row, "data-status"), figure(row)) == ("not_met", "50%")
    kind, shown = later(row)
    assert kind == "provisional"
    assert shown.startswith("provisional 2025: 99% · 1/2 units")


def test_as_of_a_date_shows_the_programme_as_it_stood(english, client, leader, programme, units):
    indicator = programme.indicators.get()
    with time_machine.travel(date(2023, 12, 20), tick=False):
        value_record(indicator=indicator, org_unit=units["ward_a"], period="2023", numerator=Decimal(90), denominator=Decimal(100))
        value_record(indicator=indicator, org_unit=units["ward_b"], period="2023", numerator=Decimal(70), denominator=Decimal(100))
    client.force_login(leader)
    root = page(client.get(_url(programme) + "?as_of=2023-12-31"))
    row = target_rows(root)["S-1"]
    assert (figure(row), attr(row, "data-status")) == ("80%", "met")  # 160 / 200 in 2023; 2024 had not ended
    assert attr(one(root, data_as_of=...), "data-as-of") == "2023-12-31"


@pytest.mark.parametrize(("as_of", "reason"), [
    ("31/12/2024", "as_of cần một ngày viết theo dạng YYYY-MM-DD (ví dụ 2024-12-31); “31/12/2024” không phải là ngày hợp lệ."),
    ("2024-13-01", "as_of cần một ngày viết theo dạng YYYY-MM-DD (ví dụ 2024-12-31); “2024-13-01” không phải là ngày hợp lệ."),
    ("2021-12-31", "Chương trình KH-01/UBND bắt đầu từ ngày 01/01/2022; chưa có gì để hiển thị tính đến ngày 31/12/2021."),
])
def test_a_malformed_or_too_early_as_of_is_a_bad_request_saying_why(client, leader, programme, as_of, reason):
    client.force_login(leader)
    response = client.get(_url(programme), {"as_of": as_of})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == reason
