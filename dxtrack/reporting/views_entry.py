"""Data entry and approval pages (placeholders are replaced in the next commit)."""

from django.http import Http404, HttpRequest, HttpResponse


def submission_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def submission_start(request: HttpRequest, form_code: str, unit_id: int, period: str) -> HttpResponse:
    raise Http404


def submission_entry(request: HttpRequest, submission_id: int) -> HttpResponse:
    raise Http404


def submission_history(request: HttpRequest, submission_id: int) -> HttpResponse:
    raise Http404


def value_history(request: HttpRequest, value_id: int) -> HttpResponse:
    raise Http404
