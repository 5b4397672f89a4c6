"""Reported values: one current row per indicator × unit × period, and every version of it.

`DataValue` holds the current figure (what dashboards read); `DataValueVersion` is the
append-only history. Both are written together by `services.value_record`, which is the only
writer: an edit adds a version and moves the current row, nothing is overwritten or deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class _ValueFields(models.Model):
    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=16, help_text=_("2024, 2024S1, 2024Q3 or 2024-05"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=24, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=40, blank=True, help_text=_("e.g. reported, estimated, survey"))
    note = models.TextField(_("note"), blank=True)
    is_synthetic = models.BooleanField(_("sample data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        abstract = True


class DataValue(_ValueFields):
    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org_unit", "period"], name="datavalue_unique_key"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="datavalue_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=models.F("denominator")),
                name="datavalue_numerator_within_denominator",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.org_unit_id}/{self.period} = {self.value}"


class DataValueVersion(_ValueFields):
    """One row per change, never updated; `reason` says why the figure changed."""

    data_value = models.ForeignKey(DataValue, on_delete=models.PROTECT, related_name="versions")
    reason = models.CharField(_("reason for change"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("value version")
        verbose_name_plural = _("value versions")
        ordering = ["data_value", "version"]
        constraints = [
            models.UniqueConstraint(fields=["data_value", "version"], name="datavalueversion_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.data_value_id} v{self.version} = {self.value}"
