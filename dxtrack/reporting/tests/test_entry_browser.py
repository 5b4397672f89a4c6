"""A ward reporter fills and submits a form in Chromium; the approver returns it, then approves it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dxtrack.accounts.tests.mfa_browser import pass_second_step
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue, Submission, SubmissionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"


def _log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    pass_second_step(page, username)
    page.wait_for_url(live_server.url + "/")
    expect(page.locator("form[action$='/logout/'] button")).to_be_visible()


def _log_out(page) -> None:
    page.locator("form[action$='/logout/'] button").click()
    expect(page.locator("form[action$='/logout/'] button")).to_have_count(0)


def test_a_ward_reporter_submits_and_the_approver_returns_then_approves(live_server, page, ward_form, units, reporter_a, approver):
    submission = submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    ids = {i.code: i.pk for i in ward_form.programme.indicators.all()}
    entry_url = live_server.url + reverse("reporting:entry", args=[submission.pk])

    _log_in(page, live_server, "reporter_a")
    page.goto(entry_url)
    page.fill(f"#i{ids['HS-TT']}-numerator", "45")
    page.fill(f"#i{ids['HS-TT']}-denominator", "48")
    # The percentage appears as the reporter types, in Vietnamese notation.
    expect(page.locator("tr[data-indicator='HS-TT'] output")).to_have_text("93,75%")
    page.locator(f"#i{ids['HS-TT']}-denominator").press("Enter")  # Enter moves on, it does not submit
    expect(page.locator(f"[name='i{ids['HS-TT']}-note']")).to_be_focused()
    page.fill(f"#i{ids['CB']}-value", "40")
    page.fill(f"#i{ids['CB-DT']}-value", "30,0")
    page.locator("button[value=submit]").click()
    page.wait_for_url(entry_url)
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "submitted")
    _log_out(page)

    _log_in(page, live_server, "approver")
    page.goto(entry_url)
    page.fill("#comment", "Kiểm tra lại số cán bộ được tập huấn")
    page.locator("button[value=return]").click()
    page.wait_for_url(entry_url)
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "returned")
    _log_out(page)

    _log_in(page, live_server, "reporter_a")
    page.goto(entry_url)
    expect(page.get_by_text("Kiểm tra lại số cán bộ được tập huấn")).to_be_visible()
    page.fill(f"#i{ids['CB-DT']}-value", "28")
    page.locator("button[value=submit]").click()
    page.wait_for_url(entry_url)
    # The resubmission took: submitted again, with the corrected figure kept in the form.
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "submitted")
    expect(page.locator(f"#i{ids['CB-DT']}-value")).to_have_value("28")
    _log_out(page)

    _log_in(page, live_server, "approver")
    page.goto(entry_url)
    page.locator("button[value=approve]").click()
    page.wait_for_url(entry_url)
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "approved")

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.status == SubmissionStatus.APPROVED
    assert DataValue.objects.get(indicator__code="CB-DT").value == 28
    assert DataValue.objects.get(indicator__code="HS-TT").value == Decimal("93.75")
