"""Admin for programmes: every model keeps its history (the "History" button on each row).

Programmes are normally defined by loading a file (`dxtrack programme load`); the admin is for
looking, for small corrections, and for reading who changed what.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    fields = ["order", "code", "name_vi", "name_en"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "issued_on", "horizon_start", "horizon_end", "area", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["code", "title_vi", "title_en"]
    raw_id_fields = ["area"]
    inlines = [PillarInline]


@admin.register(Pillar)
class PillarAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "programme", "order"]
    list_filter = ["programme"]
    search_fields = ["code", "name_vi", "name_en"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["deadline", "comparator", "value", "scope", "scope_level", "wording_vi"]


class BaselineInline(admin.TabularInline):
    model = Baseline
    extra = 0
    fields = ["period", "value", "source"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["deadline", "description_vi", "done", "done_on", "evidence"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "pillar", "value_type", "unit_aggregation", "period_type"]
    list_filter = ["programme", "pillar", "value_type", "unit_aggregation", "period_type"]
    search_fields = ["code", "name_vi", "name_en"]
    raw_id_fields = ["weight_indicator", "responsible_agency"]
    list_select_related = ["pillar"]
    inlines = [TargetInline, BaselineInline, MilestoneInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "comparator", "value", "deadline", "scope", "scope_level"]
    list_filter = ["deadline", "scope", "comparator"]
    search_fields = ["indicator__code", "indicator__name_vi", "wording_vi"]
    raw_id_fields = ["indicator"]
    list_select_related = ["indicator"]


@admin.register(Baseline)
class BaselineAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value", "source"]
    search_fields = ["indicator__code", "source"]
    raw_id_fields = ["indicator"]
    list_select_related = ["indicator"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "deadline", "description_vi", "done", "done_on"]
    list_filter = ["done"]
    search_fields = ["indicator__code", "description_vi"]
    raw_id_fields = ["indicator"]
    list_select_related = ["indicator"]
