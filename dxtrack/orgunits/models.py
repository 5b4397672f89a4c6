"""Administrative units and agencies, with validity dates and the lineage of merges and splits.

A unit that changed territory is a new row: Ho Chi Minh City before 1 July 2025 and after it
share GSO code 79 but are two units, linked by lineage, so that a 2024 figure stays the
figure of the old city and can still be re-expressed in today's units.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxtrack.common.i18n import localised


class OrgUnitKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune / ward")
    AGENCY = "agency", _("Agency")


# The kinds a scope "every unit at a level" may name, top to bottom.
ADMINISTRATIVE_LEVELS = [OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE]


class OrgUnit(models.Model):
    code = models.CharField(
        _("code"), max_length=32, help_text=_("GSO code for administrative units; own code for agencies")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    division_type = models.CharField(
        _("division type"), max_length=32, blank=True, help_text=_("e.g. tỉnh, thành phố, phường, xã, thị trấn, sở")
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of ancestor ids ("/12/345/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("last day the unit existed"))

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="orgunit_unique_code_valid_from"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="orgunit_unique_code_since_always"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=Q(kind__in=OrgUnitKind.values), name="orgunit_kind_known"),
        ]
        indexes = [models.Index(fields=["kind", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    def exists_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        """True when the unit existed on at least one day of [start, end]."""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename or recode")


class OrgUnitLineage(models.Model):
    """From-unit became (part of) to-unit on `effective_on`; `share` is the part for splits."""

    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="successor_links")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="predecessor_links")
    effective_on = models.DateField(_("effective on"))
    kind = models.CharField(_("kind"), max_length=8, choices=LineageKind.choices, default=LineageKind.MERGE)
    share = models.DecimalField(
        _("share"), max_digits=7, decimal_places=6, null=True, blank=True,
        help_text=_("part of the old unit that went to the new one (splits only)"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        constraints = [
            models.UniqueConstraint(fields=["from_unit", "to_unit", "effective_on"], name="lineage_unique_link"),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=1)), name="lineage_share_in_0_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit} ({self.effective_on})"


class OrgUnitGroup(models.Model):
    """A named set of units that report together (e.g. "wards with industrial parks")."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    units = models.ManyToManyField(OrgUnit, verbose_name=_("units"), related_name="groups", blank=True)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"
