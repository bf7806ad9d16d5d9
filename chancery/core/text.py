"""Text that can be stored and exported: control characters (but tab and line breaks) and lone
surrogates are refused on save; in a spreadsheet they are shown as the Unicode control picture
that names them (U+2401 "SOH" for U+0001), so the cell says what the stored text holds."""

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


# what an XLSX cell (XML 1.0) cannot hold: C0 controls but tab and line breaks, surrogates, and
# the non-characters U+FFFE and U+FFFF. DEL is valid XML and stays.
NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_PICTURES = 0x2400  # U+2400 "NUL" ... U+241F "US", one picture per C0 control
REPLACEMENT = "\ufffd"


def _picture(found):
    code = ord(found.group())
    return chr(CONTROL_PICTURES + code) if code < 0x20 else REPLACEMENT


def spreadsheet_text(value: str) -> str:
    """`value` as an XLSX cell can hold it: each control character (real text holds some: seven
    UN roll-call descriptions of sessions 71-72) replaced visibly by its control picture, any
    other character XML refuses by the replacement character U+FFFD."""
    return NOT_IN_XLSX.sub(_picture, value)


class StorableTextForm:
    """A form mixin: every text field of the form refuses control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
