from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.feedback.models import Channel, ContentArea, ContentKind, Event


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


class ItemForm(BootstrapForm):
    """What a sender writes. Length limits are checked by the service, which says how long the text was."""

    text = forms.CharField(label=_("Your feedback or recommendation"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
                           help_text=_("At most %(limit)s characters.") % {"limit": "10.000"})
    area = forms.ModelChoiceField(label=_("Content area"), queryset=ContentArea.objects.filter(is_active=True), required=False,
                                  empty_label=_("I do not know"))
    kind = forms.ModelChoiceField(label=_("Content kind"), queryset=ContentKind.objects.all(), required=False, empty_label="—")
    sender_organisation = forms.CharField(label=_("Enterprise or organisation"), max_length=300, required=False)
    sender_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    sender_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    attachment = forms.FileField(label=_("Attachment (PDF, PNG, JPEG, DOCX, XLSX; at most 5 MB)"), required=False)


class StaffItemForm(ItemForm):
    """What staff write down from a letter, a call, an e-mail or a conference."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[(c.value, c.label) for c in Channel if c not in (Channel.WEB, Channel.OPEN311)])
    event = forms.ModelChoiceField(label=_("Conference"), queryset=Event.objects.all(), required=False)
    sender_email = forms.EmailField(label=_("Sender's e-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class EmailStartForm(BootstrapForm):
    email = forms.EmailField(label=_("Your e-mail address"))

