"""Accounts in the admin. Every change that alters what a person may do goes through the
services, so that sessions end, tokens are revoked and the audit log records it."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dxtrack.accounts.mfa import mfa_reset
from dxtrack.accounts.models import RoleAssignment, User
from dxtrack.accounts.services import (
    PRIVILEGE_FLAGS,
    role_assign,
    role_change,
    role_revoke,
    user_disable,
    user_enable,
    user_privileges_changed,
)


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's own login form asks only the password; staff must pass the second step, so
    /admin/login/ sends them to ours (which returns them to `next`)."""
    return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.GET.get("next", reverse("admin:index"))}))


admin.site.login = admin_login


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    actions = ["reset_mfa"]

    @admin.action(description=_("Reset two-step login (they set it up again at the next login)"), permissions=["change"])
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            mfa_reset(user=user, by=request.user, request=request)
        count = queryset.count()
        self.message_user(request, ngettext(
            "Two-step login reset for %(count)d person.", "Two-step login reset for %(count)d people.", count,
        ) % {"count": count}, messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        saved = False
        if change and set(PRIVILEGE_FLAGS) & set(form.changed_data):
            # The flags as they were: the form has already set the new ones on `obj`.
            before = {flag: bool(form.initial.get(flag, False)) for flag in PRIVILEGE_FLAGS}
            user_privileges_changed(user=obj, before=before, by=request.user)
            saved = True
        if change and "is_active" in form.changed_data:
            now_active = obj.is_active
            obj.is_active = not now_active  # the other fields first, then the service
            super().save_model(request, obj, form, change)
            if now_active:
                user_enable(user=obj, by=request.user, reason="admin")
            else:
                user_disable(user=obj, by=request.user, reason="admin")
            return
        if not saved:
            super().save_model(request, obj, form, change)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org_unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "org_unit__code", "org_unit__name_vi"]
    list_select_related = ["user", "org_unit"]
    raw_id_fields = ["user", "org_unit"]

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form, change: bool) -> None:
        if change:
            role_change(assignment=obj, role=obj.role, org_unit=obj.org_unit, by=request.user)
            return
        saved = role_assign(user=obj.user, role=obj.role, org_unit=obj.org_unit, by=request.user)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(user=obj.user, role=obj.role, org_unit=obj.org_unit, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for assignment in queryset.select_related("user", "org_unit"):
            role_revoke(user=assignment.user, role=assignment.role, org_unit=assignment.org_unit, by=request.user)
