from django.urls import path

from dxtrack.reporting import views_entry, views_imports, views_reminders, views_tracking

app_name = "reporting"

urlpatterns = [
    path("", views_entry.submission_list, name="submission_list"),
    path("entry/<str:form_code>/<int:unit_id>/<str:period>/", views_entry.submission_start, name="submission_start"),
    path("submissions/<int:submission_id>/", views_entry.submission_entry, name="entry"),
    path("submissions/<int:submission_id>/history/", views_entry.submission_history, name="submission_history"),
    path("values/<int:value_id>/history/", views_entry.value_history, name="value_history"),
    path("completeness/", views_tracking.completeness_index, name="completeness_index"),
    path("completeness/overdue/", views_tracking.overdue_list, name="overdue_list"),
    path("completeness/overdue/remind/", views_reminders.overdue_remind, name="overdue_remind"),
    path("completeness/overdue/escalate/", views_reminders.overdue_escalate, name="overdue_escalate"),
    path("completeness/<path:code>/<str:period>/", views_tracking.form_completeness, name="form_completeness"),
    path("notifications/", views_tracking.notification_list, name="notification_list"),
    path("notifications/read/", views_tracking.notification_mark_read, name="notification_mark_read"),
    path("imports/", views_imports.import_upload, name="import_upload"),
    path("imports/template/", views_imports.import_template, name="import_template"),
    path("imports/units/", views_imports.import_unit_search, name="import_unit_search"),
    path("imports/<int:job_id>/", views_imports.import_job, name="import_job"),
    path("imports/<int:job_id>/progress/", views_imports.import_job_progress_view, name="import_job_progress"),
    path("imports/<int:job_id>/errors.csv", views_imports.import_job_errors, name="import_job_errors"),
]
