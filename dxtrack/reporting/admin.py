"""Admin of the reporting loop. Forms are edited here; submissions, their events, notifications,
reminders and imports are records of what happened and are read-only (the workflow, the
reminder job and the importer write them)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dxtrack.reporting.forms_services import (
    check_form_indicators,
    clean_reminder_days,
    form_open_deadlines_refresh,
    form_revision_bump,
)
from dxtrack.reporting.models import (
    FormIndicator,
    ImportJob,
    Notification,
    ReminderLog,
    ReportingForm,
    Submission,
    SubmissionEvent,
    ValidationRule,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FormIndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        indicators = [
            form.cleaned_data["indicator"]
            for form in self.forms
            if form.cleaned_data.get("indicator") and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.programme_id is None:
            return  # the form itself is invalid and says so
        try:
            check_form_indicators(programme=self.instance.programme, period_type=self.instance.period_type, indicators=indicators)
        except ValidationError as error:
            raise ValidationError(error.message_dict["indicators"]) from None


class FormIndicatorInline(admin.TabularInline):
    model = FormIndicator
    formset = FormIndicatorFormSet
    extra = 1
    raw_id_fields = ["indicator"]
    ordering = ["order"]


class ReportingFormForm(forms.ModelForm):
    class Meta:
        model = ReportingForm
        fields = [
            "programme", "code", "name_vi", "name_en", "period_type", "calendar", "unit_level", "units", "unit_group",
            "opens_days_before_end", "deadline_working_days", "reminder_days", "escalate_after_working_days",
            "approval_level", "is_active",
        ]

    def clean_reminder_days(self):
        days = self.cleaned_data.get("reminder_days") or []
        if not isinstance(days, list):
            raise ValidationError(_("Reminder days are a list such as [-3, -1, 1]."))
        try:
            return clean_reminder_days(days)
        except ValidationError as error:
            raise ValidationError(error.message_dict["reminder_days"]) from None

    def clean(self):
        data = super().clean()
        if not (data.get("unit_level") or data.get("units") or data.get("unit_group")):
            raise ValidationError(_("Say who reports: a level, a list of units or a group."))
        if self.instance.pk and "period_type" in self.changed_data and self.instance.submissions.exists():
            self.add_error("period_type", _("The period type cannot change once units have reported."))
        if self.instance.pk and "calendar" in self.changed_data and self.instance.submissions.exists():
            self.add_error("calendar", _("The calendar cannot change once units have reported: the periods would cover other days."))
        return data


@admin.register(ReportingForm)
class ReportingFormAdmin(admin.ModelAdmin):
    form = ReportingFormForm
    list_display = ["code", "name_vi", "programme", "period_type", "calendar", "unit_level", "deadline_working_days", "revision", "is_active"]
    list_filter = ["is_active", "period_type", "calendar", "unit_level", "programme"]
    search_fields = ["code", "name_vi", "name_en"]
    list_select_related = ["programme"]
    filter_horizontal = ["units"]
    readonly_fields = ["revision"]
    inlines = [FormIndicatorInline]

    def save_related(self, request, form, formsets, change) -> None:
        before = list(form.instance.form_indicators.order_by("order", "pk").values_list("indicator_id", flat=True))
        super().save_related(request, form, formsets, change)
        after = list(form.instance.form_indicators.order_by("order", "pk").values_list("indicator_id", flat=True))
        # The same rule as form_update: templates of the old indicator list must be told apart.
        if change and before != after:
            form_revision_bump(form=form.instance)
        if change and "deadline_working_days" in form.changed_data:
            form_open_deadlines_refresh(form=form.instance)


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["form", "org_unit", "period", "status", "deadline", "submitted_at", "approved_at", "modified_since_approval"]
    list_filter = ["status", "form", "period", "modified_since_approval"]
    search_fields = ["org_unit__code", "org_unit__name_vi", "form__code", "period"]
    list_select_related = ["form", "org_unit"]
    date_hierarchy = "deadline"
    inlines = [SubmissionEventInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "created_at", "read_at", "url"]
    list_filter = ["kind", "read_at"]
    search_fields = ["user__username", "kind"]
    list_select_related = ["user"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["submission", "kind", "offset", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["submission__org_unit__code", "submission__form__code"]
    list_select_related = ["submission__form", "submission__org_unit"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "programme", "left", "operator", "right", "message_vi"]
    list_filter = ["programme"]
    search_fields = ["code", "message_vi", "message_en"]
    raw_id_fields = ["left", "right"]
    list_select_related = ["programme", "left", "right"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["filename", "format", "status", "dry_run", "created_by", "created_at", "rows_total", "created", "updated", "unchanged"]
    list_filter = ["status", "format", "dry_run"]
    search_fields = ["filename", "sha256"]
    list_select_related = ["created_by"]
