from django import forms
from django.utils.translation import gettext_lazy as _

LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use the token, e.g. “district import script”."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"), choices=LIFETIMES, coerce=int, initial=90, widget=forms.Select(attrs={"class": "form-select"}),
    )
