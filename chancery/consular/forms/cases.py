"""Forms of the case workflow: a step (with its reason, and the officer when assigning) and a
journal entry."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from chancery.core.keys import BoundedModelChoiceField
from chancery.core.text import StorableTextForm

from ..models import Case, CaseEntry


def officers_of(case):
    """Who may be given `case`: the active consular officers of its mission."""
    return get_user_model().objects.filter(consular_missions=case.mission_id, is_active=True)


class StepForm(StorableTextForm, forms.Form):
    to = forms.ChoiceField(label=_("new status"), choices=Case.Status.choices)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        help_text=_("Needed to reopen a resolved or closed case."),
    )
    officer = BoundedModelChoiceField(
        label=_("officer"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Who takes the case (yourself if left empty)."),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers_of(case).order_by("username")


class EntryForm(StorableTextForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k.value, k.label) for k in (CaseEntry.Kind.NOTE, CaseEntry.Kind.CONTACT)],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    text = forms.CharField(
        label=_("text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}),
    )
    at = forms.DateTimeField(
        label=_("contact made at"),
        required=False,
        help_text=_("For a contact made earlier than now."),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control form-control-sm"}
        ),
    )
