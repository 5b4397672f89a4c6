"""`Idempotency-Key` for API writes (IETF draft "The Idempotency-Key HTTP Header Field").

``idempotent_run(user=, key=, operation=, payload=, run=)`` runs `run()` once per key:

- no key: runs it, nothing is stored;
- a new key: claims the key (a committed row, so that a parallel request sees it), runs the
  write and stores its answer *in the same transaction as the write*: either both happen or
  neither does, and a retry after a crash runs the write again;
- the same key and the same payload again: the stored answer, without running anything;
- the same key with another payload (or operation): :class:`KeyReused` → 422;
- the same key while its first request is still running: :class:`KeyInUse` → 409.

"Same payload" is compared on a SHA-256 of the parsed payload in canonical JSON (sorted keys),
so whitespace and key order do not matter. Keys belong to a user. Answers are kept
`KEEP_FOR`; a claim whose request never finished (a killed process) may be taken over after
`PENDING_TIMEOUT`. A user's expired keys are deleted when the user claims a new one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.api.models import IdempotencyKey

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft's examples
KEEP_FOR = timedelta(hours=24)
PENDING_TIMEOUT = timedelta(minutes=15)


class IdempotencyError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class KeyInvalid(IdempotencyError):
    status = 400


class KeyInUse(IdempotencyError):
    status = 409


class KeyReused(IdempotencyError):
    status = 422


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any
    replayed: bool


def fingerprint_of(*, operation: str, payload: Any) -> str:
    text = json.dumps({"operation": operation, "payload": payload}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def idempotent_run(
    *, user: Any, key: str | None, operation: str, payload: Any, run: Callable[[], tuple[int, Any]]
) -> Outcome:
    """Run the write `run` (returning status and JSON-able body) at most once per key."""
    if key is None:
        status, body = run()
        return Outcome(status, body, replayed=False)
    if not KEY_PATTERN.match(key):
        raise KeyInvalid(_("The Idempotency-Key header must be 1 to 255 visible ASCII characters, such as a UUID."))
    fingerprint = fingerprint_of(operation=operation, payload=payload)
    claimed, record = _claim(user=user, key=key, operation=operation, fingerprint=fingerprint)
    if not claimed:
        if record.fingerprint != fingerprint:
            raise KeyReused(_(
                "This Idempotency-Key was already used with a different request. Use a new key for a new request."
            ))
        if record.completed_at is None:
            raise KeyInUse(_(
                "A request with this Idempotency-Key is still being processed. Wait for it, then send again to get its answer."
            ))
        return Outcome(record.response_status or 200, record.response_body, replayed=True)
    try:
        with transaction.atomic():
            status, body = run()
            if status >= 500:
                raise _NotKept(status, body)
            IdempotencyKey.objects.filter(pk=record.pk).update(
                completed_at=timezone.now(), response_status=status, response_body=body,
            )
    except _NotKept as failed:
        _release(record)
        return Outcome(failed.status, failed.body, replayed=False)
    except BaseException:
        _release(record)
        raise
    return Outcome(status, body, replayed=False)


class _NotKept(Exception):
    """A server error is not an answer to keep: the key is released and may be retried."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _release(record: IdempotencyKey) -> None:
    IdempotencyKey.objects.filter(pk=record.pk, completed_at__isnull=True).delete()


def _claim(*, user: Any, key: str, operation: str, fingerprint: str) -> tuple[bool, IdempotencyKey]:
    """(True, new row) when this request owns the key now, else (False, the row that does)."""
    now = timezone.now()
    IdempotencyKey.objects.filter(user=user).filter(
        Q(completed_at__lt=now - KEEP_FOR) | Q(completed_at__isnull=True, created_at__lt=now - PENDING_TIMEOUT)
    ).delete()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key=key, operation=operation, fingerprint=fingerprint, created_at=now,
                )
            return True, record
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(user=user, key=key).first()
            if existing is not None:
                return False, existing
            # The other request released its claim in between: try to claim it again.
    raise KeyInUse(_("A request with this Idempotency-Key is still being processed. Wait for it, then send again to get its answer."))
