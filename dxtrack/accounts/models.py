"""Users and what they may do where: a role on an org unit (and, for most roles, the units below it)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    LEADER = "leader", _("Leader (reads everything in the unit)")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    APPROVER = "approver", _("Approver")
    REPORTER = "reporter", _("Reporter")
    ENTERPRISE = "enterprise", _("Enterprise user")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org_unit"], name="roleassignment_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="roleassignment_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit}"
