from django.contrib import admin

from dxtrack.orgunits.models import OrgUnit, OrgUnitLineage


class SuccessorInline(admin.TabularInline):
    model = OrgUnitLineage
    fk_name = "from_unit"
    extra = 0
    raw_id_fields = ["to_unit"]
    verbose_name_plural = "successors"


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "kind", "division_type", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "division_type", "valid_to"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
    ordering = ["code", "valid_from"]
    inlines = [SuccessorInline]


@admin.register(OrgUnitLineage)
class OrgUnitLineageAdmin(admin.ModelAdmin):
    list_display = ["from_unit", "to_unit", "effective_on", "kind", "share", "note"]
    list_filter = ["kind", "effective_on"]
    search_fields = ["from_unit__code", "from_unit__name_vi", "to_unit__code", "to_unit__name_vi"]
    list_select_related = ["from_unit", "to_unit"]
    raw_id_fields = ["from_unit", "to_unit"]
