"""An engagement's dates are typed as one field each: "May 2016" is kept as 2016-05-01 known to
the month, shown back as 2016-05 when the engagement is edited, and a date that is none is
refused beside its field with nothing saved."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from chancery.bilateral.models import Engagement
from chancery.core.conflicts import VERSION_FIELD, version_of
from chancery.core.models import Classification, DatePrecision
from chancery.core.registry import registry

ADD = reverse(registry[Engagement].url_name("add"))


def edit_url(engagement):
    return reverse(registry[Engagement].url_name("edit"), args=[engagement.pk])


def posted(**dates):
    return {
        "title": "Official visit to Paris",
        "kind": "official_visit",
        "direction": "outgoing",
        "classification": 0,
        **dates,
    }


def text_box(response, name):
    """The `<input>` of the field `name`, as drawn."""
    found = re.search(rf'<input [^>]*name="{name}"[^>]*>', response.content.decode())
    return found.group(0) if found else None


@pytest.fixture
def officer(personas):
    return personas[Classification.SECRET]


def test_the_form_has_one_text_field_per_date_and_no_precision_field(officer, client_as):
    response = client_as(officer).get(ADD)

    content = response.content.decode()
    assert 'type="text"' in text_box(response, "start") and text_box(response, "end")
    assert 'name="start_precision"' not in content and 'name="end_precision"' not in content
    assert "May 2011" in content  # the hint says what may be typed


def test_a_month_typed_in_words_is_kept_as_a_month_and_shown_back_in_one_way(officer, client_as):
    client = client_as(officer)

    response = client.post(ADD, posted(start="May 2016", end="18.05.2016"))

    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = Engagement.objects.get()
    assert (saved.start, saved.start_precision) == (datetime.date(2016, 5, 1), "month")
    assert (saved.end, saved.end_precision) == (datetime.date(2016, 5, 18), "day")
    edit = client.get(edit_url(saved))
    assert 'value="2016-05"' in text_box(edit, "start")
    assert 'value="2016-05-18"' in text_box(edit, "end")


def test_an_edit_that_keeps_the_dates_as_shown_changes_neither_date_nor_precision(
    officer, client_as
):
    engagement = Engagement.objects.create(
        title="Talks", kind="meeting", direction="outgoing",
        start=datetime.date(2016, 1, 1), start_precision=DatePrecision.YEAR,
    )  # fmt: skip
    client = client_as(officer)

    response = client.post(
        edit_url(engagement),
        posted(title="Talks", start="2016", end="", **{VERSION_FIELD: version_of(engagement)}),
    )

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.start, engagement.start_precision) == (datetime.date(2016, 1, 1), "year")
    entry = LogEntry.objects.get_for_object(engagement).latest("timestamp")
    assert not {"start", "start_precision"} & set(entry.changes_dict)


def test_narrowing_a_year_to_a_day_changes_the_precision(officer, client_as):
    engagement = Engagement.objects.create(
        title="Talks", kind="meeting", direction="outgoing",
        start=datetime.date(2016, 1, 1), start_precision=DatePrecision.YEAR,
    )  # fmt: skip

    client_as(officer).post(
        edit_url(engagement),
        posted(title="Talks", start="01.01.2016", **{VERSION_FIELD: version_of(engagement)}),
    )

    engagement.refresh_from_db()
    assert (engagement.start, engagement.start_precision) == (datetime.date(2016, 1, 1), "day")


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start": "2016-13"}, "start"),
        ({"start": "32.01.2016"}, "start"),
        ({"start": "abc"}, "start"),
        ({"start": ""}, "start"),
        ({"start": "2016", "end": "2015"}, "end"),  # the model's own rule, told the precision
    ],
)
def test_a_bad_date_is_named_beside_its_field_and_nothing_is_saved(
    officer, client_as, dates, field
):
    response = client_as(officer).post(ADD, posted(**dates))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert 'class="form-control is-invalid"' in text_box(response, field)
    typed = dates[field]
    assert f'value="{typed}"' in text_box(response, field) if typed else True
    assert not Engagement.objects.exists()


def test_an_empty_end_is_no_end(officer, client_as):
    response = client_as(officer).post(ADD, posted(start="2016", end=""))

    assert response.status_code == 302
    assert Engagement.objects.get().end is None


def test_an_edit_conflict_shows_the_typed_date_to_its_precision(officer, client_as):
    engagement = Engagement.objects.create(
        title="Talks", kind="meeting", direction="outgoing", start=datetime.date(2016, 1, 1)
    )
    version = version_of(engagement)
    engagement.start, engagement.start_precision = datetime.date(2017, 1, 1), "year"
    engagement.save()

    response = client_as(officer).post(
        edit_url(engagement), posted(title="Talks", start="May 2016", **{VERSION_FIELD: version})
    )

    assert response.status_code == 409
    [start] = [row for row in response.context["conflict"]["changes"] if row["yours"] == "May 2016"]
    assert start["saved"] == "2017"


@pytest.mark.parametrize("end", ["2015", "2017"])
def test_a_mistyped_date_is_the_only_error_named_whatever_the_other_date(officer, client_as, end):
    """The record still holds the start before the edit (2018): an end of 2015 or 2017 is
    not compared with it, since the user typed another start."""
    engagement = Engagement.objects.create(
        title="Talks", kind="meeting", direction="outgoing", start=datetime.date(2018, 1, 1)
    )

    response = client_as(officer).post(
        edit_url(engagement),
        posted(title="Talks", start="2016-13", end=end, **{VERSION_FIELD: version_of(engagement)}),
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["start"]


def test_dates_in_the_order_error_are_in_the_pages_language(officer, client_as):
    client = client_as(officer)

    response = client.post(ADD, posted(start="05.06.2016", end="04.06.2016"))

    [message] = response.context["form"].errors["end"]
    assert "4 June 2016" in message and "5 June 2016" in message
