"""The composite indices of a programme, defined as data: the index, its groups (weighted in
their parent group; the one group without a parent is the index itself) and its indicators
(group, weight, normalisation and bounds, direction). Loaded from data/indices/*.yaml by
`index_file_load` and edited in the admin; `composite_index.index_definitions` reads them into
`analytics.composite.Methodology`, and the methodology page is generated from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dxtrack.analytics.composite import Normalisation
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.programmes.models import Programme

NORMALISATIONS = [
    (Normalisation.MIN_MAX.value, _("min–max between two bounds")),
    (Normalisation.DISTANCE_TO_TARGET.value, _("distance to a target from a worst value")),
    (Normalisation.NONE.value, _("none: the value is already between 0 and 1")),
]
WEIGHT = {"max_digits": 9, "decimal_places": 4, "default": 1}


class CompositeIndex(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="composite_indices",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    level = models.CharField(
        _("level of the units ranked"), max_length=16, choices=OrgUnitKind.choices
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    scale = models.DecimalField(
        _("scale"),
        max_digits=9,
        decimal_places=2,
        default=100,
        help_text=_("the index is reported from 0 to this number"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("composite index")
        verbose_name_plural = _("composite indices")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="composite_index_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} · {self.code}"


class IndexGroup(models.Model):
    index = models.ForeignKey(CompositeIndex, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=40)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent group"),
        help_text=_("empty for the index itself (exactly one group)"),
    )
    weight = models.DecimalField(_("weight"), **WEIGHT)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group of an index")
        verbose_name_plural = _("groups of an index")
        ordering = ["index", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["index", "code"], name="index_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class IndexIndicator(models.Model):
    index = models.ForeignKey(CompositeIndex, on_delete=models.CASCADE, related_name="indicators")
    indicator_code = models.CharField(
        _("indicator code"), max_length=40, help_text=_("an indicator of the index's programme")
    )
    group = models.ForeignKey(
        IndexGroup, on_delete=models.PROTECT, related_name="members", verbose_name=_("group")
    )
    weight = models.DecimalField(_("weight"), **WEIGHT)
    normalisation = models.CharField(
        _("normalisation"),
        max_length=24,
        choices=NORMALISATIONS,
        default=Normalisation.MIN_MAX.value,
    )
    minimum = models.FloatField(_("minimum"), null=True, blank=True)
    maximum = models.FloatField(_("maximum"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    worst = models.FloatField(_("worst value"), null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator of an index")
        verbose_name_plural = _("indicators of an index")
        ordering = ["index", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "indicator_code"], name="index_indicator_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.indicator_code
