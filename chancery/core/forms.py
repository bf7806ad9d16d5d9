"""The base form of every record type: choices limited to what the user may see."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .keys import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from .links import hidden_links
from .models import Classification, DatePrecision, Record, clearance_of
from .partial_dates import HINT, PartialDate, PartialDateField
from .registry import choices_for
from .text import StorableTextForm
from .uniqueness import check_unique_in_sight
from .uploads import refuse_large_upload, upload_hint
from .widgets import use_lookup


class RecordForm(StorableTextForm, forms.ModelForm):
    """A ModelForm that knows its user: related-record choices go through `visible_to`, a link to
    a record the user may not see shows as empty and is saved as it is, and a user may not
    classify a record above their own clearance; text fields refuse control characters, and
    file fields files over the upload cap. A date with a `<name>_precision` companion is one
    text field ("2011", "May 2011", "25.05.2011") that sets both."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.partial_dates = self._one_field_per_partial_date()
        self.hidden = hidden_links(self.instance, self.fields, user)
        for name in self.hidden.single:
            self.initial[name] = None
            self.fields[name].required = False
        for name, pks in self.hidden.many.items():
            self.initial[name] = [
                item
                for item in self.initial.get(name) or ()
                if getattr(item, "pk", item) not in pks
            ]
            self.fields[name].required = False  # the members out of sight stay
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, Record):
                use_lookup(field, queryset.model, getattr(field, "to_field_name", None))
                field.queryset = choices_for(queryset.model, user)
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
            if isinstance(field, forms.FileField):
                field.validators.append(refuse_large_upload)
                field.help_text = " ".join(str(t) for t in (field.help_text, upload_hint()) if t)
        if "classification" in self.fields:
            clearance = clearance_of(user) or Classification.UNCLASSIFIED
            self.fields["classification"].choices = [
                (value, label) for value, label in Classification.choices if value <= clearance
            ]

    def _one_field_per_partial_date(self):
        """Each date with its precision among the fields becomes one text field, the precision
        field gone; answers their names."""
        names = []
        for name in list(self.fields):
            companion = f"{name}_precision"
            if companion not in self.fields or not isinstance(self.fields[name], forms.DateField):
                continue
            date_field = self.fields[name]
            hint = " ".join(str(text) for text in (date_field.help_text, HINT) if text)
            self.fields[name] = PartialDateField(
                required=date_field.required, label=date_field.label, help_text=hint
            )
            del self.fields[companion]
            value = self.initial.get(name)
            if isinstance(value, datetime.date):
                self.initial[name] = PartialDate.of(value, self.initial.get(companion))
            names.append(name)
        return names

    def clean(self):
        """A link the user may not see keeps its record, before the model's own rules are asked
        (whatever was sent for it: the form showed it as empty)."""
        cleaned_data = super().clean()
        for name, record in self.hidden.records().items():
            if name in cleaned_data:
                cleaned_data[name] = record
        return cleaned_data

    def _post_clean(self):
        # a partial date: the record takes the day and its precision (the model's own rules,
        # run next, compare partial dates by their precision); an empty one keeps its precision
        for name in self.partial_dates:
            value = self.cleaned_data.get(name)
            if isinstance(value, PartialDate):
                setattr(self.instance, f"{name}_precision", value.precision)
                self.cleaned_data[name] = datetime.date(value.year, value.month, value.day)
        self.instance._fields_in_error = set(self._errors)
        super()._post_clean()
        if not (self._errors and self.hidden):
            return
        errors = {name: list(messages) for name, messages in self._errors.items()}
        for name, messages in self.hidden.mask(errors).items():
            if messages != errors[name]:
                kind = "nonfield" if name == forms.forms.NON_FIELD_ERRORS else None
                self._errors[name] = self.error_class(messages, error_class=kind)

    def validate_unique(self):
        """Django's checks of what the database holds unique, then `unique_in_sight` among the
        records the user may see."""
        super().validate_unique()
        try:
            check_unique_in_sight(self.instance, self.user, self._get_validation_exclusions())
        except ValidationError as error:
            self._update_errors(error)

    def _save_m2m(self):
        chosen = self.cleaned_data
        self.cleaned_data = {
            **chosen,
            **{n: self.hidden.with_members(n, chosen[n]) for n in self.hidden.many if n in chosen},
        }
        try:
            super()._save_m2m()
        finally:
            self.cleaned_data = chosen

    def clean_classification(self):
        value = self.cleaned_data["classification"]
        clearance = clearance_of(self.user) or Classification.UNCLASSIFIED
        if value is not None and int(value) > clearance:
            raise forms.ValidationError(_("You cannot classify a record above your clearance."))
        return value


