from django.urls import path

from dxtrack.api import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
