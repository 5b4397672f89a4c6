from django.urls import path

from dxtrack.reporting import views_entry

app_name = "reporting"

urlpatterns = [
    path("", views_entry.submission_list, name="submission_list"),
    path("entry/<str:form_code>/<int:unit_id>/<str:period>/", views_entry.submission_start, name="submission_start"),
    path("submissions/<int:submission_id>/", views_entry.submission_entry, name="entry"),
    path("submissions/<int:submission_id>/history/", views_entry.submission_history, name="submission_history"),
    path("values/<int:value_id>/history/", views_entry.value_history, name="value_history"),
]
