"""`{% load report_links %}{% report_link programme %}`: the way to a programme's reports for
those who may make them, and to its published reports for everyone when the programme is
public (pages of other apps link here without knowing the rules)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from dxtrack.reports.selectors import user_may_report

register = template.Library()


@register.simple_tag(takes_context=True)
def report_link(context, programme) -> str:
    request = context.get("request")
    links = []
    if request is not None and user_may_report(request.user, programme):
        links.append(format_html('<a class="btn btn-sm btn-outline-primary" href="{}" data-reports-link>{}</a>',
                                 reverse("reports:report_list", args=[programme.code]), _("Progress reports (DOCX, PDF, XLSX)")))
    if programme.is_public:
        links.append(format_html('<a class="btn btn-sm btn-outline-secondary" href="{}" data-published-link>{}</a>',
                                 reverse("reports:public_report_list", args=[programme.code]), _("Published reports")))
    if not links:
        return ""
    return format_html('<p class="d-flex flex-wrap gap-2 mb-2">{}</p>', format_html_join("", "{}", ((link,) for link in links)))
