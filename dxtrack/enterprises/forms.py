"""Forms of the enterprises pages: the registry search (GET, every field optional) and the
enterprise accounts (registration with consents, claim, own figures)."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from dxtrack.accounts.models import User
from dxtrack.enterprises.models import ConsentPurpose, EnrolmentStatus
from dxtrack.enterprises.selectors import RegistryQuery
from dxtrack.enterprises.sizes import SizeClass
from dxtrack.enterprises.text import fold


class RegistrySearchForm(forms.Form):
    q = forms.CharField(label=_("Tax code or name"), required=False, max_length=200)
    vsic = forms.RegexField(
        label=_("VSIC sector"), required=False, regex=r"^\d{1,5}$", max_length=5,
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


class ConsentFields(forms.Form):
    """One box per purpose, never ticked in advance: no initial value, ever."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for purpose in ConsentPurpose:
            self.fields[f"consent_{purpose.value}"] = forms.BooleanField(label=purpose.label, required=False)

    def consents(self) -> dict[str, bool]:
        return {purpose: bool(self.cleaned_data.get(f"consent_{purpose}")) for purpose in ConsentPurpose.values}

    def consent_fields(self):
        return [self[f"consent_{purpose}"] for purpose in ConsentPurpose.values]


class AccountRegisterForm(UserCreationForm, ConsentFields):
    email = forms.EmailField(label=_("E-mail"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean(self):
        data = super().clean()
        if not data.get(f"consent_{ConsentPurpose.ACCOUNT}"):
            self.add_error(
                f"consent_{ConsentPurpose.ACCOUNT}",
                _("An account cannot be run without consent to processing your name and e-mail."),
            )
        return data


class ConsentForm(ConsentFields):
    pass


class ClaimForm(forms.Form):
    tax_code = forms.CharField(label=_("Tax code of your enterprise"), max_length=20)


class OwnEnterpriseForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=300)
    employees = forms.IntegerField(label=_("Employees with social insurance (yearly average)"), min_value=0)
    revenue_vnd = forms.IntegerField(label=_("Revenue last year (VND)"), min_value=0, required=False)
    capital_vnd = forms.IntegerField(label=_("Total capital (VND)"), min_value=0, required=False)
    is_it = forms.BooleanField(label=_("We are an IT enterprise"), required=False)
    # Not pre-answered: "not answered" stays out of KTS-04 (the share of enterprises using e-contracts).
    uses_e_contracts = forms.NullBooleanField(
        label=_("Does your enterprise sign contracts electronically (e-contracts)?"), required=False,
        widget=forms.NullBooleanSelect(attrs={"class": "form-select"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("revenue_vnd") is None and data.get("capital_vnd") is None and not self.errors:
            raise forms.ValidationError(_("Give the revenue or the capital (or both): the size class needs one."))
        return data


class EnrolmentFilterForm(forms.Form):
    """The officers' enrolment list: by status, activity, enterprise (name or tax code)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    q = forms.CharField(label=_("Tax code or name"), required=False, max_length=200)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *EnrolmentStatus.choices]
        self.fields["activity"].choices = [
            ("", _("All activities")), *((activity.code, activity.name) for activity in programme.activities.order_by("code")),
        ]

    def apply(self, enrolments):
        data = self.cleaned_data
        if data.get("status"):
            enrolments = enrolments.filter(status=data["status"])
        if data.get("activity"):
            enrolments = enrolments.filter(activity__code=data["activity"])
        text = (data.get("q") or "").strip()
        digits = text.replace("-", "").replace(" ", "")
        if digits.isdigit():
            enrolments = enrolments.filter(enterprise__tax_code__startswith=digits)
        else:
            for word in fold(text).split():
                enrolments = enrolments.filter(enterprise__search_text__contains=word)
        return enrolments
