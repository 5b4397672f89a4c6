from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "dxtrack.programmes"
    label = "programmes"
