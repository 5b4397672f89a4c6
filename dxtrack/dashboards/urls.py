from django.urls import path

from dxtrack.dashboards import views
from dxtrack.explore import (
    views_indicator,
    views_maps,
    views_portal,
    views_rankings,
    views_units,
    views_work,
)

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("approvals/", views_work.approval_queue, name="approval_queue"),
    path("open-data/", views_portal.portal_home, name="portal_home"),
    path("rankings/dti/", views_rankings.dti_ranking_view, name="dti_ranking"),
    path("rankings/dti/map/", views_maps.dti_map, name="dti_map"),
    # Programme codes hold slashes (05-NQ/TU): the pages below a programme come before the
    # overview's catch-all, and each ends in a fixed word the code cannot swallow.
    path(
        "programmes/<path:code>/indicators/<str:indicator>/",
        views_indicator.indicator_detail, name="indicator_detail",
    ),
    path("programmes/<path:code>/indicators/<str:indicator>/embed/", views_indicator.indicator_embed, name="indicator_embed"),
    path("programmes/<path:code>/indicators/<str:indicator>/map/", views_maps.indicator_map, name="indicator_map"),
    path(
        "programmes/<path:code>/indicators/<str:indicator>/<str:table>.<str:fmt>",
        views_indicator.indicator_download, name="indicator_download",
    ),
    path("programmes/<path:code>/rankings/", views_rankings.programme_ranking, name="programme_ranking"),
    path("programmes/<path:code>/units/<int:unit>/", views_units.unit_scorecard, name="unit_scorecard"),
    path("programmes/<path:code>/", views.programme_overview, name="programme_overview"),
]
