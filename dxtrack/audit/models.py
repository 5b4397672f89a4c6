"""One table, append-only: ``AuditEvent``. Write it through ``dxtrack.audit.services``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event outside ``audit_prune``."""


class Outcome(models.TextChoices):
    SUCCESS = "success", _("success")
    DENIED = "denied", _("denied")
    FAILED = "failed", _("failed")


class Action:
    """The actions this app and accounts record. Others name theirs ``<entity>.<verb>`` too."""

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOCKED_OUT = "auth.locked_out"
    LOGOUT = "auth.logout"
    ACCESS_DENIED = "access.denied"
    ADMIN_ADDITION = "admin.addition"
    ADMIN_CHANGE = "admin.change"
    ADMIN_DELETION = "admin.deletion"
    AUDIT_PRUNED = "audit.pruned"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be updated")

    def delete(self):
        raise AuditLogIsAppendOnly("audit events are deleted only by audit_prune")

    def _prune(self) -> int:
        """For ``audit_prune`` only, which checks the retention limit first."""
        count, _ = models.QuerySet.delete(self)
        return count


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    # PROTECT: a person with an audit history is disabled, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, help_text=_("app_label.model"))
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="auditevent_actor_when"),
            models.Index(fields=["object_type", "object_id"], name="auditevent_object"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="auditevent_outcome_known"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_username or '-'} {self.action} {self.outcome}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit events are deleted only by audit_prune")
