"""Idempotency keys of API writes: one row per (user, key), holding the answer once given."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` and what became of the request that first carried it.

    While `completed_at` is empty the first request is still running (or died: after
    `idempotency.PENDING_TIMEOUT` the key may be claimed again). Keys belong to one user: the
    same key sent by another user is another key, and never replays someone else's answer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=255)
    operation = models.CharField(_("operation"), max_length=100, help_text=_("method and path, e.g. POST /dataValueSets"))
    fingerprint = models.CharField(_("request fingerprint"), max_length=64, help_text=_("SHA-256 of the operation and payload"))
    created_at = models.DateTimeField(_("created at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_unique_per_user")]
        indexes = [models.Index(fields=["created_at"], name="idempotencykey_created")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} {self.operation}"
