"""Personal access tokens for the API: made, listed, revoked and checked here only.

==========================================  ==============================================
Function                                    Use
==========================================  ==============================================
``token_create(user=, name=, expires_at=)``  a new token → (row, plain token); the plain
                                            token is returned this once and never stored
``token_revoke(token=, by=)``               revoke now (a revoked token stays revoked)
``token_list_for_user(user)``               the user's tokens, newest first
``token_authenticate(key)``                 the token a presented key names, or
                                            :class:`TokenRejected` saying why not
==========================================  ==============================================

A token acts with its owner's roles as they are at each request, never more: it carries no
scope of its own. `accounts.services` revokes a user's tokens when the user is disabled or
loses a role (through the model), and `token_authenticate` refuses the token of an inactive
user whatever its state.

Making and revoking a token are recorded in the audit log (`token.create`, `token.revoke`);
the API records refused tokens (`auth.token_rejected`). Only SHA-256 of the token is stored. Tokens carry 256 bits from `secrets`, so a fast hash is
enough (there is nothing to brute-force, unlike a password) and the look-up is one indexed
equality on `key_hash`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.models import AccessToken, User
from dxtrack.audit.services import audit_record

TOKEN_PREFIX = "dxt_"  # noqa: S105 - a public marker, not a secret
PREFIX_LENGTH = 12  # "dxt_" and 8 characters of the secret: enough to tell tokens apart
MAX_ACTIVE_TOKENS = 20
MAX_LIFETIME = timedelta(days=366)
# Writing `last_used_at` on every request would turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenRejected(Exception):
    """The presented key is not a usable token; the message says why, in the request's language.

    `reason` is a stable word for the audit log (malformed, unknown, revoked, expired,
    disabled); `token` is the token when one was found.
    """

    def __init__(self, message: str, *, reason: str, token: AccessToken | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.token = token


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[AccessToken, str]:
    """Make a token for `user`; returns the row and the plain token (shown once, never stored)."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, such as the script or machine that will use it.")]
    elif len(name) > 100:
        errors["name"] = [_("The name is at most 100 characters long.")]
    now = timezone.now()
    if expires_at is not None:
        if expires_at <= now:
            errors["expires_at"] = [_("The expiry date must be in the future.")]
        elif expires_at > now + MAX_LIFETIME:
            errors["expires_at"] = [_("A token lives at most one year; choose an earlier expiry date.")]
    if not user.is_active:
        errors["name"] = [_("A disabled account cannot have access tokens.")]
    active = AccessToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=now).count()
    if active >= MAX_ACTIVE_TOKENS:
        errors.setdefault("name", []).append(
            _("You already have %(count)d active tokens; revoke one you no longer use first.") % {"count": active}
        )
    if errors:
        raise ValidationError(errors)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=user, name=name, prefix=plain[:PREFIX_LENGTH], key_hash=_hash(plain), created_at=now, expires_at=expires_at,
        )
        audit_record(
            actor=user, action="token.create", obj=token,
            details={"name": name, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return token, plain


def token_revoke(*, token: AccessToken, by: User | None = None) -> AccessToken:
    """Revoke the token now; revoking it again keeps the first revocation time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with transaction.atomic():
            if AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at):
                audit_record(actor=by, action="token.revoke", obj=token, details={"user": token.user.get_username()})
    return token


def token_list_for_user(user: User) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user).order_by("-created_at", "-pk")


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def token_authenticate(key: str) -> AccessToken:
    """The usable token `key` names (its user loaded), or TokenRejected with the reason.

    One query, plus an update of `last_used_at` at most once a minute per token.
    """
    key = (key or "").strip()
    if not key.startswith(TOKEN_PREFIX) or len(key) > 200:
        raise TokenRejected(
            _("This is not a dxtrack access token: tokens start with “%(prefix)s”.") % {"prefix": TOKEN_PREFIX}, reason="malformed",
        )
    token = AccessToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None:
        raise TokenRejected(_("Unknown access token: it may have been mistyped or deleted."), reason="unknown")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRejected(
            _("This access token was revoked on %(when)s.") % {"when": _when(token.revoked_at)}, reason="revoked", token=token,
        )
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRejected(
            _("This access token expired on %(when)s.") % {"when": _when(token.expires_at)}, reason="expired", token=token,
        )
    if not token.user.is_active:
        raise TokenRejected(_("The account this access token belongs to is disabled."), reason="disabled", token=token)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
