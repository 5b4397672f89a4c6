from django.urls import path

from dxtrack.reports import views

app_name = "reports"

urlpatterns = [
    path("<int:entry_id>/", views.report_detail, name="report_detail"),
    path("<int:entry_id>/progress/", views.report_progress, name="report_progress"),
    path("<int:entry_id>/download/", views.report_download, name="report_download"),
    path("programmes/<path:code>/generate/", views.report_generate, name="report_generate"),
    path("programmes/<path:code>/", views.report_list, name="report_list"),
    path("public/<int:entry_id>/download/", views.public_report_download, name="public_report_download"),
    path("public/programmes/<path:code>/", views.public_report_list, name="public_report_list"),
]
