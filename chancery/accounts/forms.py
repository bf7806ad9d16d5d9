"""The forms of log-in's second step, enrolment and API tokens."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class ApiTokenForm(forms.ModelForm):
    """A token's name and expiry date: at most CHANCERY_TOKEN_MAX_DAYS ahead."""

    expires = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )

    class Meta:
        model = ApiToken
        fields = ["name"]
        widgets = {"name": forms.TextInput(attrs={"class": "form-control"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires"].initial = today + timedelta(
            days=settings.CHANCERY_TOKEN_DEFAULT_DAYS
        )
        self.fields["expires"].help_text = _("At most %(days)s days from today.") % {
            "days": settings.CHANCERY_TOKEN_MAX_DAYS
        }

    def clean_expires(self):
        expires = self.cleaned_data["expires"]
        today = timezone.localdate()
        if expires <= today:
            raise forms.ValidationError(_("The expiry date must be after today."))
        if expires > today + timedelta(days=settings.CHANCERY_TOKEN_MAX_DAYS):
            raise forms.ValidationError(
                _("A token may live at most %(days)s days.")
                % {"days": settings.CHANCERY_TOKEN_MAX_DAYS}
            )
        return expires

    def expiry_moment(self):
        """The end of the chosen day, in the ministry's time zone."""
        day = self.cleaned_data["expires"]
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's, styled as the rest of the pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
