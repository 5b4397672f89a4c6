from django.urls import path

from dxtrack.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<path:code>/", views.programme_overview, name="programme_overview"),
]
