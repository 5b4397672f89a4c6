"""The second factor: TOTP (an authenticator app) and single-use recovery codes.

Who must use it: superusers, staff, and anyone holding a role listed in
DXTRACK_MFA_REQUIRED_ROLES (default: approver). Anyone with a confirmed authenticator is asked
for a code too. The login view calls `mfa_begin` after the password; the person is logged in
only by `mfa_verify_view`/`mfa_enrol_view` (dxtrack/accounts/mfa_views.py), so no page is
reachable between the two steps: the session is not authenticated until then.
"""

import hmac
import secrets
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.models import RecoveryCode, Role, RoleAssignment, TotpDevice, User
from dxtrack.audit.models import Outcome
from dxtrack.audit.services import audit_record

ISSUER = "dxtrack"
RECOVERY_CODE_COUNT = 10
# One time step (30 s) either side: a phone's clock a little off still works.
VALID_WINDOW = 1


class MfaAction:
    ENROLLED = "mfa.enrolled"
    VERIFIED = "mfa.verified"
    FAILED = "mfa.failed"
    RECOVERY_USED = "mfa.recovery_code_used"
    RESET = "mfa.reset"
    DISABLED = "mfa.disabled"
    RECOVERY_REGENERATED = "mfa.recovery_codes_regenerated"


# A new secret travels to the browser (it is shown anyway) and back in a signed hidden field, so
# showing the enrolment page stores nothing, and a secret made for one person or too long ago
# is refused.
ENROLMENT_SALT = "dxtrack.accounts.mfa.enrolment"
ENROLMENT_MAX_AGE = 10 * 60


def mfa_required_roles() -> list[str]:
    return list(getattr(settings, "DXTRACK_MFA_REQUIRED_ROLES", [Role.APPROVER]))


def mfa_required(user: User) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    return RoleAssignment.objects.filter(user=user, role__in=mfa_required_roles()).exists()


def mfa_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed=True).first()


def mfa_enabled(user: User) -> bool:
    """Whether a login of `user` needs a second step (a code, or enrolment first)."""
    return mfa_device(user) is not None or mfa_required(user)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The provisioning link as a QR code in a data: URI (an <img>; CSP allows data: images,
    and no script is needed to draw it)."""
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def enrolment_sign(user: User, secret: str) -> str:
    return signing.dumps({"user": user.pk, "secret": secret}, salt=ENROLMENT_SALT)


def enrolment_secret(user: User, signed: str) -> str | None:
    """The secret `enrolment_sign` made for `user` in the last ENROLMENT_MAX_AGE seconds, or None."""
    try:
        value = signing.loads(signed, salt=ENROLMENT_SALT, max_age=ENROLMENT_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return value["secret"] if value.get("user") == user.pk else None


def secret_grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, code: str) -> int | None:
    """The time step `code` is valid for now (within the window), or None."""
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(timezone.now())
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def mfa_enrol(*, user: User, secret: str, code: str, request: Any = None) -> list[str] | None:
    """Confirm an authenticator with its first code; return the new recovery codes, or None."""
    step = _matching_step(secret, _clean(code))
    if step is None:
        audit_record(actor=None, action=MfaAction.FAILED, outcome=Outcome.FAILED, obj=user, request=request,
                     details={"step": "enrolment"})
        return None
    now = timezone.now()
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        TotpDevice.objects.create(user=user, secret=secret, confirmed=True, created_at=now,
                                  last_time_step=step, last_used_at=now)
        codes = _recovery_codes_replace(user)
        audit_record(actor=user, action=MfaAction.ENROLLED, obj=user, request=request)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=make_password(_clean(c))) for c in codes])
    return codes


def mfa_verify(*, user: User, code: str, request: Any = None) -> bool:
    """Check a TOTP code (refusing one already used) or a recovery code (used up)."""
    cleaned = _clean(code)
    device = mfa_device(user)
    if device is not None and cleaned.isdigit() and len(cleaned) == 6:
        step = _matching_step(device.secret, cleaned)
        # Conditional update: of two requests with the same code, only one moves the step.
        if step is not None and TotpDevice.objects.filter(pk=device.pk, last_time_step__lt=step).update(
            last_time_step=step, last_used_at=timezone.now()
        ):
            audit_record(actor=user, action=MfaAction.VERIFIED, obj=user, request=request)
            return True
        reason = "reused" if step is not None else "wrong"
    else:
        for recovery in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
            if check_password(cleaned, recovery.code_hash) and RecoveryCode.objects.filter(
                pk=recovery.pk, used_at__isnull=True
            ).update(used_at=timezone.now()):
                left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                audit_record(actor=user, action=MfaAction.RECOVERY_USED, obj=user, request=request,
                             details={"left": left})
                return True
        reason = "wrong recovery code"
    audit_record(action=MfaAction.FAILED, outcome=Outcome.FAILED, obj=user, request=request, details={"reason": reason})
    return False


def mfa_reset(*, user: User, by: User, request: Any = None) -> None:
    """Remove the authenticator and recovery codes: the person enrols again at the next login."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(actor=by, action=MfaAction.RESET, obj=user, request=request)


def mfa_disable(*, user: User, request: Any = None) -> None:
    """Turn off a voluntary authenticator (the caller checked the password, a code and that the
    person's role does not require it)."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(actor=user, action=MfaAction.DISABLED, obj=user, request=request)


def mfa_recovery_regenerate(*, user: User, request: Any = None) -> list[str]:
    """New recovery codes (the old ones stop working); shown once by the caller."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        audit_record(actor=user, action=MfaAction.RECOVERY_REGENERATED, obj=user, request=request,
                     details={"count": len(codes)})
    return codes
