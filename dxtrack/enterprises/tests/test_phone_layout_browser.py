"""In the real Chromium, at 390 px (a phone) and 1366 px, in Vietnamese and English: the officers'
enterprise pages — the registry search, an enterprise, the programme dashboard (its sector
table in English was the one that scrolled), the enrolments, the registry import and a rejected
run — scroll sideways neither as a page nor inside a box, and axe-core finds no serious or
critical violation. Screenshots go to $DXTRACK_SCREENSHOTS when it is set."""

import pytest
from django.urls import reverse

from dxtrack.accounts.models import Role, RoleAssignment, User
from dxtrack.enterprises.models import EnterpriseImport
from dxtrack.enterprises.tests.factories import registry_world
from dxtrack.enterprises.tests.test_enterprise_browser import shot
from dxtrack.enterprises.tests.test_support_browser import _login, _programme
from dxtrack.explore.tests.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Boxes that scroll sideways: an element whose content is wider than it and that lets it scroll.
SIDEWAYS_BOXES = """() => [...document.querySelectorAll('body *')].filter(element => {
  const style = getComputedStyle(element);
  return ['auto', 'scroll'].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
}).map(element => element.tagName + '.' + element.className)"""


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_officers_enterprise_pages_fit_the_screen_and_pass_axe(live_server, page, units, width, language):
    world = registry_world(units)
    _programme(world)
    officer = User.objects.create_user(username="canbo", password="x")
    RoleAssignment.objects.create(user=officer, role=Role.PROGRAMME_OFFICER, org_unit=units["province"])
    run = EnterpriseImport.objects.create(
        created_by=officer, filename="so-dang-ky-doanh-nghiep-phuong-thu-dau-mot-thang-12-2025.csv", format="csv",
        status="rejected", rows=7, errors=[{"row": 7, "column": "tax_code", "message":
            "“0102641420” is not a valid tax code: its check digit (the 10th digit) is wrong."}],
    )
    _login(page, live_server, officer)
    # The language by its cookie: at 390 px the language buttons are in the collapsed menu.
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "registry": reverse("enterprises:registry_search"),
        "enterprise": reverse("enterprises:enterprise_detail", args=[world["shop"].pk]),
        "dashboard": reverse("enterprises:programme_dashboard", args=["SME-2024"]),
        "enrolments": reverse("enterprises:enrolment_list", args=["SME-2024"]),
        "import": reverse("enterprises:registry_import"),
        "import-run": reverse("enterprises:registry_import_job", args=[run.pk]),
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert page.evaluate(SIDEWAYS_BOXES) == [], name
        assert serious_violations(page) == [], name
        shot(page, f"{name}-{width}-{language}")
    if width == 390:  # the dashboard's breakdowns are cards on a phone, tables on a desktop
        page.goto(live_server.url + pages["dashboard"])
        assert page.locator('[data-breakdown-cards="sector"] [data-row]').count() >= 1
        assert not page.locator('[data-breakdown="sector"]').is_visible()
