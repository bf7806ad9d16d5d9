"""The timeline of engagements draws the engagements it lists on a time line, by level: only
those the filters keep and the reader may see, each a link to its record, in as many queries
for many engagements as for one."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.bilateral import views
from chancery.bilateral.models import Engagement
from chancery.core.models import Classification

URL = reverse("bilateral:timeline")


def engagement(title, start, level="", classification=Classification.UNCLASSIFIED, **fields):
    return Engagement.objects.create(
        title=title,
        kind="official_visit",
        direction="outgoing",
        start=start,
        level=level,
        classification=classification,
        **fields,
    )


def drawn(response):
    """The titles of the marks of the time line, as its links' tooltips give them."""
    svg = re.search(r'<figure class="time-line.*?</figure>', response.content.decode(), re.S)
    return re.findall(r"<title>[^<]*· ([^<(]*) \(", svg.group(0)) if svg else []


def test_the_time_line_draws_each_listed_engagement_as_a_link_in_the_row_of_its_level(
    personas, client_as, db
):
    visit = engagement("Visit to Tbilisi", datetime.date(2016, 5, 1), level="head_of_state")
    engagement("Talks in 2013", datetime.date(2013, 1, 1), start_precision="year")

    response = client_as(personas[Classification.SECRET]).get(URL)

    content = response.content.decode()
    assert sorted(drawn(response)) == ["Talks in 2013", "Visit to Tbilisi"]
    assert f'<a href="{visit.get_absolute_url()}"><title>1 May 2016 · Visit to Tbilisi' in content
    assert "Head of state (1)" in content and "Level not given (1)" in content
    assert "Engagements by level, 2013-2016" in content
    assert 'aria-describedby="time-line-note"' in content and 'id="time-line-note"' in content


def test_the_time_line_draws_only_what_the_filters_keep_and_the_reader_may_see(
    personas, client_as, db
):
    engagement("Visit in 2016", datetime.date(2016, 5, 1))
    engagement("Visit in 2015", datetime.date(2015, 5, 1))
    engagement("Secret talks", datetime.date(2016, 6, 1), classification=Classification.SECRET)

    filtered = client_as(personas[Classification.SECRET]).get(URL, {"year": 2016})
    restricted = client_as(personas[Classification.RESTRICTED]).get(URL)

    assert sorted(drawn(filtered)) == ["Secret talks", "Visit in 2016"]
    assert sorted(drawn(restricted)) == ["Visit in 2015", "Visit in 2016"]


def test_no_engagement_draws_no_time_line(personas, client_as, db):
    response = client_as(personas[Classification.SECRET]).get(URL)

    assert response.status_code == 200
    assert response.context["chart"] is None and "time-line" not in response.content.decode()


def test_past_the_most_shown_the_page_says_that_only_the_newest_are_drawn(
    personas, client_as, db, monkeypatch
):
    monkeypatch.setattr(views, "TIMELINE_MOST", 2)
    for year in (2014, 2015, 2016):
        engagement(f"Visit in {year}", datetime.date(year, 5, 1))

    response = client_as(personas[Classification.SECRET]).get(URL)

    assert sorted(drawn(response)) == ["Visit in 2015", "Visit in 2016"]
    assert "Only the newest 2 are shown" in response.content.decode()


def test_the_time_line_costs_as_many_queries_for_many_engagements_as_for_one(
    personas, client_as, georgia
):
    client = client_as(personas[Classification.SECRET])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    first = engagement("Visit 0", datetime.date(2016, 1, 1), level="minister")
    first.countries.add(georgia)
    one = queries()
    for n in range(1, 8):
        more = engagement(f"Visit {n}", datetime.date(2010 + n, 1, 1), level="expert", end=None)
        more.countries.add(georgia)

    assert queries() == one
