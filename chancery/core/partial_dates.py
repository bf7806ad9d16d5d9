"""A partial date entered as one field: "2011", "May 2011", "25.05.2011" read as a date and how
much of it is known, and written back in one way per precision (2011, 2011-05, 2011-05-25)."""

import datetime
import re
from functools import lru_cache

from django import forms
from django.conf import settings
from django.utils import dates, translation
from django.utils.translation import gettext_lazy as _

from .models import DatePrecision, format_partial_date

HINT = _(
    "A year (2011), a month (2011-05 or May 2011) or a day (2011-05-25 or 25.05.2011); "
    "it is kept and shown here as 2011, 2011-05 or 2011-05-25."
)
NOT_READ = _(
    "Enter a year (2011), a month (2011-05 or May 2011) or a day (2011-05-25 or 25.05.2011)."
)
NO_SUCH_DATE = _(
    "“%(value)s” is not in the calendar: years run from 1, months from 1 to 12 and days to "
    "the end of their month."
)
# the languages whose month names are read besides the site's: those of the sources most
# copied from ("Mai 2011", "juin 2011")
SOURCE_LANGUAGES = ("en", "de", "fr")

YEAR = r"(?P<year>\d{4})"
MONTH = r"(?P<month>\d{1,2})"
DAY = r"(?P<day>\d{1,2})"
SHAPES = [
    re.compile(rf"^{YEAR}$"),
    re.compile(rf"^{YEAR}-{MONTH}(?:-{DAY})?$"),  # ISO: 2011-05, 2011-05-25
    re.compile(rf"^(?:{DAY}(?P<sep>[./-]))?{MONTH}(?(sep)(?P=sep)|[./]){YEAR}$"),  # 25.05.2011
    re.compile(rf"^(?:{DAY}\.?\s+)?(?P<name>[^\W\d_]+)\.?,?\s+{YEAR}$"),  # 25 May 2011
]


class PartialDate(datetime.date):
    """A date known only to `precision`: the first day of its month or year when that is all
    that is known, as the models store it (with a `<name>_precision` companion)."""

    precision: str

    def __new__(cls, year, month=1, day=1, precision=DatePrecision.DAY):
        value = super().__new__(cls, year, month, day)
        value.precision = precision
        return value

    @classmethod
    def of(cls, day, precision):
        return cls(day.year, day.month, day.day, precision or DatePrecision.DAY)

    def __str__(self):
        return format_partial_date(self, self.precision)

    def __reduce__(self):
        return (type(self), (self.year, self.month, self.day, self.precision))


@lru_cache(maxsize=1)
def month_names():
    """{name: number} of the months' names and short names in every language of the site and
    of `SOURCE_LANGUAGES`, as `_folded`; a name two languages give to different months is left
    out."""
    names, clashes = {}, set()
    for code in sorted({*SOURCE_LANGUAGES, *(code for code, _name in settings.LANGUAGES)}):
        with translation.override(code):
            for number in range(1, 13):
                for table in (dates.MONTHS, dates.MONTHS_3, dates.MONTHS_ALT, dates.MONTHS_AP):
                    name = _folded(str(table[number])).rstrip(".")
                    if names.setdefault(name, number) != number:
                        clashes.add(name)
    return {name: number for name, number in names.items() if name not in clashes}


def _folded(text):
    """Lower case, and the dot of a capital İ (Azerbaijani "İyun") left out, as typed."""
    return text.lower().replace("\u0307", "")


def parse_partial_date(text: str) -> PartialDate:
    """The date `text` gives, to the precision it gives it; ValidationError when it gives none."""
    cleaned = _folded(" ".join(str(text).split()))
    for shape in SHAPES:
        match = shape.match(cleaned)
        if match:
            break
    else:
        raise forms.ValidationError(NOT_READ, code="invalid")
    parts = match.groupdict()
    if parts.get("name") is not None:
        month = month_names().get(parts["name"].rstrip("."))
        if month is None:
            raise forms.ValidationError(NOT_READ, code="invalid")
    else:
        month = int(parts["month"]) if parts.get("month") else None
    day = int(parts["day"]) if parts.get("day") else None
    if day is not None:
        precision = DatePrecision.DAY
    else:
        precision = DatePrecision.YEAR if month is None else DatePrecision.MONTH
    try:
        return PartialDate(
            int(parts["year"]), 1 if month is None else month, 1 if day is None else day, precision
        )
    except ValueError:
        raise forms.ValidationError(
            NO_SUCH_DATE, code="no_such_date", params={"value": text.strip()}
        ) from None


def partial_date_text(value, precision=None) -> str:
    """A stored date as the field writes it back: 2011, 2011-05 or 2011-05-25."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    precision = precision or getattr(value, "precision", None) or DatePrecision.DAY
    return format_partial_date(value, precision)


class PartialDateInput(forms.TextInput):
    """A text box for a date known to the year, the month or the day."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        return partial_date_text(value) or None


class PartialDateField(forms.Field):
    """A date and its precision as one text field: "2011", "2011-05", "May 2011", "05.2011",
    "2011-05-25", "25.05.2011", "25/05/2011", "25 May 2011" (month names in the site's
    languages). Its value is a `PartialDate`; `RecordForm` stores its precision in the
    record's `<name>_precision`."""

    widget = PartialDateInput

    def prepare_value(self, value):
        return partial_date_text(value)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value if isinstance(value, PartialDate) else PartialDate.of(value, None)
        text = "" if value in self.empty_values else str(value).strip()
        if len(text) > 40:
            raise forms.ValidationError(NOT_READ, code="invalid")
        return parse_partial_date(text) if text else None

    def has_changed(self, initial, data):
        """Changed when the date or its precision is: 2011 is not 2011-01-01."""
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return True
        try:
            before = self.to_python(initial) if initial not in (None, "") else None
        except forms.ValidationError:
            return True
        return _known(before) != _known(value)


def _known(value):
    return None if value is None else (value.isoformat(), value.precision)
