from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

THIRD_PARTY_NAMES = {
    "axes": _("Login attempts"),
    "django_tasks_database": _("Background tasks"),
    "simple_history": _("Change history"),
}


class CommonConfig(AppConfig):
    name = "dxtrack.common"
    label = "common"

    def ready(self) -> None:
        from dxtrack.common import checks  # noqa: F401  (registers the system checks)

        # The admin's section names of the libraries' apps, in the page's language.
        for label, name in THIRD_PARTY_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
