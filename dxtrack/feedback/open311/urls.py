from django.urls import re_path

from dxtrack.feedback.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="service_list"),
    re_path(r"^services/(?P<code>[\w-]+)" + FMT, views.service_definition, name="service_definition"),
    re_path(r"^requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[\w-]+)" + FMT, views.request_detail, name="request_detail"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + FMT, views.token_detail, name="token_detail"),
]
