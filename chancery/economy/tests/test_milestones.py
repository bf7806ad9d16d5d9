"""Milestones, planned against actual: the slippage the database computes is the days counted by
hand, early, on time, late, overdue and not yet due, and partial dates never overstate it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chancery.economy.models import Milestone, with_slippage

D = datetime.date
TODAY = D(2020, 6, 15)

# planned (and its precision), actual (and its precision), status, then the days counted by hand
CASES = {
    "early": (D(2020, 3, 10), "day", D(2020, 3, 5), "day", "reached", -5),
    "on time": (D(2020, 3, 10), "day", D(2020, 3, 10), "day", "reached", 0),
    # 31 January to 2 March 2020: 29 days to 29 February (a leap year), then 2
    "late": (D(2020, 1, 31), "day", D(2020, 3, 2), "day", "reached", 31),
    "overdue, not yet reached": (D(2020, 6, 1), "day", None, "day", "planned", 14),
    "due today, not yet reached": (TODAY, "day", None, "day", "planned", None),
    "not yet due": (D(2020, 7, 1), "day", None, "day", "planned", None),
    "cancelled once overdue": (D(2020, 6, 1), "day", None, "day", "cancelled", None),
    "no planned date": (None, "day", None, "day", "planned", None),
    # planned "2019" is due by 31 December 2019
    "planned for a year, reached late": (
        D(2019, 1, 1),
        "year",
        D(2020, 1, 10),
        "day",
        "reached",
        10,
    ),
    "planned for a year, reached within it": (
        D(2019, 1, 1),
        "year",
        D(2019, 12, 1),
        "day",
        "reached",
        -30,
    ),
    # planned "2020-05" is due by 31 May 2020: 15 days overdue on 15 June
    "planned for a month, overdue": (D(2020, 5, 1), "month", None, "day", "planned", 15),
    # reached "2020-02": on 1 February at the earliest, 48 days after 15 December 2019
    "reached in a month": (D(2019, 12, 15), "day", D(2020, 2, 1), "month", "reached", 48),
}


@pytest.fixture
def milestones(make_project, make_milestone):
    project = make_project("Baku-Tbilisi-Kars railway", kind="transport")
    return {
        name: make_milestone(
            project,
            name,
            planned=planned,
            planned_precision=planned_precision,
            actual=actual,
            actual_precision=actual_precision,
            status=status,
        )
        for name, (planned, planned_precision, actual, actual_precision, status, _days) in (
            CASES.items()
        )
    }


def test_the_database_computes_the_slippage_counted_by_hand(milestones):
    computed = {
        m.title: m.slippage_days for m in with_slippage(Milestone.objects.all(), today=TODAY)
    }

    assert computed == {name: case[-1] for name, case in CASES.items()}


def test_a_milestone_alone_computes_the_same_slippage(milestones):
    computed = {
        name: Milestone.objects.get(pk=m.pk).compute_slippage_days(today=TODAY)
        for name, m in milestones.items()
    }

    assert computed == {name: case[-1] for name, case in CASES.items()}


def test_the_list_page_shows_slippage_computed_in_one_query_for_all_rows(
    make_project, make_milestone, desk, client_as
):
    today = timezone.localdate()
    project = make_project("TAP")
    make_milestone(
        project,
        "Late",
        planned=today - datetime.timedelta(days=40),
        actual=today - datetime.timedelta(days=10),
        status="reached",
    )
    make_milestone(
        project,
        "Early",
        planned=today - datetime.timedelta(days=10),
        actual=today - datetime.timedelta(days=12),
        status="reached",
    )
    make_milestone(project, "Overdue", planned=today - datetime.timedelta(days=1))
    make_milestone(project, "On time", planned=today, actual=today, status="reached")
    make_milestone(project, "Ahead", planned=today + datetime.timedelta(days=3))
    client = client_as(desk)
    client.get("/economy/milestones/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/economy/milestones/")

    shown = {row["object"].title: row["cells"][-1]["value"] for row in page.context["rows"]}
    assert shown == {
        "Late": "30 days late",
        "Early": "2 days early",
        "Overdue": "overdue by 1 day",
        "On time": "on time",
        "Ahead": "not yet due",
    }
    # the slippage is a column of the rows' query: none is computed row by row
    [listing] = [
        q["sql"]
        for q in queries.captured_queries
        if "economy_milestone" in q["sql"] and "LIMIT" in q["sql"] and "COUNT(" not in q["sql"]
    ]
    assert "reached_on" in listing and "due_on" in listing


def test_the_list_sorts_by_slippage(make_project, make_milestone, desk, client_as):
    today = timezone.localdate()
    project = make_project("TAP")
    for days, title in ((5, "Five late"), (-3, "Three early"), (20, "Twenty late")):
        make_milestone(
            project,
            title,
            planned=today - datetime.timedelta(days=30),
            actual=today - datetime.timedelta(days=30 - days),
            status="reached",
        )

    page = client_as(desk).get("/economy/milestones/", {"sort": "-slippage_interval"})

    assert [row["object"].title for row in page.context["rows"]] == [
        "Twenty late",
        "Five late",
        "Three early",
    ]


@pytest.mark.parametrize(
    ("status", "actual", "field"),
    [("planned", D(2020, 1, 1), "actual"), ("reached", None, "actual")],
)
def test_an_actual_date_goes_with_a_reached_milestone_only(
    make_project, make_milestone, status, actual, field
):
    milestone = make_milestone(make_project("TAP"), planned=D(2020, 1, 1))
    milestone.status, milestone.actual = status, actual

    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert field in caught.value.message_dict


def test_a_bad_milestone_answers_400_and_writes_nothing(make_project, desk, client_as, form_data):
    project = make_project("TAP")
    data = form_data(Milestone, desk, project=project.pk, title="Completion", planned="2020-13-01")

    response = client_as(desk).post("/economy/milestones/add/", data)

    assert response.status_code == 400
    assert "planned" in response.context["form"].errors
    assert not Milestone.objects.exists()
