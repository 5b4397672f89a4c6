from django.urls import path

from dxtrack.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.registry_search, name="registry_search"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
]
