"""A partial date typed as one field: each way of writing a year, a month or a day is read as
the first day of its period and its precision, and written back one way per precision; text
that is no date, or no date of the calendar, is refused with a message that says what to type."""

import datetime

import pytest
from django import forms

from chancery.core.models import DatePrecision
from chancery.core.partial_dates import PartialDate, PartialDateField, parse_partial_date

D = datetime.date
YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


@pytest.mark.parametrize(
    ("text", "day", "precision", "written_back"),
    [
        ("2011", D(2011, 1, 1), YEAR, "2011"),
        (" 2011 ", D(2011, 1, 1), YEAR, "2011"),
        ("2011-05", D(2011, 5, 1), MONTH, "2011-05"),
        ("2011-5", D(2011, 5, 1), MONTH, "2011-05"),
        ("05.2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("05/2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("May 2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("may  2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("Sept. 2011", D(2011, 9, 1), MONTH, "2011-09"),
        ("Mai 2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("İyun 2011", D(2011, 6, 1), MONTH, "2011-06"),
        ("май 2011", D(2011, 5, 1), MONTH, "2011-05"),
        ("2011-05-25", D(2011, 5, 25), DAY, "2011-05-25"),
        ("25.05.2011", D(2011, 5, 25), DAY, "2011-05-25"),
        ("25/05/2011", D(2011, 5, 25), DAY, "2011-05-25"),
        ("25 May 2011", D(2011, 5, 25), DAY, "2011-05-25"),
        ("25 мая 2011", D(2011, 5, 25), DAY, "2011-05-25"),
        ("29.02.2012", D(2012, 2, 29), DAY, "2012-02-29"),
        ("0001", D(1, 1, 1), YEAR, "0001"),
        ("31.12.9999", D(9999, 12, 31), DAY, "9999-12-31"),
    ],
)
def test_each_way_of_writing_a_partial_date_is_read_and_written_back_one_way(
    text, day, precision, written_back
):
    value = parse_partial_date(text)

    assert (D(value.year, value.month, value.day), value.precision) == (day, precision)
    assert str(value) == written_back == PartialDateField().prepare_value(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2011-13", "no_such_date"),
        ("13.2011", "no_such_date"),
        ("32.01.2011", "no_such_date"),
        ("29.02.2011", "no_such_date"),
        ("2011-00-10", "no_such_date"),
        ("00.05.2011", "no_such_date"),
        ("00.2011", "no_such_date"),
        ("0000", "no_such_date"),
        ("abc", "invalid"),
        ("11", "invalid"),
        ("05.25.2011.", "invalid"),
        ("25.05/2011", "invalid"),
        ("Spring 2011", "invalid"),
        ("2011-05-25T10:00", "invalid"),
        ("1" * 41, "invalid"),
    ],
)
def test_text_that_is_no_date_of_the_calendar_is_refused_saying_what_to_type(text, code):
    field = PartialDateField(required=False)

    with pytest.raises(forms.ValidationError) as refused:
        field.clean(text)

    assert refused.value.code == code
    message = " ".join(refused.value.messages)
    assert "2011" in message if code == "invalid" else text.strip() in message


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_partial_date_is_required_or_none(text):
    with pytest.raises(forms.ValidationError) as refused:
        PartialDateField(required=True).clean(text)

    assert refused.value.code == "required"
    assert PartialDateField(required=False).clean(text) is None


def test_a_change_of_precision_alone_is_a_change():
    field = PartialDateField()
    year = PartialDate(2011, 1, 1, YEAR)

    assert not field.has_changed(year, "2011")
    assert field.has_changed(year, "2011-01-01")
    assert field.has_changed(year, "20x1")
    assert field.has_changed(None, "2011") and not field.has_changed(None, "")
