"""What the figures layer keeps: each programme's rules for judging figures.

(The aggregate store's tables are added with the store; see docs/decisions/0017.)
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxtrack.reporting.models import ReportingCalendar

DEFAULT_THRESHOLD = Decimal("0.80")


class FigureRules(models.Model):
    """How one programme's figures are judged. A programme without a row uses the defaults."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="figure_rules", verbose_name=_("programme"),
    )
    completeness_threshold = models.DecimalField(
        _("completeness threshold"), max_digits=5, decimal_places=4, default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("share of the expected units that must have reported for a period to decide a target (0.80 = 80%)"),
    )
    calendar = models.CharField(
        _("year"), max_length=10, choices=ReportingCalendar.choices, default=ReportingCalendar.CALENDAR,
        help_text=_("the year targets are judged on: calendar, or statutory (15 December to 14 December)"),
    )

    class Meta:
        verbose_name = _("figure rules")
        verbose_name_plural = _("figure rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(completeness_threshold__gte=0) & Q(completeness_threshold__lte=1),
                name="figurerules_threshold_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.completeness_threshold}"
