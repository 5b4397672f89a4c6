from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dxtrack.demo"
    label = "demo"
