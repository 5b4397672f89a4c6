from django.urls import path

from dxtrack.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_event_list, name="event_list"),
    path("audit.csv", views.audit_event_csv, name="event_csv"),
]
