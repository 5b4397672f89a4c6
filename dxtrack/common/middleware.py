"""Vietnamese first: pages are Vietnamese unless the visitor chose English.

Most office browsers in Viet Nam announce `Accept-Language: en-US` whatever their users read,
so Django's LocaleMiddleware would show English to most officials. Pages therefore follow only
the language cookie set by the language switch; API clients, which choose their header on
purpose, still get Accept-Language.
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(API_PREFIX):
            super().process_request(request)
            return
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
