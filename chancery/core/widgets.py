"""Type-to-find selects: a link to another record is picked by typing part of its name.

A ministry holds tens of thousands of agreements and incidents: a select that lists them all
costs seconds to render and is of no use to read. The widgets below render only the options
already chosen and name the address that answers a typed text (`core:lookup`, through
`visible_to`); `chancery/lookup.js` turns them into Tom Select boxes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .keys import fits
from .text import UNSTORABLE


def lookup_url(model):
    return reverse("lookup", args=[model._meta.label_lower])


class _ChosenOnly:
    """Options of the chosen values only (and the empty choice of a single select)."""

    def __init__(self, model, key=None, attrs=None):
        url = lookup_url(model)
        if key and key not in ("pk", model._meta.pk.name):
            url = f"{url}?key={key}"
        attrs = {
            **(attrs or {}),
            "data-lookup": url,
            "data-none": _("No record matches."),
            "data-placeholder": _("Type to find…"),
            "data-clear": _("Clear"),
            "data-remove": _("Remove"),
        }
        super().__init__(attrs=attrs)

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            self.choices = list(_chosen(choices, value))
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


def _chosen(iterator, values):
    field = iterator.field
    if field.empty_label is not None:
        yield ("", field.empty_label)
    wanted = [
        v for v in values if v not in ("", None) and fits(v) and not UNSTORABLE.search(str(v))
    ]
    if not wanted:
        return
    key = field.to_field_name or "pk"
    try:
        picked = list(iterator.queryset.filter(**{f"{key}__in": wanted}))
    except (ValueError, TypeError, ValidationError):
        return  # a value that is no key: the form says so beside the field
    for obj in picked:
        yield iterator.choice(obj)


class LookupSelect(_ChosenOnly, forms.Select):
    """A select of one record, found by typing."""


class LookupSelectMultiple(_ChosenOnly, forms.SelectMultiple):
    """A select of several records, found by typing."""


def use_lookup(field, model, key=None):
    """Give the choice field `field` of records of `model` a type-to-find widget, unless it was
    given a widget of its own (radio buttons, check boxes)."""
    widget = field.widget
    if type(widget) is forms.Select:
        field.widget = LookupSelect(model, key, widget.attrs)
    elif type(widget) is forms.SelectMultiple:
        field.widget = LookupSelectMultiple(model, key, widget.attrs)
    else:
        return
    field.widget.choices = field.choices
    field.widget.is_required = widget.is_required
