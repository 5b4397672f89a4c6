"""The query parameters of the leaders' pages, checked before any figure is read.

A malformed parameter is the visitor's mistake and gets a 400 page saying which parameter and
why (`BadQuery`); a well-formed parameter naming nothing that exists (a unit outside the
programme, a period without a figure) is a 404, as for a wrong path. Sorting is allow-listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period

SORTS = ("unit", "-unit", "value", "-value", "coverage", "-coverage")


class BadQuery(Exception):
    """A malformed query parameter; `messages` says which and why (already translated)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class FigureQueryForm(forms.Form):
    unit = forms.IntegerField(label=_("unit"), required=False, min_value=1)
    period = forms.CharField(label=_("period"), required=False, max_length=16)
    as_of = forms.DateField(label=_("as of"), required=False, input_formats=["%Y-%m-%d"])
    sort = forms.ChoiceField(label=_("sort"), required=False, choices=[(s, s) for s in SORTS])

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        if text:
            try:
                parse_period(text)
            except AnalyticsError:
                raise forms.ValidationError(_("“%(period)s” is not a period (2024, 2024S1, 2024Q3 or 2024-05).") % {"period": text}) from None
        return text


@dataclass(frozen=True)
class FigureQuery:
    unit_id: int | None
    period: str
    as_of: date | None
    sort: str


def figure_query(request: HttpRequest) -> FigureQuery:
    """The parameters of an indicator, breakdown or scorecard page; BadQuery when malformed."""
    form = FigureQueryForm(request.GET)
    if not form.is_valid():
        raise BadQuery([
            f"{name} ({form.fields[name].label}): {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ])
    data = form.cleaned_data
    return FigureQuery(unit_id=data["unit"], period=data["period"], as_of=data["as_of"], sort=data["sort"] or "unit")
