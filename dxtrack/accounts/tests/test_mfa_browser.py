"""Two-step login in Chromium, as an approver (whose role requires it) goes through it: enrols
from the key shown as text, logs out, logs in with a code, logs in once with a recovery code
(a second use is refused), and a wrong code is refused and counted toward the lockout — on a
phone (390 px) and a desktop (1366 px), in Vietnamese and English; every page fits the width
and axe-core finds no serious or critical violation."""

import pyotp
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dxtrack.accounts.models import RecoveryCode, TotpDevice
from dxtrack.reporting.tests.test_mobile_browser import fits_and_passes_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple"
WRONG = {"vi": "Mã này sai hoặc đã được dùng", "en": "This code is wrong or was already used"}
LOCKED = {"vi": "Đăng nhập sai quá nhiều lần", "en": "Too many failed logins"}


def _password_step(page, live_server) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", "approver")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _code(page, code: str) -> None:
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _next_totp(secret: str) -> str:
    """A code for a time step not used yet (each step logs in once; the window accepts the next)."""
    totp, device = pyotp.TOTP(secret), TotpDevice.objects.get(user__username="approver")
    return totp.generate_otp(max(totp.timecode(timezone.now()), device.last_time_step + 1))


def _logged_in(page, live_server, width: int) -> None:
    """Logged in (on the home page), then log out: at a desktop's width, where the button is
    in sight (on a phone it is inside the collapsed menu, as in the reporting browser tests)."""
    page.wait_for_url(live_server.url + "/")
    page.set_viewport_size({"width": 1366, "height": 844})
    page.locator("form[action$='/logout/'] button").click()
    expect(page.locator("form[action$='/logout/'] button")).to_have_count(0)
    page.set_viewport_size({"width": width, "height": 844})


def _wrong_totp(secret: str) -> str:
    """Six digits that no time step of the window accepts (a wrong code, checked as a code: a
    wrong recovery code is checked against every stored hash, seconds on a loaded machine)."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(timezone.now())
    accepted = {totp.generate_otp(step) for step in range(now - 2, now + 3)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in accepted)


def _failures() -> int:
    return sum(AccessAttempt.objects.filter(username="approver").values_list("failures_since_start", flat=True))


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_approver_enrols_logs_in_with_a_code_and_a_recovery_code_once(live_server, page, approver, width, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page.set_viewport_size({"width": width, "height": 844})

    # Enrolment: the role requires it, so the password leads to it; the key is shown as text too.
    _password_step(page, live_server)
    assert "/accounts/login/enrol/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    fits_and_passes_axe(page, width)
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    _code(page, pyotp.TOTP(secret).now())
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == RecoveryCode.objects.filter(user=approver).count() >= 5
    fits_and_passes_axe(page, width)
    page.locator("main a.btn").click()  # "Continue"
    _logged_in(page, live_server, width)

    # A wrong code is refused, said so, and counted as a failed login.
    _password_step(page, live_server)
    assert "/accounts/login/code/" in page.url
    fits_and_passes_axe(page, width)
    _code(page, _wrong_totp(secret))
    expect(page.locator("#code-error")).to_contain_text(WRONG[language])
    fits_and_passes_axe(page, width)
    assert _failures() == 1
    _code(page, _next_totp(secret))  # then the right one logs in
    _logged_in(page, live_server, width)

    # A recovery code logs in once; the second time it is refused and counted.
    _password_step(page, live_server)
    _code(page, codes[0])
    _logged_in(page, live_server, width)
    assert RecoveryCode.objects.filter(user=approver, used_at__isnull=False).count() == 1
    _password_step(page, live_server)
    _code(page, codes[0])
    expect(page.locator("#code-error")).to_contain_text(WRONG[language])
    assert _failures() == 1  # the successful logins reset the count

    # Four more wrong codes make five: the lockout page, and the right code no longer helps.
    for _ in range(4):
        _code(page, _wrong_totp(secret))
    expect(page.locator("h1")).to_have_text(LOCKED[language])
    fits_and_passes_axe(page, width)
    assert _failures() == 5
    page.goto(live_server.url + reverse("accounts:mfa_verify"))
    expect(page.locator("h1")).to_have_text(LOCKED[language])
