from django.apps import AppConfig


class ExploreConfig(AppConfig):
    """Leaders' and public pages over the figures layer: indicator pages, unit scorecards,
    rankings, maps and their downloads. Routes live in dashboards/urls.py (one namespace)."""

    name = "dxtrack.explore"
    verbose_name = "Explore figures"
