"""Programmes (resolutions), their pillars, indicators, targets, baselines and milestones.

Every definition table keeps its history (django-simple-history): reloading a changed
programme file updates rows in place and the previous versions stay queryable.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dxtrack.common.i18n import localised


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("e.g. 05-NQ/TU"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    horizon_start = models.PositiveSmallIntegerField(_("first year"))
    horizon_end = models.PositiveSmallIntegerField(_("last year"))
    area = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("programme area"), on_delete=models.PROTECT, related_name="programmes"
    )
    is_public = models.BooleanField(_("public"), default=False, help_text=_("visible to anonymous visitors"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(horizon_end__gte=models.F("horizon_start")), name="programme_horizon_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localised(self.title_vi, self.title_en)


class Pillar(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("code"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["programme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="pillar_unique_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


class ValueType(models.TextChoices):
    PERCENTAGE_WITH_PARTS = "percentage_with_parts", _("Percentage with numerator and denominator")
    PERCENTAGE = "percentage", _("Percentage only")
    COUNT = "count", _("Count")
    AMOUNT_VND = "amount_vnd", _("Amount in VND")
    RATIO = "ratio", _("Ratio")
    INDEX = "index", _("Index 0–1")
    MILESTONE = "milestone", _("Milestone (yes/no)")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class UnitAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    RATIO_OF_SUMS = "ratio_of_sums", _("Ratio of sums")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    NONE = "none", _("Not aggregated")


class PeriodAggregation(models.TextChoices):
    SUM = "sum", _("Sum (flow)")
    LAST = "last", _("Last value (stock)")
    MEAN = "mean", _("Mean (rate)")


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


class Indicator(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    definition_vi = models.TextField(_("definition (Vietnamese)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    value_type = models.CharField(_("value type"), max_length=24, choices=ValueType.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    unit_aggregation = models.CharField(_("aggregation across units"), max_length=16, choices=UnitAggregation.choices)
    weight_indicator = models.ForeignKey(
        "self", verbose_name=_("weighted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_aggregation = models.CharField(_("aggregation over periods"), max_length=8, choices=PeriodAggregation.choices)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices, default=PeriodType.YEAR)
    natural_limit = models.DecimalField(_("natural limit"), max_digits=20, decimal_places=6, null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    responsible_agency = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("responsible agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    method_note = models.TextField(_("method note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pillar__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="indicator_unique_code"),
            models.CheckConstraint(condition=Q(value_type__in=ValueType.values), name="indicator_value_type_known"),
            models.CheckConstraint(condition=Q(unit_aggregation__in=UnitAggregation.values), name="indicator_unit_aggregation_known"),
            models.CheckConstraint(
                condition=~Q(unit_aggregation="weighted_mean") | Q(weight_indicator__isnull=False),
                name="indicator_weighted_mean_has_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    @property
    def has_parts(self) -> bool:
        return self.value_type == ValueType.PERCENTAGE_WITH_PARTS

    @property
    def is_milestone(self) -> bool:
        return self.value_type == ValueType.MILESTONE


class Comparator(models.TextChoices):
    GT = ">", _("above")
    GE = ">=", _("at least")
    EQ = "=", _("equal to")
    LE = "<=", _("not more than")
    LT = "<", _("below")


class TargetScope(models.TextChoices):
    AREA = "area", _("The programme area as a whole")
    EACH_UNIT = "each_unit", _("Every unit at a level")


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    deadline = models.DateField(_("deadline"))
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6)
    scope = models.CharField(_("scope"), max_length=10, choices=TargetScope.choices, default=TargetScope.AREA)
    scope_level = models.CharField(_("level"), max_length=16, blank=True, help_text=_("for every-unit scopes: province, district, commune or agency"))
    wording_vi = models.CharField(_("wording in the resolution"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "deadline", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "deadline", "scope", "scope_level"], name="target_unique_per_deadline_scope"),
            models.CheckConstraint(condition=Q(comparator__in=Comparator.values), name="target_comparator_known"),
            models.CheckConstraint(
                condition=(Q(scope="area") & Q(scope_level="")) | (Q(scope="each_unit") & ~Q(scope_level="")),
                name="target_scope_level_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.comparator} {self.value} ({self.deadline:%Y})"


class Baseline(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    period = models.CharField(_("period"), max_length=16)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="baseline_unique_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class Milestone(models.Model):
    """A target with no number ("supported by smart data-driven tools"): done or not, with evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    deadline = models.DateField(_("deadline"))
    description_vi = models.CharField(_("description (Vietnamese)"), max_length=500)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    done = models.BooleanField(_("done"), null=True, help_text=_("empty until somebody records the state"))
    done_on = models.DateField(_("date"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["indicator", "deadline"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "deadline"], name="milestone_unique_deadline"),
            models.CheckConstraint(condition=Q(done=True) | Q(done_on__isnull=True), name="milestone_date_only_when_done"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        return localised(self.description_vi, self.description_en)


