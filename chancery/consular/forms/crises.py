"""Forms of crisis accounting: marking a person, writing a message to everyone in the area."""

from django import forms
from django.utils.text import format_lazy
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
    """The message in English, and in Azerbaijani and Russian for those who registered in them;
    a version in one of those is whole (subject and text) or left out."""

    class Meta:
        model = CrisisMessage
        fields = ["subject", "body", "subject_az", "body_az", "subject_ru", "body_ru"]
        labels = {
            "subject": format_lazy("{} ({})", _("subject"), _("English")),
            "body": format_lazy("{} ({})", _("message"), _("English")),
        }
        widgets = {
            **{
                name: forms.TextInput(attrs={"class": "form-control"})
                for name in ("subject", "subject_az", "subject_ru")
            },
            **{
                name: forms.Textarea(attrs={"rows": 4, "class": "form-control"})
                for name in ("body", "body_az", "body_ru")
            },
        }

    def clean(self):
        cleaned = super().clean()
        for language in ("az", "ru"):
            subject, body = f"subject_{language}", f"body_{language}"
            if bool(cleaned.get(subject)) != bool(cleaned.get(body)):
                missing = body if cleaned.get(subject) else subject
                self.add_error(
                    missing, _("Give the subject and the text of this version, or neither.")
                )
        return cleaned
