from django.contrib import admin
from django.urls import include, path

from dxtrack.api.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/", include("dxtrack.dhis2.urls")),  # DHIS2's layout; after api/v1/, which stays ours
    path("accounts/tokens/", include("dxtrack.api.urls")),
    path("accounts/", include("dxtrack.accounts.urls")),
    path("reporting/", include("dxtrack.reporting.urls")),
    path("feedback/", include("dxtrack.feedback.urls")),
    path("open311/v2/", include("dxtrack.feedback.open311.urls")),
    path("enterprises/", include("dxtrack.enterprises.urls")),
    path("reports/", include("dxtrack.reports.urls")),
    path("audit/", include("dxtrack.audit.urls")),
    path("", include("dxtrack.dashboards.urls")),
]

# A database failure outside a view (e.g. saving the session) becomes the 503 page, not a 500.
handler500 = "dxtrack.accounts.faults.server_error"
