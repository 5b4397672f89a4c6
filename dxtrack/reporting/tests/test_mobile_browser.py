"""Reporting's working pages on a phone and on a desktop, in both languages: "My forms", the
entry grid, the value and form histories, the overdue list (with its Remind button) and the
template page fit the width (no sideways scrolling: wide tables scroll in their own box) and
axe-core finds no serious or critical violation (the helper of the explore browser tests)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment
from dxtrack.explore.tests.axe import serious_violations
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.models import DataValue
from dxtrack.reporting.services import value_record
from dxtrack.reporting.tests.test_entry_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_and_passes_axe(page, width: int) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    violations = serious_violations(page)
    assert violations == [], page.url + "\n" + "\n".join(violations)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_reporters_pages_fit_the_screen_and_pass_axe(live_server, page, ward_form, units, reporter_a, width, language):
    RoleAssignment.objects.create(user=reporter_a, role=Role.PROGRAMME_OFFICER, org_unit=units["district"])
    submission = submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    cb = ward_form.programme.indicators.get(code="CB")
    for number in (40, 42):
        value_record(indicator=cb, org_unit=units["ward_a"], period="2024", value=Decimal(number), submission=submission,
                     recorded_by=reporter_a, reason="correction", note="Số liệu của phòng Nội vụ, đã đối chiếu")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    _log_in(page, live_server, "reporter_a")  # at the default width: the log-out button is then in sight
    page.set_viewport_size({"width": width, "height": 844})
    pages = [
        reverse("reporting:submission_list"),
        reverse("reporting:entry", args=[submission.pk]),
        reverse("reporting:submission_history", args=[submission.pk]),
        reverse("reporting:value_history", args=[DataValue.objects.get(indicator=cb).pk]),
        reverse("reporting:overdue_list") + "?since=2025-01-01",  # the 2024 form, due in January 2025
        reverse("reporting:completeness_index"),
        reverse("reporting:form_completeness", args=[ward_form.code, "2024"]),
        reverse("reporting:import_template"),
        reverse("reporting:import_upload"),
        reverse("reporting:notification_list"),
    ]
    for path in pages:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        fits_and_passes_axe(page, width)

    # The officer's Remind button, twice: sent, then "already sent"; the page still fits.
    page.goto(live_server.url + reverse("reporting:overdue_list") + "?since=2025-01-01")
    buttons = page.locator("form[data-remind] button")
    assert buttons.count() == 2  # wards A (draft) and B (not started), both late
    buttons.nth(0).click()
    page.wait_for_load_state()
    fits_and_passes_axe(page, width)
    page.locator("form[data-remind] button").nth(0).click()
    page.wait_for_load_state()
    assert page.locator(".alert").count() == 1
    fits_and_passes_axe(page, width)


def _shot(page, name: str) -> None:
    """A screenshot for a person to look at, when SHOTS_DIR names a folder (never in CI)."""
    import os

    folder = os.environ.get("SHOTS_DIR")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_overdue_list_and_my_forms_are_cards_on_a_phone_and_a_dense_table_on_a_desktop(
    live_server, page, ward_form, units, reporter_a, width, language
):
    RoleAssignment.objects.create(user=reporter_a, role=Role.PROGRAMME_OFFICER, org_unit=units["district"])
    submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    _log_in(page, live_server, "reporter_a")
    page.set_viewport_size({"width": width, "height": 844})
    for name, path, rows in [
        ("overdue", reverse("reporting:overdue_list") + "?since=2025-01-01", "tr[data-unit]"),
        ("my-forms", reverse("reporting:submission_list"), "tr[data-submission]"),
    ]:
        page.goto(live_server.url + path)
        fits_and_passes_axe(page, width)
        assert page.locator(".table-responsive").count() == 0  # no table in a scroll box
        displays = page.locator(rows).evaluate_all("rows => rows.map(row => getComputedStyle(row).display)")
        assert displays, name
        assert set(displays) == ({"block"} if width < 768 else {"table-row"}), name
        if width < 768:
            # Each card line names its column in the page's language.
            label = page.locator(f"{rows} td[data-label]").first.get_attribute("data-label")
            assert label == {"vi": {"overdue": "Trực thuộc", "my-forms": "Đơn vị"}, "en": {"overdue": "Part of", "my-forms": "Unit"}}[language][name]
        _shot(page, f"{name}-{width}-{language}")


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_template_pages_unit_picker_is_a_type_ahead_and_fits(live_server, page, ward_form, units, officer, width, language):
    """Typing part of a name refills the unit list from the JSON endpoint (a static script:
    no CSP violation), a single match is chosen; the page fits and passes axe."""
    from dxtrack.orgunits.models import OrgUnitKind
    from dxtrack.orgunits.services import orgunit_upsert

    for number in range(60):
        orgunit_upsert(code=f"3{number:04d}", kind=OrgUnitKind.COMMUNE, name_vi=f"Phường Số {number}",
                       name_en=f"Ward No {number}", parent=units["district"], valid_to=units["district"].valid_to)
    violations: list[str] = []
    # Script violations only: axe-core, injected by the test, applies inline styles of its own.
    page.on("console", lambda message: violations.append(message.text) if "script-src" in message.text else None)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    _log_in(page, live_server, "officer")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("reporting:import_template"))
    fits_and_passes_axe(page, width)
    assert page.locator("select[name=unit] option[value]:not([value=''])").count() == 50
    page.locator("[data-unit-search]").fill("59")
    from playwright.sync_api import expect

    expect(page.locator("select[name=unit] option[value]:not([value=''])")).to_have_count(1)  # no eval: the CSP forbids it
    assert page.locator("select[name=unit]").input_value() == "30059"
    assert page.locator("[data-unit-count]").inner_text() == {"vi": "Số đơn vị tìm thấy: 1.", "en": "Units found: 1."}[language]
    fits_and_passes_axe(page, width)
    assert violations == []
    _shot(page, f"template-picker-{width}-{language}")


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_overdue_lists_escalate_button_fits_and_passes_axe_before_and_after_a_click(
    live_server, page, ward_form, units, reporter_a, leader, width, language
):
    """The officer escalates ward A's late form to the province's leader: sent once, the second
    click says when; the buttons wrap inside their cell and the page never scrolls sideways."""
    RoleAssignment.objects.create(user=reporter_a, role=Role.PROGRAMME_OFFICER, org_unit=units["district"])
    submission_ensure(form=ward_form, org_unit=units["ward_a"], period="2024")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    _log_in(page, live_server, "reporter_a")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("reporting:overdue_list") + "?since=2025-01-01")
    fits_and_passes_axe(page, width)
    escalate = page.locator("tr[data-unit] form[data-escalate] button").first
    assert escalate.is_visible() and escalate.get_attribute("aria-label")
    box = escalate.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    escalate.click()
    page.wait_for_load_state()
    sent = page.locator(".alert").inner_text()
    assert "leader" in sent  # the recipient's user name
    fits_and_passes_axe(page, width)
    _shot(page, f"overdue-escalated-{width}-{language}")
    page.locator("tr[data-unit] form[data-escalate] button").first.click()
    page.wait_for_load_state()
    assert page.locator(".alert").count() == 1 and page.locator(".alert").inner_text() != sent  # "already escalated at …"
    fits_and_passes_axe(page, width)
