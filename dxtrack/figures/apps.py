from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "dxtrack.figures"
    label = "figures"

    def ready(self) -> None:
        from dxtrack.figures.definition_changes import definition_changes_connect

        definition_changes_connect()