def formfield_for(model_field, **kwargs):
    """The form field of a model field; web addresses without a scheme are taken as https."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return model_field.formfield(**kwargs)


def form_over(form_class, instance, values, **kwargs):
    """A bound form for an import or a data set: the stored values (or the defaults) overlaid by
    `values`, so that what an entry does not mention stays as it is. A partial date may come
    with its precision apart (`since` and `since_precision`)."""
    blank = form_class(instance=instance, **kwargs)
    data = {}
    for name, bound in blank.fields.items():
        value = values[name] if name in values else blank.get_initial_for_field(bound, name)
        if callable(value):
            value = value()
        if isinstance(bound, PartialDateField) and isinstance(value, datetime.date):
            # a date and its precision given apart, as a data set or an import gives them
            precision = values.get(f"{name}_precision") or getattr(value, "precision", None)
            stored = getattr(instance, f"{name}_precision", None) if instance else None
            value = PartialDate.of(value, precision or stored or DatePrecision.DAY)
            data[name] = str(value)
            continue
        if isinstance(value, list | tuple | set) or hasattr(value, "all"):
            value = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    return form_class(data=data, instance=instance, **kwargs)


class OnDayForm(forms.Form):
    """A question asked of one day, today unless another is given."""

    on = forms.DateField(
        label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_on(self):
        return self.cleaned_data["on"] or timezone.localdate()


class StyledBoundField(forms.BoundField):
    """A field drawn with Bootstrap's classes for its kind of widget, and marked invalid when it
    has errors: every form of the site (records, filters, questions, accounts) draws alike."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = _bootstrap_class(widget)
        classes = attrs.get("class", "") or widget.attrs.get("class", "")
        if kind and kind not in classes.split():
            classes = f"{kind} {classes}".strip()
        if self.errors and self.form.is_bound:
            classes = f"{classes} is-invalid".strip()
        if classes:
            attrs["class"] = classes
        return attrs


def _bootstrap_class(widget):
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.MultiWidget):
        return ""
    return "form-control"


class StyledRenderer(DjangoTemplates):
    """The site's form renderer (FORM_RENDERER): Django's templates, fields styled."""

    bound_field_class = StyledBoundField


class SearchWordsField(forms.CharField):
    """Whatever was typed, searched as its words: control characters (a NUL, which no database
    compares) become spaces, and text past `max_length` is left out rather than refused."""

    CONTROL = re.compile(r"[\x00-\x1f\x7f]")

    def to_python(self, value):
        return self.CONTROL.sub(" ", super().to_python(value))[: self.max_length].strip()


class SearchForm(forms.Form):
    """The search box and what narrows it: one record type, a priority, a state the records
    concern, a year (of the date a type is dated by) and a classification, each as the user may
    see them."""

    q = SearchWordsField(label=_("Search"), required=False, max_length=500)
    type = forms.ChoiceField(label=_("Record type"), required=False)
    priority = BoundedModelChoiceField(
        label=_("Priority"), queryset=None, required=False, empty_label=_("Any priority")
    )
    state = BoundedModelChoiceField(label=_("State"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1, max_value=9999)
    classification = forms.TypedChoiceField(
        label=_("Classification"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, user=None, record_types=(), **kwargs):
        from chancery.reference.models import Country
        from chancery.strategy.models import Priority

        super().__init__(*args, **kwargs)
        everything = [("", _("Every record type"))]
        self.fields["type"].choices = everything + [
            (rt.model._meta.label_lower, capfirst(rt.verbose_name_plural)) for rt in record_types
        ]
        self.fields["priority"].queryset = Priority.objects.all()  # the article's ten: public
        self.fields["state"].queryset = choices_for(Country, user)
        use_lookup(self.fields["state"], Country)
        clearance = clearance_of(user) or Classification.UNCLASSIFIED
        self.fields["classification"].choices = [("", _("Any classification"))] + [
            (value, label) for value, label in Classification.choices if value <= clearance
        ]
