"""One pager for every long list (Django's Paginator) and its partial `common/_pager.html`.

Decision (issue 8): a malformed `?page=` — not a whole number, or below 1 — is the visitor's
mistake: `MalformedPage` is raised and the page answers 400 naming the parameter
(`bad_parameter_response`). A well-formed number past the end shows the last page, as
`Paginator.get_page` does: a list that shrank between two clicks should not be an error.

The partial keeps the other query parameters (the filters) in its links, so paging a
filtered list stays filtered:

    page = page_of(request, rows, per_page=50)          # raises MalformedPage
    {% include "common/_pager.html" with page=page %}
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

DEFAULT_PER_PAGE = 50
PAGE_PARAMETER = "page"


class MalformedPage(ValueError):
    """`?page=` is not a whole number of at least 1; the message names the parameter."""


def page_number(request: HttpRequest, parameter: str = PAGE_PARAMETER) -> int:
    text = request.GET.get(parameter, "").strip()
    if not text:
        return 1
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise MalformedPage(
            _("%(parameter)s: “%(value)s” is not a page number (a whole number from 1).")
            % {"parameter": parameter, "value": text[:20]}
        )
    return int(text)


def page_of(
    request: HttpRequest, items: Sequence | QuerySet, per_page: int = DEFAULT_PER_PAGE, *,
    paginator_class: type[Paginator] = Paginator,
) -> Page:
    """The requested page of `items`; past the end, the last page. Raises MalformedPage.

    `paginator_class` lets a list count differently (the feedback list caps its count)."""
    paginator = paginator_class(items, per_page)
    return paginator.get_page(min(page_number(request), paginator.num_pages))


def pager_query(request: HttpRequest, parameter: str = PAGE_PARAMETER) -> str:
    """The request's other query parameters, url-encoded, to carry into the pager's links."""
    query = request.GET.copy()
    query.pop(parameter, None)
    return query.urlencode()


def bad_parameter_response(request: HttpRequest, reason: MalformedPage | str) -> HttpResponse:
    """400 page: the reason names the parameter (a malformed page, or a filter naming nothing)."""
    return render(request, "common/bad_parameter.html", {"reasons": [str(reason)]}, status=400)
