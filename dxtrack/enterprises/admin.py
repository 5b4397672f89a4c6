"""Admin for the registry's keepers. Personal IDs are masked in lists; assessments, results and
consents are read-only here (answers are immutable, consents append-only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dxtrack.enterprises.models import (
    Assessment,
    AssessmentFramework,
    AssessmentResult,
    ConsentRecord,
    Enrolment,
    Enterprise,
    EnterpriseImport,
    EnterpriseMembership,
    SupportActivity,
    SupportProgramme,
)
from dxtrack.enterprises.sizes import size_class
from dxtrack.enterprises.text import fold
from dxtrack.enterprises.vsic import vsic_sector_group


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "masked_identifier", "legal_form", "vsic", "size_class", "ward", "status", "is_it", "is_sample")
    list_filter = ("size_class", "legal_form", "status", "is_it", "is_sample")
    search_fields = ("search_text", "tax_code")
    raw_id_fields = ("ward", "ward_before_2025")
    readonly_fields = ("size_class", "search_text", "created_at", "updated_at")

    def save_model(self, request, obj: Enterprise, form, change) -> None:
        # The derived fields follow the same rules as an import (one home for each rule).
        obj.size_class = size_class(vsic_sector_group(obj.vsic), employees=obj.employees,
                                    revenue_vnd=obj.revenue_vnd, capital_vnd=obj.capital_vnd)
        obj.search_text = fold(f"{obj.name_vi} {obj.name_en} {obj.tax_code}")[:700]
        super().save_model(request, obj, form, change)

    @admin.display(description=_("tax code or personal ID"))
    def masked_identifier(self, obj: Enterprise) -> str:
        return obj.identifier_masked


@admin.register(EnterpriseMembership)
class EnterpriseMembershipAdmin(ReadOnlyAdmin):
    """Claims are decided on the claims page, where the decision is checked and audited."""

    list_display = ("user", "enterprise", "status", "claimed_at", "decided_by")
    list_filter = ("status",)


@admin.register(AssessmentFramework)
class AssessmentFrameworkAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "title_vi", "provisional", "loaded_at")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "framework", "submitted_at", "is_sample")
    list_filter = ("framework", "is_sample")


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "framework", "overall", "band", "computed_at")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("user", "purpose", "granted", "recorded_at")
    list_filter = ("purpose", "granted")


@admin.register(EnterpriseImport)
class EnterpriseImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "created_at", "created_by", "accepted", "dry_run", "rows", "created", "updated", "unchanged")


class SupportActivityInline(admin.TabularInline):
    model = SupportActivity
    extra = 0


@admin.register(SupportProgramme)
class SupportProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "funding_source", "budget_vnd", "starts_on", "ends_on", "is_sample")
    inlines = [SupportActivityInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "activity", "status", "amount_vnd", "applied_at")
    list_filter = ("status",)
