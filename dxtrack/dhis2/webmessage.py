"""DHIS2's WebMessage: the JSON shape of every answer that is not data.

`{"httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR", "message": "…",
"errorCode": "E7610", "response": {…}}` as DHIS2 2.40 writes it; clients print `message`
(and show "Error None: None" when it is missing). `detail` repeats the message so that the
answer also has the shape of our own /api/v1/ errors (docs/api.md).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import JsonResponse


class Dhis2Error(Exception):
    """Answer with this WebMessage; nothing was changed."""

    def __init__(
        self, status_code: int, message: str, *, error_code: str | None = None, headers: dict[str, str] | None = None,
        response: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.error_code = error_code
        self.headers = headers or {}
        self.response = response


def web_message_body(
    status_code: int, message: str, *, status: str | None = None, error_code: str | None = None,
    response: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "httpStatus": HTTPStatus(status_code).phrase,
        "httpStatusCode": status_code,
        "status": status or ("OK" if status_code < 300 else "ERROR"),
        "message": message,
        "detail": message,
    }
    if error_code:
        body["errorCode"] = error_code
    if response is not None:
        body["response"] = response
    return body


def web_message(status_code: int, message: str, **more: Any) -> JsonResponse:
    headers = more.pop("headers", None) or {}
    answer = JsonResponse(web_message_body(status_code, message, **more), status=status_code, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        answer[name] = value
    return answer


def error_response(error: Dhis2Error) -> JsonResponse:
    return web_message(error.status_code, error.message, error_code=error.error_code, headers=error.headers, response=error.response)
