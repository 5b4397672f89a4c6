from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dxtrack.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from dxtrack.accounts import (
            checks,  # noqa: F401  (registers the system check)
            request_roles,  # noqa: F401  (connects the receivers that forget changed roles)
        )
