"""GeoReport v2's two formats: XML (required by the spec) and JSON, the same tree.

A response is a root element name, a child element name and a list of dicts; a value that is a
list of dicts becomes nested elements (attributes → attribute, values → value, formats → format).
"""

from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405  (we write XML, never parse it)

from django.http import HttpResponse, JsonResponse

CHILD_NAMES = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(parent: Element, data: dict) -> None:
    for key, value in data.items():
        node = SubElement(parent, key)
        if isinstance(value, list):
            for entry in value:
                child = SubElement(node, CHILD_NAMES.get(key, key.rstrip("s")))
                if isinstance(entry, dict):
                    _fill(child, entry)
                else:
                    child.text = _text(entry)
        else:
            node.text = _text(value)


def respond(fmt: str, *, root: str, child: str | None, data, status: int = 200) -> HttpResponse:
    """`data` is a list of dicts under <root><child>…, or one dict that is the root itself."""
    if fmt == "json":
        return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    top = Element(root)
    if child is None:
        _fill(top, data)
    else:
        for entry in data:
            _fill(SubElement(top, child), entry)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(top, encoding="unicode").encode("utf-8")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def errors(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error list: one error with the HTTP status as its code."""
    return respond(fmt, root="errors", child="error", data=[{"code": status, "description": description}], status=status)
