"""The citizen's form on the public page: the same form registers a trip and updates it through
the citizen's link. The rules every registration follows are the model's (`Registration.clean`);
the form adds those of a trip registered by the public."""

import datetime
import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.keys import BoundedModelChoiceField
from chancery.core.models import PUBLIC
from chancery.core.text import StorableTextForm
from chancery.reference.models import Country

from ..models import Registration

LONGEST_TRIP = datetime.timedelta(days=2 * 365)
FURTHEST_START = datetime.timedelta(days=2 * 365)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
NAME_PUNCTUATION = " -'\u2019."  # the apostrophe also as typographers write it
TRAVEL_DOCUMENT = re.compile(r"[A-Za-z0-9 ]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{4,38}")

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def written_in(value, script):
    """Whether `value` has letters, all of the `script` ("LATIN", "CYRILLIC"), and only the
    punctuation of names besides."""
    letters = [ch for ch in value if ch not in NAME_PUNCTUATION]
    return bool(letters) and all(
        ch.isalpha() and unicodedata.name(ch, "").startswith(script) for ch in letters
    )


class RegistrationForm(StorableTextForm, forms.ModelForm):
    country = BoundedModelChoiceField(
        label=_("state of stay"),
        queryset=Country.objects.none(),
        empty_label=_("Choose the state"),
        error_messages={
            "required": _("Choose the state where you will stay."),
            "invalid_choice": _("Choose the state of stay from the list."),
        },
    )

    class Meta:
        model = Registration
        fields = (
            "surname_latin",
            "given_names_latin",
            "name_cyrillic",
            "date_of_birth",
            "sex",
            "travel_document",
            "country",
            "city",
            "address",
            "arrives_on",
            "leaves_on",
            "purpose",
            "phone",
            "email",
            "emergency_contact",
            "group",
            "consent",
        )
        labels = {
            "surname_latin": _("Surname (in Latin letters, as in your passport)"),
            "given_names_latin": _("Given names (in Latin letters, as in your passport)"),
            "name_cyrillic": _("Full name in Cyrillic (optional)"),
            "sex": _("Sex (optional)"),
            "travel_document": _("Passport or travel document number"),
            "arrives_on": _("Arriving on"),
            "leaves_on": _("Leaving on"),
            "purpose": _("Purpose of the trip (optional)"),
            "address": _("Address where you stay (optional)"),
            "phone": _("Phone number abroad, with the country code"),
            "email": _("E-mail address"),
            "emergency_contact": _("Emergency contact at home (optional)"),
            "group": _("Travelling with (optional)"),
        }
        help_texts = {
            "name_cyrillic": "",
            "email": _("Your link to update or cancel the registration is sent here."),
            "phone": _("Give a phone number, an e-mail address or both."),
            "emergency_contact": _("Name, relation and phone of someone at home."),
            "group": _("The family or organisation travelling with you, if any."),
        }
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "arrives_on": DATE_WIDGET,
            "leaves_on": DATE_WIDGET,
        }
        error_messages = {
            "surname_latin": {"required": _("Give your surname.")},
            "given_names_latin": {"required": _("Give your given names.")},
            "date_of_birth": {
                "required": _("Give your date of birth."),
                "invalid": _("Enter the date of birth as a real date (year-month-day)."),
            },
            "city": {"required": _("Give the city where you will stay.")},
            "arrives_on": {
                "required": _("Give the day you arrive."),
                "invalid": _("Enter the day you arrive as a real date (year-month-day)."),
            },
            "leaves_on": {
                "required": _("Give the day you leave."),
                "invalid": _("Enter the day you leave as a real date (year-month-day)."),
            },
            "email": {"invalid": _("Enter a valid e-mail address, such as name@example.org.")},
            "sex": {"invalid_choice": _("Choose female, male, or leave it empty.")},
        }

    def __init__(self, *args, home, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.visible_to(PUBLIC).exclude(pk=home.pk)
        self.fields["sex"].choices = [("", _("Not given")), *Registration.Sex.choices]
        document = self.fields["travel_document"]
        document.required = True
        document.error_messages["required"] = _("Give the number of your passport.")
        self.fields["consent"].label = _(
            "I agree that the ministry keeps these data to reach and help me during this trip, "
            "and deletes them %(days)s days after it ends."
        ) % {"days": settings.CHANCERY_REGISTRATION_RETENTION_DAYS}
        self.fields["consent"].widget.attrs["required"] = True
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs.setdefault("class", "form-control")
        for name, autocomplete in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_surname_latin(self):
        return self._in_script("surname_latin", "LATIN", _("Write the surname in Latin letters."))

    def clean_given_names_latin(self):
        return self._in_script(
            "given_names_latin", "LATIN", _("Write the given names in Latin letters.")
        )

    def clean_name_cyrillic(self):
        return self._in_script(
            "name_cyrillic", "CYRILLIC", _("Write the name in Cyrillic letters, or leave it empty.")
        )

    def _in_script(self, name, script, message):
        value = self.cleaned_data[name]
        if value and not written_in(value, script):
            raise forms.ValidationError(message)
        return value

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born < EARLIEST_BIRTH:
            raise forms.ValidationError(
                _("A date of birth before %(year)s cannot be right.")
                % {"year": EARLIEST_BIRTH.year}
            )
        return born  # one in the future is refused by the model, for every registration

    def clean_travel_document(self):
        number = self.cleaned_data["travel_document"]
        if not TRAVEL_DOCUMENT.fullmatch(number):
            raise forms.ValidationError(
                _("A passport number has only Latin letters and digits (spaces are ignored).")
            )
        return number

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Write the phone number in digits, starting with + and the country code.")
            )
        return phone

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("arrives_on"), data.get("leaves_on")
        if end and end < today:
            self.add_error(
                "leaves_on",
                _("The trip ended on %(end)s, in the past: register a trip under way or ahead.")
                % {"end": end},
            )
        if start and start > today + FURTHEST_START:
            self.add_error(
                "arrives_on",
                _("The trip starts more than two years from now; register it nearer the time."),
            )
        if start and end and end >= start and end - start > LONGEST_TRIP:
            self.add_error(
                "leaves_on",
                _(
                    "The trip would last %(days)s days; a trip longer than two years cannot be "
                    "registered here: please contact the mission."
                )
                % {"days": (end - start).days},
            )
        no_contact = not data.get("phone") and not data.get("email")
        if no_contact and not self.has_error("phone") and not self.has_error("email"):
            self.add_error(
                "phone",
                _("Give a phone number or an e-mail address, so that the mission can reach you."),
            )
        return data


AUTOCOMPLETE = {
    "surname_latin": "family-name",
    "given_names_latin": "given-name",
    "date_of_birth": "bday",
    "sex": "sex",
    "address": "street-address",
    "phone": "tel",
    "email": "email",
}
