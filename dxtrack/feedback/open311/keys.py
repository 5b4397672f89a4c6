"""API keys of Open311 applications: shown once at creation, stored as a SHA-256 hash."""

import hashlib
import secrets

from django.utils import timezone

from dxtrack.feedback.models import Open311Key

KEY_PREFIX = "o311_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open311_key_create(*, name: str) -> tuple[Open311Key, str]:
    """The stored key and the key itself, which is never shown again."""
    plain = KEY_PREFIX + secrets.token_urlsafe(30)
    record = Open311Key.objects.create(name=name.strip(), prefix=plain[:12], key_hash=_digest(plain), created_at=timezone.now())
    return record, plain


def open311_key_check(plain: str) -> Open311Key | None:
    if not plain:
        return None
    return Open311Key.objects.filter(key_hash=_digest(plain.strip()), revoked_at__isnull=True).first()
