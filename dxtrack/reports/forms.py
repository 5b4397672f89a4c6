"""The generate form: the as-of date written as people write it (31/12/2025; ISO dates are
read too), the language and the format of the report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.reports.models import LANGUAGE_CHOICES, ReportFormat


class ReportRequestForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"), localize=True,
        help_text=_("dd/mm/yyyy. The report reads the programme as it stood at the end of that day."),
        error_messages={"invalid": _("Write the as-of date as dd/mm/yyyy, e.g. 31/12/2025.")},
        widget=forms.DateInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
    publish = forms.BooleanField(label=_("Publish on the portal"), required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, public_programme: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not public_programme:  # an internal programme's reports are never published
            del self.fields["publish"]
