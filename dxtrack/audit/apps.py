from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "dxtrack.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from dxtrack.audit import receivers

        receivers.connect()
