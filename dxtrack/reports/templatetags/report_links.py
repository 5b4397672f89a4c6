"""`{% load report_links %}{% report_link programme %}`: the way to a programme's reports, shown
only to those who may make them (pages of other apps link here without knowing the rule)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dxtrack.reports.selectors import user_may_report

register = template.Library()


@register.simple_tag(takes_context=True)
def report_link(context, programme) -> str:
    request = context.get("request")
    if request is None or not user_may_report(request.user, programme):
        return ""
    return format_html('<a class="btn btn-sm btn-outline-primary" href="{}" data-reports-link>{}</a>',
                       reverse("reports:report_list", args=[programme.code]), _("Progress reports (DOCX, PDF, XLSX)"))
