from django.contrib import admin

from dxtrack.reports.models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Read-only: entries are made by generating a report, and keep what made them."""

    list_display = ["programme", "as_of", "format", "language", "status", "created_by", "created_at", "size"]
    list_filter = ["status", "format", "language"]
    search_fields = ["programme__code", "sha256"]
    list_select_related = ["programme", "created_by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the file on disk goes with the entry; nothing deletes both yet
