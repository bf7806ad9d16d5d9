"""Forms of the conflict pages beyond the registry's: the report's questions, and the evidence
form that offers a file only when the evidence is received."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import RecordForm
from chancery.core.keys import BoundedModelChoiceField
from chancery.core.models import DatePrecision, show_partial_date

from .models import Incident, Settlement
from .models.evidence import FIXED
from .report import GRANULARITIES, MONTH, Filters

FIRST_YEAR, LAST_YEAR = 1900, 2100


def _date_field(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportForm(forms.Form):
    """What the casualties and damage report adds up: a period, a kind, a settlement, a state of
    verification, and whether by month or by year."""

    start = _date_field(_("From"))
    end = _date_field(_("To"))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *Incident.Kind.choices]
    )
    settlement = BoundedModelChoiceField(
        queryset=Settlement.objects.none(), label=_("Settlement"), required=False
    )
    verification = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", "—"), *Incident.Verification.choices],
    )
    period = forms.ChoiceField(label=_("By"), required=False, choices=GRANULARITIES)

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["settlement"].queryset = Settlement.objects.visible_to(user).select_related(
            "country"
        )
        self.fields["settlement"].label_from_instance = lambda s: f"{s.name} ({s.country.alpha_2})"

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("The end (%(end)s) is before the start (%(start)s).")
                % {
                    "end": show_partial_date(end, DatePrecision.DAY),
                    "start": show_partial_date(start, DatePrecision.DAY),
                },
            )
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind") or "",
            settlement=data.get("settlement"),
            verification=data.get("verification") or "",
            period=data.get("period") or MONTH,
        )


class EvidenceForm(RecordForm):
    """The evidence form: the file, its incident and what it replaces are given once, when it is
    received; editing offers only what may change (the description, the classification...)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in FIXED:
                self.fields.pop(name, None)
