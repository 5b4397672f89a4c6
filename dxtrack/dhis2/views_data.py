"""dataValueSets (GET: export, POST: import) and dataValues (one value: GET, POST, DELETE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from dxtrack.dhis2.dispatch import Call
from dxtrack.dhis2.exporting import export_audited, export_prepare
from dxtrack.dhis2.formats import MEDIA_TYPES


def data_value_sets_get(request: HttpRequest, call: Call) -> HttpResponse:
    export = export_prepare(request)
    response = StreamingHttpResponse(export_audited(request, export, call.format), content_type=MEDIA_TYPES[call.format] + "; charset=utf-8")
    if call.format == "csv":
        response["Content-Disposition"] = 'attachment; filename="dataValueSets.csv"'
    return response
