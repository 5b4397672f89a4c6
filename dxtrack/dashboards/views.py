from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def programme_overview(request: HttpRequest, code: str) -> HttpResponse:
    raise NotImplementedError
