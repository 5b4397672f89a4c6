"""The registry search form (GET): every field optional, each checked before it filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.enterprises.selectors import RegistryQuery
from dxtrack.enterprises.sizes import SizeClass


class RegistrySearchForm(forms.Form):
    q = forms.CharField(label=_("Tax code or name"), required=False, max_length=200)
    vsic = forms.RegexField(
        label=_("VSIC code"), required=False, regex=r"^\d{1,5}$", max_length=5,
        error_messages={"invalid": _("A VSIC code is 1 to 5 digits, e.g. 62 or 6201.")},
    )
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    size = forms.ChoiceField(label=_("Size class"), required=False, choices=[("", _("All sizes")), *SizeClass.choices])
    it = forms.BooleanField(label=_("IT enterprises only"), required=False)

    def __init__(self, *args, wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", _("All wards")), *((ward.code, ward.name) for ward in wards)]

    def query(self) -> RegistryQuery:
        data = self.cleaned_data
        return RegistryQuery(
            text=data.get("q") or "", vsic=data.get("vsic") or "", ward=data.get("ward") or "",
            size=data.get("size") or "", it_only=bool(data.get("it")),
        )
