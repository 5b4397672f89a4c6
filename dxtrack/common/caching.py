"""No copy of a private page in any cache: `Cache-Control: no-store` for signed-in visitors.

A leader reads figures of unapproved drafts on a shared office computer or through a proxy; the
browser's back button or a caching proxy must not show them to the next person. Every response
to a request with a signed-in session or an API token (`Authorization` header) says no-store,
private. Public pages (the open-data overview for anonymous visitors, static files) are left to
their own headers.

"Signed in" is read from the session cookie (sent, or being set by this response), not from
`request.user`: loading the user after the view would query the database once more, and fail
again on the way out when the database is down (the 503 page must still be sent).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivateNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        cookie = settings.SESSION_COOKIE_NAME
        if cookie in request.COOKIES or cookie in response.cookies or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
