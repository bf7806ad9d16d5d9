"""How a record's fields read on a page and in an export: one set of rules for both."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import DatePrecision, format_partial_date, show_partial_date


def get_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def label_for(model, name) -> str:
    """The column title of a field or property, in the page's language: a field's verbose name,
    a relation's from the other side by the name of its records ("parties to agreements") or as
    the model names it (`reverse_labels`: "replaced by", where both sides are of one type), a
    property's `short_description`, or the field a `<field>_display` property shows."""
    field = get_field(model, name)
    if getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    if field is not None and field.auto_created and field.related_model is not None:
        named = getattr(model, "reverse_labels", {}).get(name)
        return str(named or field.related_model._meta.verbose_name_plural)
    attr = getattr(model, name, None)
    label = getattr(getattr(attr, "fget", attr), "short_description", None)
    if label:
        return str(label)
    if name.endswith("_display") and get_field(model, name.removesuffix("_display")):
        return label_for(model, name.removesuffix("_display"))
    return name.replace("_", " ")


def raw_value(obj, name):
    """The value of a field for export: text for choices and relations, ISO for dates."""
    field = get_field(type(obj), name)
    if field is None:
        value = getattr(obj, name)
        return value() if callable(value) else value
    if field.many_to_many:
        return "; ".join(str(o) for o in getattr(obj, name).all())
    if field.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name, None) if field.is_relation else getattr(obj, name)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        precision = getattr(obj, f"{name}_precision", DatePrecision.DAY)
        return format_partial_date(value, precision)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def display_value(obj, name):
    """The value of a field as a page shows it: dates and moments in the page's language, moments
    in the current time zone."""
    field = get_field(type(obj), name)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        value = getattr(obj, name)
        precision = getattr(obj, f"{name}_precision", DatePrecision.DAY)
        return "—" if value is None else show_partial_date(value, precision)
    value = raw_value(obj, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATETIME_FORMAT")
    return value


def related_object(obj, name):
    """The record a foreign-key column points to, so a page can link to it."""
    field = get_field(type(obj), name)
    if field is not None and (field.many_to_one or field.one_to_one):
        return getattr(obj, name, None)
    return None
