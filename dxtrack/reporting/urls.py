from django.urls import path

from dxtrack.reporting import views_entry, views_tracking

app_name = "reporting"

urlpatterns = [
    path("", views_entry.submission_list, name="submission_list"),
    path("entry/<str:form_code>/<int:unit_id>/<str:period>/", views_entry.submission_start, name="submission_start"),
    path("submissions/<int:submission_id>/", views_entry.submission_entry, name="entry"),
    path("submissions/<int:submission_id>/history/", views_entry.submission_history, name="submission_history"),
    path("values/<int:value_id>/history/", views_entry.value_history, name="value_history"),
    path("completeness/", views_tracking.completeness_index, name="completeness_index"),
    path("completeness/overdue/", views_tracking.overdue_list, name="overdue_list"),
    path("completeness/<path:code>/<str:period>/", views_tracking.form_completeness, name="form_completeness"),
    path("notifications/", views_tracking.notification_list, name="notification_list"),
    path("notifications/read/", views_tracking.notification_mark_read, name="notification_mark_read"),
]
