"""The aid report's question: which aid projects to total."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.keys import BoundedModelChoiceField
from chancery.reference.models import Country, Organization

from .models import AidProject

FIRST_YEAR, LAST_YEAR = 1900, 2100


class AidReportForm(forms.Form):
    """Narrow the aid report to an agency, a recipient, a sector, a status or years of start;
    choices of records go through `visible_to`."""

    agency = BoundedModelChoiceField(
        queryset=Organization.objects.none(), label=_("Agency"), required=False
    )
    recipient = BoundedModelChoiceField(
        queryset=Country.objects.none(), label=_("Recipient state"), required=False
    )
    sector = forms.ChoiceField(
        choices=[("", "—"), *AidProject.Sector.choices], label=_("Sector"), required=False
    )
    status = forms.ChoiceField(
        choices=[("", "—"), *AidProject.Status.choices], label=_("Status"), required=False
    )
    year_from = forms.IntegerField(
        label=_("Started from"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("Started until"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["agency"].queryset = Organization.objects.visible_to(user)
        self.fields["recipient"].queryset = Country.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None and last < first:
            self.add_error("year_to", _("The last year is before the first."))
        return cleaned

    def narrow(self, queryset):
        """`queryset` of aid projects narrowed to what the valid form asks."""
        data = self.cleaned_data if self.is_bound else {}
        for name in ("agency", "recipient", "sector", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("year_from") is not None:
            queryset = queryset.filter(start__year__gte=data["year_from"])
        if data.get("year_to") is not None:
            queryset = queryset.filter(start__year__lte=data["year_to"])
        return queryset
