"""`{% pager_link n %}`: the current query string with `page` set to n (filters kept)."""

from django import template
from django.utils.http import urlencode

from dxtrack.common.paging import PAGE_PARAMETER, pager_query

register = template.Library()


@register.simple_tag(takes_context=True)
def pager_link(context, number: int) -> str:
    others = pager_query(context["request"])
    own = urlencode({PAGE_PARAMETER: number})
    return f"{others}&{own}" if others else own
