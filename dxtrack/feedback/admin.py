from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dxtrack.feedback.confusion import confusion_table
from dxtrack.feedback.models import (
    Answer,
    ContentArea,
    ContentKind,
    DeadlineRule,
    Event,
    Item,
    Open311Key,
    ReminderStep,
    RoutingModel,
    RoutingRule,
    Transition,
)
from dxtrack.feedback.open311.keys import open311_key_create


@admin.register(ContentKind)
class ContentKindAdmin(admin.ModelAdmin):
    list_display = ("decree_item", "name_vi", "is_recommendation")


@admin.register(ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "answer_working_days", "is_active", "order")
    list_editable = ("answer_working_days", "is_active", "order")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("area", "agency")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("area", "channel", "working_days")


@admin.register(ReminderStep)
class ReminderStepAdmin(admin.ModelAdmin):
    """The default set has neither area nor agency; a set for an area or an agency replaces it whole."""

    list_display = ("code", "area", "agency", "offset", "recipients", "by_email", "in_app")
    list_filter = ("area", "agency", "recipients")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "held_on", "venue", "is_sample")


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "from_agency", "to_agency", "actor", "role", "at", "reason")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Read-mostly: states change through the workflow pages, which check who may do what."""

    list_display = ("code", "channel", "area", "agency", "state", "received_on", "due_on", "is_sample")
    list_filter = ("state", "channel", "area", "is_sample")
    search_fields = ("code", "sender_name", "sender_email", "sender_organisation")
    readonly_fields = ("code", "state", "received_at", "received_on", "assigned_on", "due_on", "answered_on", "updated_at",
                       "rating", "reopen_count", "suggested_area", "suggestion_confidence")
    inlines = [TransitionInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("item", "drafted_at", "approved_at", "published_at")
    readonly_fields = ("drafted_by", "approved_by", "reviewed_by", "published_at")


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin):
    list_display = ("trained_at", "train_size", "test_size", "accuracy", "macro_f1", "on_sample_data", "confusion_link")
    exclude = ("blob", "confusion")
    actions = ["retrain"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.confusion_view)
        return [path("<int:model_id>/confusion/", view, name="feedback_routingmodel_confusion"), *super().get_urls()]

    @admin.display(description=_("confusion matrix"))
    def confusion_link(self, obj: RoutingModel) -> str:
        if not obj.confusion:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:feedback_routingmodel_confusion", args=[obj.pk]), _("show"))

    def confusion_view(self, request, model_id: int):
        """Read-only: which areas the model confuses on held-out items (a GET changes nothing)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        model = RoutingModel.objects.filter(pk=model_id).first()
        if model is None:
            raise Http404
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "model": model,
                   "table": confusion_table(model), "title": _("Confusion matrix of the routing model")}
        return TemplateResponse(request, "admin/feedback/routingmodel/confusion.html", context)

    def has_add_permission(self, request) -> bool:
        return False  # trained by `dxtrack feedback_train` or the action below, measured on held-out items

    @admin.action(description=_("Retrain on every classified item"))
    def retrain(self, request, queryset) -> None:
        from dxtrack.feedback.routing import routing_model_train

        try:
            model = routing_model_train()
        except ValueError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return
        self.message_user(request, _("Trained: accuracy %(accuracy).3f, macro-F1 %(f1).3f on %(test)s held-out items.")
                          % {"accuracy": model.accuracy, "f1": model.macro_f1, "test": model.test_size})


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "created_at", "revoked_at")
    fields = ("name", "revoked_at")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        record, plain = open311_key_create(name=obj.name)
        obj.pk, obj.prefix, obj.key_hash, obj.created_at = record.pk, record.prefix, record.key_hash, record.created_at
        obj._state.adding = False
        messages.warning(request, _("The API key, shown only now: %(key)s") % {"key": plain})
