"""Forms of crisis accounting: marking a person, writing a message to everyone in the area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.text import StorableTextForm

from ..models import CrisisCheck, CrisisMessage


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=CrisisCheck.Status.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class MessageForm(StorableTextForm, forms.ModelForm):
    class Meta:
        model = CrisisMessage
        fields = ["subject", "body"]
        widgets = {
            "subject": forms.TextInput(attrs={"class": "form-control"}),
            "body": forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        }
