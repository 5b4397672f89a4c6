"""Org units and lineage links in the admin. Every save and delete goes through the services
(orgunits/services.py), so paths and the figures store follow in the same transaction and a
unit cannot become its own ancestor."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from dxtrack.orgunits.models import OrgUnit, OrgUnitLineage
from dxtrack.orgunits.services import (
    lineage_delete,
    lineage_error,
    lineage_save,
    orgunit_changes,
    orgunit_delete,
    orgunit_parent_error,
    orgunit_save,
)


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "kind", "division_type", "name_vi", "name_en", "parent", "valid_from", "valid_to"]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        error = orgunit_parent_error(self.instance, cleaned.get("parent"))
        if error:
            self.add_error("parent", error)
        return cleaned


class LineageForm(forms.ModelForm):
    class Meta:
        model = OrgUnitLineage
        fields = ["from_unit", "to_unit", "effective_on", "kind", "share", "note"]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        from_unit = cleaned.get("from_unit") or getattr(self.instance, "from_unit", None)
        to_unit = cleaned.get("to_unit")
        if from_unit is not None and to_unit is not None:
            error = lineage_error(OrgUnitLineage(pk=self.instance.pk, from_unit=from_unit, to_unit=to_unit))
            if error:
                self.add_error("to_unit", error)
        return cleaned


class SuccessorInline(admin.TabularInline):
    model = OrgUnitLineage
    form = LineageForm
    fk_name = "from_unit"
    extra = 0
    raw_id_fields = ["to_unit"]
    verbose_name_plural = "successors"


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    form = OrgUnitForm
    list_display = ["code", "name_vi", "name_en", "kind", "division_type", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "division_type", "valid_to"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
    ordering = ["code", "valid_from"]
    inlines = [SuccessorInline]

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):  # type: ignore[no-untyped-def]
        # The unit and its inline successor links are one change: the store follows once.
        with orgunit_changes():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: OrgUnit, form, change: bool) -> None:
        orgunit_save(obj)

    def delete_model(self, request: HttpRequest, obj: OrgUnit) -> None:
        orgunit_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OrgUnit]) -> None:
        with orgunit_changes():
            for unit in queryset:
                orgunit_delete(unit)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        links = formset.save(commit=False)
        for link in formset.deleted_objects:
            lineage_delete(link)
        for link in links:
            lineage_save(link)
        formset.save_m2m()


@admin.register(OrgUnitLineage)
class OrgUnitLineageAdmin(admin.ModelAdmin):
    form = LineageForm
    list_display = ["from_unit", "to_unit", "effective_on", "kind", "share", "note"]
    list_filter = ["kind", "effective_on"]
    search_fields = ["from_unit__code", "from_unit__name_vi", "to_unit__code", "to_unit__name_vi"]
    list_select_related = ["from_unit", "to_unit"]
    raw_id_fields = ["from_unit", "to_unit"]

    def save_model(self, request: HttpRequest, obj: OrgUnitLineage, form, change: bool) -> None:
        lineage_save(obj)

    def delete_model(self, request: HttpRequest, obj: OrgUnitLineage) -> None:
        lineage_delete(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OrgUnitLineage]) -> None:
        with orgunit_changes():
            for link in queryset:
                lineage_delete(link)
