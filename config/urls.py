from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("dxtrack.accounts.urls")),
    path("reporting/", include("dxtrack.reporting.urls")),
    path("", include("dxtrack.dashboards.urls")),
]

# A database failure outside a view (e.g. saving the session) becomes the 503 page, not a 500.
handler500 = "dxtrack.accounts.faults.server_error"
