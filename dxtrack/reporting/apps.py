from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "dxtrack.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from dxtrack.reporting.imports import tasks  # noqa: F401  (connects the task_finished receiver)
