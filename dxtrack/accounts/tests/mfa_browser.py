"""Browser tests' second login step: people who must use MFA (approvers, staff) pass it the way
a person does, with the key the enrolment page shows (or their stored device's secret)."""

import pyotp
from django.utils import timezone

from dxtrack.accounts.models import TotpDevice


def pass_second_step(page, username: str) -> None:
    """Call after submitting the password; does nothing for people without MFA."""
    page.wait_for_load_state()
    if "/accounts/login/enrol/" in page.url:
        secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
        page.fill("#id_code", pyotp.TOTP(secret).now())
        page.click("main button[type=submit]")
        page.click("main a.btn")  # "Continue", below the recovery codes
    elif "/accounts/login/code/" in page.url:
        device = TotpDevice.objects.get(user__username=username)
        totp = pyotp.TOTP(device.secret)
        # Each time step is accepted once: a second login within 30 s uses the next step's code.
        step = max(totp.timecode(timezone.now()), device.last_time_step + 1)
        page.fill("#id_code", totp.generate_otp(step))
        page.click("main button[type=submit]")
