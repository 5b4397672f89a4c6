from django.apps import AppConfig


class OrgunitsConfig(AppConfig):
    name = "dxtrack.orgunits"
    label = "orgunits"
