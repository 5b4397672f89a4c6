from django.urls import re_path

from dxtrack.dhis2.dispatch import api_dispatch

app_name = "dhis2"

# [\s\S]: a path may hold a newline; everything under /api/ but /api/v1/ (which config.urls
# routes to our own API first) is answered by the dispatcher, unknown paths as JSON 404.
urlpatterns = [re_path(r"^(?P<path>[\s\S]*)$", api_dispatch, name="api")]
