from django.contrib import admin
from django.http import HttpRequest

from dxtrack.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit events through the admin."""

    list_display = ["occurred_at", "actor_username", "action", "outcome", "object_type", "object_repr", "org_unit", "ip_address"]
    list_filter = ["outcome", "action", "occurred_at"]
    search_fields = ["actor_username", "action", "object_type", "object_id", "object_repr", "ip_address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["org_unit"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
