"""Which format a request wants back (the path's suffix, else `Accept`) and which it sends.

DHIS2 answers `.json`, `.csv` and `.xml` (and the same by `Accept`) where the resource
offers them; JSON when the client says nothing or accepts anything.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dxtrack.dhis2.webmessage import Dhis2Error

MEDIA_TYPES = {"json": "application/json", "csv": "application/csv", "xml": "application/xml"}
_ACCEPTED = {
    "application/json": "json", "text/json": "json", "*/*": "json", "application/*": "json",
    "text/csv": "csv", "application/csv": "csv", "text/*": "csv",
    "application/xml": "xml", "text/xml": "xml",
}


def response_format(request: HttpRequest, suffix: str | None, offered: tuple[str, ...]) -> str:
    """The format to answer in, or Dhis2Error 406 naming what this resource offers."""
    if suffix:
        if suffix in offered:
            return suffix
        raise _not_acceptable(suffix, offered)
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return offered[0]
    wanted = []
    for position, part in enumerate(accept.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        wanted.append((-quality, position, media.lower()))
    for quality, _position, media in sorted(wanted):
        found = _ACCEPTED.get(media)
        if quality < 0 and found is not None:
            if found in offered:
                return found
            if media.endswith("*"):
                return offered[0]
    raise _not_acceptable(accept[:80], offered)


def _not_acceptable(asked: str, offered: tuple[str, ...]) -> Dhis2Error:
    return Dhis2Error(406, _("This resource does not answer in %(asked)s; it offers %(offered)s.") % {
        "asked": asked, "offered": ", ".join(offered),
    })


def body_format(request: HttpRequest, offered: tuple[str, ...]) -> str:
    """The format of the request body, from Content-Type (JSON when none is given)."""
    content_type = request.content_type or ""
    if not content_type or content_type in ("application/json", "text/json", "text/plain"):
        return "json"
    found = _ACCEPTED.get(content_type)
    if found is None or found not in offered or content_type.endswith("*"):
        raise Dhis2Error(415, _("A body of type %(type)s cannot be read here; send %(offered)s.") % {
            "type": content_type[:80], "offered": ", ".join(MEDIA_TYPES[name] for name in offered),
        })
    return found
