"""A day at either end of the calendar (0001-01-01, 9999-12-31), or one the arithmetic of
periods would step past, is answered like any other day on every page and API that takes one:
a page, or a 400 naming the field, never a 500."""

import datetime

import pytest
from django.urls import reverse

from chancery.core.models import (
    Classification,
    DatePrecision,
    covering,
    partial_date_bounds,
    period_covers,
)
from chancery.multilateral.models import Membership
from chancery.reference.models import Organization

EDGES = ["0001-01-01", "0001-01-31", "9999-12-01", "9999-12-31"]


@pytest.fixture
def admin(make_user):
    return make_user("admin", Classification.SECRET, role="administrator")


@pytest.fixture
def places(home_state, georgia):
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    Membership.objects.create(
        state=georgia, organization=un, since=datetime.date(1992, 7, 31), status="member"
    )
    return {"state": georgia, "home": home_state, "organization": un}


def pages_taking_a_day(places, day):
    """Every page that asks a question of a day or a period, with `day` in each of its dates."""
    state, home, organization = places["state"], places["home"], places["organization"]
    return [
        reverse("multilateral:roll") + f"?organization={organization.pk}&on={day}",
        reverse("multilateral:overlap") + f"?first={state.pk}&second={home.pk}&on={day}",
        reverse("multilateral:alignment") + f"?state={state.pk}&start={day}&end={day}",
        reverse("bilateral:treaty_status") + f"?state={state.pk}&on={day}",
        reverse("bilateral:dossier", args=[state.alpha_2]) + f"?on={day}",
        reverse("bilateral:timeline") + f"?since={day}&until={day}",
        reverse("conflict:incident_report") + f"?start={day}&end={day}",
        reverse("conflict:incident_report_csv") + f"?start={day}&end={day}",
        reverse("history") + f"?since={day}&until={day}",
        reverse("consular:access_log") + f"?since={day}&until={day}",
    ]


@pytest.mark.parametrize("day", EDGES)
def test_a_day_at_the_edge_of_the_calendar_never_answers_500(admin, client_as, places, day):
    client = client_as(admin)

    answers = {url: client.get(url).status_code for url in pages_taking_a_day(places, day)}

    assert {url: status for url, status in answers.items() if status not in (200, 400)} == {}


@pytest.mark.parametrize("year", ["0", "-1", "10000", "2011.5", "1e400", "9" * 30])
def test_a_year_outside_the_calendar_answers_400_on_the_timeline(admin, client_as, year):
    response = client_as(admin).get(reverse("bilateral:timeline") + f"?year={year}")

    assert response.status_code == 400
    assert "year" in response.context["filterset"].errors


def test_the_roll_at_the_end_of_the_calendar_lists_who_still_belongs(admin, client_as, places):
    url = reverse("multilateral:roll") + f"?organization={places['organization'].pk}&on=9999-12-31"

    response = client_as(admin).get(url)

    assert response.status_code == 200
    assert "Georgia" in response.content.decode()


@pytest.mark.parametrize("precision", DatePrecision.values)
@pytest.mark.parametrize("edge", [datetime.date.min, datetime.date.max])
def test_periods_are_read_at_the_edges_of_the_calendar(db, places, edge, precision):
    membership = Membership.objects.get()
    Membership.objects.filter(pk=membership.pk).update(
        since=edge, since_precision=precision, until=edge, until_precision=precision
    )
    membership.refresh_from_db()

    covered = Membership.objects.filter(covering(edge)).exists()

    first, last = partial_date_bounds(edge, precision)
    assert covered is period_covers(membership, edge) is True
    assert first <= edge <= last
