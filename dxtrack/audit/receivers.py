"""Authentication and admin events into the audit log.

These are receivers of Django's and django-axes' own events (a login, a failed login, a
lockout, a logout, an admin LogEntry), connected in ``AuditConfig.ready``; our own writes are
recorded by the services that make them, never by signals.
"""

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save
from django.http import HttpRequest

from dxtrack.audit.models import Action, Outcome
from dxtrack.audit.services import audit_record

ADMIN_ACTIONS = {ADDITION: Action.ADMIN_ADDITION, CHANGE: Action.ADMIN_CHANGE, DELETION: Action.ADMIN_DELETION}


def _attempted_username(credentials: dict[str, Any] | None, request: HttpRequest | None) -> str:
    username = (credentials or {}).get("username") or ""
    if not username and request is not None and request.method == "POST":
        username = request.POST.get("username", "")
    return str(username)[:150]


def on_user_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=Action.LOGIN, obj=user, request=_real(request))


def on_user_logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None:  # logging out without being logged in
        return
    audit_record(actor=user, action=Action.LOGOUT, obj=user, request=_real(request))


def on_user_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # An attempt refused because of a lockout is recorded by on_user_locked_out instead.
    if request is not None and getattr(request, "axes_locked_out", False):
        return
    audit_record(
        action=Action.LOGIN_FAILED, outcome=Outcome.FAILED, request=_real(request),
        details={"username": _attempted_username(credentials, request)},
    )


def on_user_locked_out(sender: Any, request: HttpRequest, username: str | None = None, ip_address: str | None = None, **kwargs: Any) -> None:
    audit_record(
        action=Action.LOCKED_OUT, outcome=Outcome.DENIED, request=_real(request),
        details={"username": (username or "")[:150]},
    )


def on_log_entry_saved(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Mirror each admin LogEntry, which admins can delete, into the append-only log.

    Django writes the entries of a bulk deletion of several rows with bulk_create, which sends
    no signal: those are in LogEntry only (accounts' admin records its own through services).
    A restore (raw save) brings entries back; the audit log it restores already holds them.
    """
    if not created or kwargs.get("raw"):
        return
    audit_record(
        actor=instance.user,
        action=ADMIN_ACTIONS.get(instance.action_flag, Action.ADMIN_CHANGE),
        object_type=f"{instance.content_type.app_label}.{instance.content_type.model}" if instance.content_type_id else "",
        object_id=instance.object_id or "",
        object_repr=instance.object_repr,
        request=_current_request(),
        details={"log_entry_id": instance.pk, "change_message": instance.change_message},
    )


def _real(request: Any) -> HttpRequest | None:
    """The test client's login() passes a bare HttpRequest; anything without META is no request."""
    return request if request is not None and hasattr(request, "META") else None


def _current_request() -> HttpRequest | None:
    # simple_history's middleware keeps the current request; it is how an admin change knows
    # the address it came from.
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def connect() -> None:
    from axes.signals import user_locked_out

    auth_signals.user_logged_in.connect(on_user_logged_in, dispatch_uid="audit_user_logged_in")
    auth_signals.user_logged_out.connect(on_user_logged_out, dispatch_uid="audit_user_logged_out")
    auth_signals.user_login_failed.connect(on_user_login_failed, dispatch_uid="audit_user_login_failed")
    user_locked_out.connect(on_user_locked_out, dispatch_uid="audit_user_locked_out")
    post_save.connect(on_log_entry_saved, sender=LogEntry, dispatch_uid="audit_log_entry_saved")
