"""Writes to the audit log. Every row goes through ``audit_record``."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from dxtrack.audit.models import Action, AuditEvent, Outcome
from dxtrack.audit.request_info import client_ip

# Security level 3: audit logs are kept at least 12 months.
MINIMUM_RETENTION_DAYS = 365


class RetentionTooShort(ValueError):
    pass


def audit_record(
    *,
    actor: Any = None,
    action: str,
    outcome: str = Outcome.SUCCESS,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    org_unit: Any = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event. `obj` fills object type/id/repr; `request` fills IP address and path.

    `actor` may be a user, an anonymous user or None (the system, or nobody known).
    """
    if isinstance(actor, AnonymousUser) or (actor is not None and not actor.is_authenticated):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        object_repr=object_repr[:200],
        org_unit=org_unit,
        ip_address=client_ip(request) if request is not None else None,
        path=request.path[:300] if request is not None else "",
        details=details or {},
    )


def audit_denied(
    request: HttpRequest,
    what: str,
    *,
    obj: models.Model | None = None,
    org_unit: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `request.user` was refused `what` (e.g. "submission.approve").

    Call it where you refuse, before raising PermissionDenied / Http404 or returning 403.
    """
    return audit_record(
        actor=getattr(request, "user", None),
        action=Action.ACCESS_DENIED,
        outcome=Outcome.DENIED,
        obj=obj,
        org_unit=org_unit,
        request=request,
        details={"what": what, "method": request.method, **(details or {})},
    )


def audit_prune(*, older_than_days: int, by: Any = None) -> int:
    """Delete events older than `older_than_days` (at least 365) and record that it was done."""
    if older_than_days < MINIMUM_RETENTION_DAYS:
        raise RetentionTooShort(
            f"audit events are kept at least {MINIMUM_RETENTION_DAYS} days; got {older_than_days}"
        )
    cutoff = timezone.now() - timedelta(days=older_than_days)
    count = AuditEvent.objects.filter(occurred_at__lt=cutoff)._prune()
    audit_record(
        actor=by,
        action=Action.AUDIT_PRUNED,
        details={"older_than_days": older_than_days, "cutoff": cutoff.isoformat(), "deleted": count},
    )
    return count
