from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "dxtrack.enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        from dxtrack.enterprises import import_tasks  # noqa: F401  (connects the task's end to its run)
