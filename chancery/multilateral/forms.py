"""Forms of the multilateral pages beyond the registry's: questions of memberships and votes. A
state or an organisation is picked by typing its name (an organ, among a few dozen, from a list)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import OnDayForm
from chancery.core.keys import BoundedModelChoiceField
from chancery.core.widgets import use_lookup
from chancery.reference.historic import predecessors_of
from chancery.reference.models import Country, Organization

from .models import Organ, Subject


class RollForm(OnDayForm):
    """An organisation's (or one organ's) membership roll on a day."""

    organization = BoundedModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation")
    )
    organ = BoundedModelChoiceField(queryset=Organ.objects.none(), label=_("Organ"), required=False)
    field_order = ["organization", "organ", "on"]

    def __init__(self, data, user):
        super().__init__(data)
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
        self.fields["organ"].queryset = Organ.objects.visible_to(user)
        use_lookup(self.fields["organization"], Organization)

    def clean(self):
        cleaned = super().clean()
        organ, organization = cleaned.get("organ"), cleaned.get("organization")
        if organ and organization and organ.organization_id != organization.pk:
            self.add_error(
                "organ",
                _("%(organ)s is not an organ of %(organization)s.")
                % {"organ": organ, "organization": organization},
            )
        return cleaned


class OverlapForm(OnDayForm):
    """Two states, for the organisations they both belong to on a day."""

    first = BoundedModelChoiceField(queryset=Country.objects.none(), label=_("State"))
    second = BoundedModelChoiceField(queryset=Country.objects.none(), label=_("Other state"))
    field_order = ["first", "second", "on"]

    def __init__(self, data, user):
        super().__init__(data)
        states = Country.objects.visible_to(user)
        for name in ("first", "second"):
            self.fields[name].queryset = states
            use_lookup(self.fields[name], Country)


class AlignmentForm(forms.Form):
    """A state (the home state unless another is given), optionally another state to compare it
    with, a period and a subject: the questions of the voting alignment page."""

    state = BoundedModelChoiceField(queryset=Country.objects.none(), label=_("State"))
    other = BoundedModelChoiceField(
        queryset=Country.objects.none(), label=_("Compared with"), required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    subject = BoundedModelChoiceField(
        queryset=Subject.objects.none(), label=_("Subject"), required=False
    )
    predecessors = forms.BooleanField(
        label=_("Include the states' predecessors"),
        required=False,
        help_text=_("Count the votes of the states each one succeeded (Russia: the Soviet Union)."),
    )

    def __init__(self, data, user):
        data = data.copy()
        super().__init__(data)
        self.user = user
        states = Country.objects.visible_to(user)
        for name in ("state", "other"):
            self.fields[name].queryset = states
            use_lookup(self.fields[name], Country)
        self.fields["subject"].queryset = Subject.objects.visible_to(user)
        if not data.get("state"):
            home = states.filter(alpha_2=settings.CHANCERY_HOME_STATE).first()
            self.data["state"] = home.pk if home else ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        state, other = cleaned.get("state"), cleaned.get("other")
        if state and other and state == other:
            self.add_error("other", _("Choose a state other than the first."))
        cleaned["state_side"] = self._side(state, cleaned.get("predecessors"))
        cleaned["other_side"] = self._side(other, cleaned.get("predecessors"))
        shared = set(cleaned["state_side"]) & set(cleaned["other_side"])
        if state and other and state != other and shared:
            self.add_error(
                "other",
                _("%(states)s would be on both sides: compare without predecessors.")
                % {"states": ", ".join(sorted(str(s) for s in shared))},
            )
        return cleaned

    def _side(self, state, with_predecessors):
        """The states whose votes count for `state`: itself, and its predecessors if asked."""
        if state is None:
            return []
        if not with_predecessors:
            return [state]
        return [state, *(before for before, _link in predecessors_of(state, self.user))]
