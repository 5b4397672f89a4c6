from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "dxtrack.common"
    label = "common"

    def ready(self) -> None:
        from dxtrack.common import checks  # noqa: F401  (registers the system checks)
