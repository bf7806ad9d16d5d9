"""Record keys from the outside world (URLs, filters, forms, the API) are checked to fit a
64-bit key before they reach the database: a longer number is simply no such record (4xx),
never a database overflow (500)."""

from django import forms
from django.urls import register_converter
from rest_framework import serializers

from .text import UNSTORABLE

MAX_KEY = 2**63 - 1


def fits(value) -> bool:
    """False only for a whole number too large to be a key; anything else is left to Django."""
    try:
        return abs(int(str(value).strip())) <= MAX_KEY
    except (TypeError, ValueError):
        return True


class KeyRangeMixin:
    """For a model choice form field: an oversized key, or one with a character no database
    compares (NUL, which PostgreSQL refuses), is an invalid choice."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item not in self.empty_values and (
                not fits(item) or UNSTORABLE.search(str(item)) is not None
            ):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super().clean(value)


def bounded(field_class):
    """`field_class` (a model choice field class) with oversized keys refused."""
    if issubclass(field_class, KeyRangeMixin):
        return field_class
    return type(f"Bounded{field_class.__name__}", (KeyRangeMixin, field_class), {})


class BoundedModelChoiceField(KeyRangeMixin, forms.ModelChoiceField):
    pass


class BoundedModelMultipleChoiceField(KeyRangeMixin, forms.ModelMultipleChoiceField):
    pass


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """The API's related-record field, refusing oversized keys like missing ones."""

    def to_internal_value(self, data):
        if not fits(data):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class KeyConverter:
    """`<key:pk>` in a URL: digits that fit a 64-bit key."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(KeyConverter, "key")
