"""Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests
(list with the spec's filters, one by id, POST with an api_key) and tokens, in XML and JSON.

Our richer workflow is projected onto the spec's two statuses: received, assigned and in
progress are "open"; everything after is "closed"; status_notes says which state, in words.
agency_responsible and expected_datetime come from our routing and working-day deadlines.
Error descriptions are in English, the language of the specification's clients.
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from dxtrack.audit.request_info import client_ip
from dxtrack.feedback.models import Channel, ContentArea, ContentKind, Item, State
from dxtrack.feedback.open311.keys import open311_key_check
from dxtrack.feedback.open311.render import errors, respond
from dxtrack.feedback.services import FeedbackError, item_receive, text_check
from dxtrack.feedback.workflow import OPEN_STATES

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00+07:00"
MAX_RANGE = timedelta(days=90)
MAX_REQUESTS = 1000
MAX_DESCRIPTION_CHARS = 4000  # the spec's limit for description


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _end_of_day(day) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(17, 0)))  # offices close at 17:00


def _service(area: ContentArea) -> dict:
    return {
        "service_code": area.code, "service_name": area.name_vi, "description": area.description_vi or area.name_en,
        "metadata": True, "type": "realtime", "keywords": area.keywords, "group": "pakn",
    }


def _request(item: Item) -> dict:
    with translation.override("en"):
        notes = item.get_state_display()
        if item.state == State.REJECTED and item.reason:
            notes += f": {item.reason}"
    published = item.state == State.PUBLISHED and hasattr(item, "answer")
    return {
        "service_request_id": item.code,
        "status": "open" if item.state in OPEN_STATES else "closed",
        "status_notes": notes,
        "service_name": item.area.name_vi if item.area else None,
        "service_code": item.area.code if item.area else None,
        # Only the published, redacted question: the original may hold personal data.
        "description": item.answer.public_question if published else None,
        "agency_responsible": item.agency.name_vi if item.agency else None,
        "service_notice": None,
        "requested_datetime": _w3c(item.received_at),
        "updated_datetime": _w3c(item.updated_at),
        "expected_datetime": _w3c(_end_of_day(item.due_on)),
        "address": item.address or None, "address_id": None, "zipcode": None, "lat": None, "long": None,
        "media_url": settings.DXTRACK_SITE_URL + reverse("feedback:public_detail", args=[item.code]) if published else None,
    }


def discovery(request, fmt: str):
    base = request.build_absolute_uri(reverse("open311:discovery", args=[fmt]).rsplit("/", 1)[0] + "/")
    formats = ["text/xml", "application/json"]
    data = {
        "changeset": CHANGESET, "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": "API keys are issued by the province's administrators.",
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production", "formats": formats}],
    }
    return respond(fmt, root="discovery", child=None, data=data)


def service_list(request, fmt: str):
    return respond(fmt, root="services", child="service", data=[_service(area) for area in ContentArea.objects.filter(is_active=True)])


def service_definition(request, code: str, fmt: str):
    if not ContentArea.objects.filter(code=code, is_active=True).exists():
        return errors(fmt, 404, f"service_code {code} was not found")
    kinds = [{"key": kind.code, "name": kind.name_vi} for kind in ContentKind.objects.all()]
    attributes = [
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "Decree 20/2008/NĐ-CP Art. 5 content kind", "order": 1,
         "description": "Loại nội dung phản ánh, kiến nghị", "values": kinds},
        {"variable": True, "code": "organisation", "datatype": "string", "required": False,
         "datatype_description": "", "order": 2, "description": "Tên doanh nghiệp, tổ chức", "values": []},
    ]
    return respond(fmt, root="service_definition", child=None, data={"service_code": code, "attributes": attributes})


def _window(request, fmt: str):
    try:
        start = parse_datetime(request.GET["start_date"]) if request.GET.get("start_date") else None
        end = parse_datetime(request.GET["end_date"]) if request.GET.get("end_date") else None
    except ValueError:
        start = end = False
    if start is False or end is False or (request.GET.get("start_date") and start is None) or (request.GET.get("end_date") and end is None):
        return None, errors(fmt, 400, "start_date and end_date must be W3C date-times, e.g. 2026-02-10T09:00:00+07:00")
    end = end or timezone.now()
    start = start or end - MAX_RANGE
    if timezone.is_naive(start) or timezone.is_naive(end):
        return None, errors(fmt, 400, "start_date and end_date must include a time zone")
    if end - start > MAX_RANGE:
        return None, errors(fmt, 400, "the range from start_date to end_date may not exceed 90 days")
    return (start, end), None


@csrf_exempt
def requests_view(request, fmt: str):
    if request.method == "POST":
        return _request_create(request, fmt)
    if request.method != "GET":
        return errors(fmt, 405, "use GET or POST")
    items = Item.objects.select_related("area", "agency", "answer").order_by("-received_at")
    if not settings.DXTRACK_SHOW_SYNTHETIC:
        items = items.filter(is_sample=False)
    ids = [part.strip() for part in request.GET.get("service_request_id", "").split(",") if part.strip()]
    if ids:  # overrides every other parameter, as the spec says
        return respond(fmt, root="service_requests", child="request", data=[_request(item) for item in items.filter(code__in=ids)])
    window, error = _window(request, fmt)
    if error:
        return error
    items = items.filter(received_at__gte=window[0], received_at__lte=window[1])
    codes = [part.strip() for part in request.GET.get("service_code", "").split(",") if part.strip()]
    if codes:
        items = items.filter(area__code__in=codes)
    statuses = {part.strip() for part in request.GET.get("status", "").split(",") if part.strip()}
    if statuses - {"open", "closed"}:
        return errors(fmt, 400, "status is open, closed, or both separated by a comma")
    if statuses == {"open"}:
        items = items.filter(state__in=OPEN_STATES)
    elif statuses == {"closed"}:
        items = items.exclude(state__in=OPEN_STATES)
    return respond(fmt, root="service_requests", child="request", data=[_request(item) for item in items[:MAX_REQUESTS]])


def _request_create(request, fmt: str):
    key = open311_key_check(request.POST.get("api_key", ""))
    if key is None:
        return errors(fmt, 403, "api_key was not provided or is not valid")
    code = request.POST.get("service_code", "").strip()
    if not code:
        return errors(fmt, 400, "service_code was not provided")
    area = ContentArea.objects.filter(code=code, is_active=True).first()
    if area is None:
        return errors(fmt, 404, f"service_code {code} was not found")
    address = request.POST.get("address_string", "").strip()
    if not (address or request.POST.get("address_id") or (request.POST.get("lat") and request.POST.get("long"))):
        return errors(fmt, 400, "a location is required: lat and long, address_string or address_id")
    kind = ContentKind.objects.filter(code=request.POST.get("attribute[kind]", "")).first()
    try:
        with translation.override("en"):
            text = text_check(request.POST.get("description", ""), field="description", max_chars=MAX_DESCRIPTION_CHARS)
            name = " ".join(part for part in (request.POST.get("first_name", ""), request.POST.get("last_name", "")) if part)
            item = item_receive(
                channel=Channel.OPEN311, text=text, area=area, kind=kind, sender_name=name,
                sender_email=request.POST.get("email", ""), sender_phone=request.POST.get("phone", ""),
                sender_organisation=request.POST.get("attribute[organisation]", ""), address=address,
                ip=client_ip(request), open311_token=secrets.token_hex(16),
            )
    except FeedbackError as error:
        return errors(fmt, 429 if error.__class__.__name__ == "RateLimited" else 400, f"{error.field or 'request'}: {error.message}")
    notice = f"Answer expected by {item.due_on:%Y-%m-%d}" if item.due_on else ""
    return respond(fmt, root="service_requests", child="request",
                   data=[{"service_request_id": item.code, "service_notice": notice, "account_id": None}])


def request_detail(request, request_id: str, fmt: str):
    item = Item.objects.select_related("area", "agency", "answer").filter(code=request_id).first()
    if item is None:
        return errors(fmt, 404, f"service_request_id {request_id} was not found")
    return respond(fmt, root="service_requests", child="request", data=[_request(item)])


def token_detail(request, token: str, fmt: str):
    item = Item.objects.filter(open311_token=token).exclude(open311_token="").first()
    if item is None:
        return errors(fmt, 404, f"token {token} was not found")
    return respond(fmt, root="service_requests", child="request", data=[{"service_request_id": item.code, "token": token}])
