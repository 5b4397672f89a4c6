from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "dxtrack.common"
    label = "common"
