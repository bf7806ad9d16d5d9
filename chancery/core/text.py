"""Text that can be stored and exported: control characters (but tab and line breaks) and lone
surrogates are refused on save, and stripped from what an export writes."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, line feed and carriage return; DEL; lone UTF-16 surrogates, which no
# database stores as text. NUL is among them: PostgreSQL refuses it in text.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def refuse_control_characters(value):
    """The validator that every text field of a record form and of the API shares."""
    if not isinstance(value, str):
        return
    found = UNSTORABLE.search(value)
    if found is not None:
        raise ValidationError(
            _(
                "This text holds a control character (U+%(code)04X) at position %(position)s; "
                "only tabs and line breaks may be used."
            ),
            code="control_character",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


def spreadsheet_text(value: str) -> str:
    """`value` without the characters a spreadsheet file cannot hold (stored before they were
    refused on save)."""
    return UNSTORABLE.sub("", value)


class StorableTextForm:
    """A form mixin: every text field of the form refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
