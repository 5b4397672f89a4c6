from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "dxtrack.figures"
    label = "figures"
