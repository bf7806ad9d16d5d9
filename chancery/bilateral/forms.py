"""Forms of the bilateral pages beyond the registry's: the treaty status and dossier questions, a
commitment's journal, a briefing's talking points. A state is picked by typing its name."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.keys import BoundedModelChoiceField
from chancery.core.text import StorableTextForm
from chancery.core.widgets import use_lookup
from chancery.reference.models import Country

from .models import Commitment


class TreatyStatusForm(forms.Form):
    """Which state, on which day."""

    LISTS = [
        ("", _("All agreements")),
        ("in_negotiation", _("In negotiation")),
        ("signed_not_consented", _("Signed, not ratified")),
        ("awaiting", _("Awaiting entry into force")),
        ("expiring", _("Expiring within 180 days")),
    ]

    state = BoundedModelChoiceField(queryset=Country.objects.none(), label=_("State"))
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    show = forms.ChoiceField(label=_("Show"), choices=LISTS, required=False)

    def __init__(self, data, user):
        data = data.copy()
        data.setdefault("on", timezone.localdate().isoformat())
        super().__init__(data)
        self.fields["state"].queryset = Country.objects.visible_to(user)
        use_lookup(self.fields["state"], Country)
        if not data.get("state"):
            home = (
                self.fields["state"].queryset.filter(alpha_2=settings.CHANCERY_HOME_STATE).first()
            )
            self.data["state"] = home.pk if home else ""


class DossierForm(forms.Form):
    """Which state's dossier to open, found by typing its name."""

    state = BoundedModelChoiceField(
        queryset=Country.objects.none(), label=_("State"), to_field_name="alpha_2"
    )

    def __init__(self, data, user):
        super().__init__(data)
        field = self.fields["state"]
        field.queryset = Country.objects.visible_to(user).exclude(alpha_2="")
        use_lookup(field, Country, "alpha_2")


class CommitmentUpdateForm(StorableTextForm, forms.Form):
    """A journal entry on a commitment; it sets the commitment's status."""

    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TalkingPointsForm(StorableTextForm, forms.Form):
    """The editable part of a briefing."""

    talking_points = forms.CharField(
        label=_("Talking points"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
