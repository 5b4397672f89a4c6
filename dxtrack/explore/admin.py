"""Admin for the composite indices (the rankings page's definitions): the index, its groups and
its indicators, checked by the rules of index_rules before anything is saved. Every model keeps
its history. The rankings page reads the definitions from the database on each request, so a
saved definition is what it shows next (composite_index.index_definitions)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dxtrack.explore import index_rules
from dxtrack.explore.models import CompositeIndex, IndexGroup, IndexIndicator

WEIGHT_HELP = _(
    "a number greater than 0, relative to the other members of its group: 1 and 2 mean one third and two thirds"
)


def _rows(formset: forms.BaseInlineFormSet) -> list[dict]:
    """The rows the user keeps (filled in, not marked for deletion)."""
    return [
        f.cleaned_data
        for f in formset.forms
        if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
    ]


class IndexGroupFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        rows = _rows(self)
        problems = [
            index_rules.weight_problem(row["code"], row.get("weight"))
            for row in rows
            if row.get("parent")
        ]
        problems.append(
            index_rules.top_groups_problem([row["code"] for row in rows if not row.get("parent")])
        )
        parents = {row["code"]: row["parent"].code if row.get("parent") else None for row in rows}
        problems.append(index_rules.cycle_problem(parents))
        problems += [
            str(
                _("The parent of “%(code)s” must be a group of this index.") % {"code": row["code"]}
            )
            for row in rows
            if row.get("parent") and row["parent"].index_id != self.instance.pk
        ]
        if any(problems):
            raise ValidationError([p for p in problems if p])


class IndexIndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        rows = _rows(self)
        programme = self.instance.programme
        unknown = index_rules.unknown_indicator_problems(
            programme, [row["indicator_code"] for row in rows]
        )
        problems = []
        for row in rows:
            code = row["indicator_code"]
            problems += [
                unknown.get(code, ""),
                index_rules.weight_problem(code, row.get("weight")),
                index_rules.bounds_problem(
                    code,
                    row["normalisation"],
                    row.get("minimum"),
                    row.get("maximum"),
                    row.get("target"),
                    row.get("worst"),
                ),
            ]
            if row["group"].index_id != self.instance.pk:
                problems.append(
                    str(
                        _("The group of “%(code)s” must be a group of this index.") % {"code": code}
                    )
                )
        if any(problems):
            raise ValidationError([p for p in problems if p])


class _OwnGroupsInline(admin.TabularInline):
    """Group choices limited to the groups of the index being edited (none before it is saved)."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name in ("group", "parent"):
            index_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = (
                IndexGroup.objects.filter(index_id=index_id)
                if index_id
                else IndexGroup.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IndexGroupInline(_OwnGroupsInline):
    model = IndexGroup
    formset = IndexGroupFormSet
    fields = ["order", "code", "parent", "weight", "name_vi", "name_en"]


class IndexIndicatorInline(_OwnGroupsInline):
    model = IndexIndicator
    formset = IndexIndicatorFormSet
    fields = [
        "order",
        "indicator_code",
        "group",
        "weight",
        "normalisation",
        "minimum",
        "maximum",
        "target",
        "worst",
        "higher_is_better",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "weight" and field is not None:
            field.help_text = WEIGHT_HELP
        return field


@admin.register(CompositeIndex)
class CompositeIndexAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "programme", "level"]
    list_filter = ["programme", "level"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [IndexGroupInline, IndexIndicatorInline]
