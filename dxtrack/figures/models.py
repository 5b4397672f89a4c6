"""What the figures layer keeps: each programme's rules for judging figures, and the aggregate
store (decision 0017): which areas each unit's values count in, and the stored cells.
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


# -- the aggregate store (docs/decisions/0017-aggregate-store.md) --------------------------------


class CellVariant(models.TextChoices):
    """Which values a stored cell counts: approved only or all, with or without sample data."""

    APPROVED = "approved", _("approved values")
    APPROVED_REAL = "approved_real", _("approved values without sample data")
    ALL = "all", _("all values")
    ALL_REAL = "all_real", _("all values without sample data")


class Membership(models.Model):
    """`unit`'s values count in `area`'s roll-up: the units of the area's `Territory` (its
    subtree and, across a reform, the units those became). Only areas whose territory holds
    more than the area itself have rows. Rebuilt with the store (`dxtrack figures rebuild`)."""

    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    leaf = models.BooleanField(default=False, help_text="a commune: its values enter the roll-up")
    share = models.DecimalField(max_digits=9, decimal_places=6, default=Decimal(1))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "area"], name="membership_unique_unit_area")]
        indexes = [models.Index(fields=["area", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.area_id}"


def _amount(places: int = 6) -> models.DecimalField:
    return models.DecimalField(max_digits=40, decimal_places=places, default=Decimal(0))


class StoredCell(models.Model):
    """The additive `Cell` of the communes' values in one area's roll-up, for one indicator,
    one period of the indicator's own type and one variant. A row exists when any unit of the
    area's territory has a counted value for the period (its counts may all be zero: a value of
    a district, or of an indicator that is not rolled up, still makes the period one with data)."""

    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    variant = models.CharField(max_length=16, choices=CellVariant.choices)
    reported = models.IntegerField(default=0)
    without_parts = models.IntegerField(default=0)
    values = models.IntegerField(default=0)
    used = models.IntegerField(default=0)
    sample = models.IntegerField(default=0)
    unapproved = models.IntegerField(default=0)
    lineage = models.IntegerField(default=0)
    overlaps = models.IntegerField(default=0)
    through_predecessors = models.IntegerField(default=0)
    total = _amount()
    numerator = _amount()
    denominator = _amount()
    weighted = _amount(12)
    weights = _amount()
    minimum = models.DecimalField(max_digits=40, decimal_places=6, null=True, blank=True)
    maximum = models.DecimalField(max_digits=40, decimal_places=6, null=True, blank=True)
    sources = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period", "variant"], name="storedcell_unique_key"),
        ]
        indexes = [models.Index(fields=["unit", "indicator", "period"], name="storedcell_unit_ind_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.unit_id}/{self.period}/{self.variant}"


class StoreState(models.Model):
    """One row once `dxtrack figures rebuild` has filled the store: from then on the current
    figures are read from it (before, from the values, as decision 0004 did)."""

    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.built_at)


class FiguresVersion(models.Model):
    """The store version (decision 0026): one row, changed by every write that can change a
    figure, in that write's transaction (`dxtrack.figures.versions.figures_changed`). Cached
    figures are keyed by its `stamp`; `number` counts the changes, for people and tests.

    The stamp is random, not the counter: a write that rolls back leaves the old stamp, and the
    next write draws a new one, so figures computed inside the rolled-back transaction (and
    cached under its stamp) can never be served."""

    number = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.number} ({self.stamp})"
