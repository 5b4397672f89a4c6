from django.urls import path

from dxtrack.feedback import views_public

app_name = "feedback"

urlpatterns = [
    path("track/", views_public.item_track, name="track"),
]
