from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dxtrack.reports"
    label = "reports"
