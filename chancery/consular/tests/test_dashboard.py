"""The consular dashboard: counts over the records each user may count, the same for everyone of
the same clearance, no one named, links to the lists only for those who may read the persons,
and as many queries for many records as for few."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.consular import crisis as accounting
from chancery.consular.models import Case, Crisis, CrisisCheck, Registration
from chancery.core.models import Classification
from chancery.core.registry import registry

URL = "/consular/"
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
SURNAME = "Zebulonova"
Status = Registration.Status


@pytest.fixture
def world(register, make_case, host, elsewhere, missions, officer):
    """Stays, cases and crises whose counts are worked out by hand in the tests."""
    today, now = timezone.localdate(), timezone.now()
    named = register(SURNAME, status=Status.PENDING)
    register(status=Status.PENDING, mission=missions[1])
    register(arrives_on=today, leaves_on=today + 10 * DAY)  # arrives today: present
    register(arrives_on=today - 10 * DAY, leaves_on=today)  # leaves today: present
    register(country=elsewhere, mission=None)
    register(status=Status.CANCELLED)
    left = register(arrives_on=today - 10 * DAY, leaves_on=today - DAY)
    register(arrives_on=today + DAY, leaves_on=today + 5 * DAY)
    register(classification=Classification.SECRET)

    make_case(opened_at=now - 30 * HOUR)  # a detention: 24 hours, late
    make_case(opened_at=now - HOUR)
    make_case(status=Case.Status.ASSIGNED, kind=Case.Kind.LOST_PASSPORT, opened_at=now - HOUR)
    opened = now - 100 * HOUR  # a welfare check: 72 hours
    welfare = {"kind": Case.Kind.WELFARE, "country": elsewhere, "opened_at": opened}
    make_case(first_contact_at=opened + 80 * HOUR, mission=missions[1], **welfare)  # late
    make_case(first_contact_at=opened + 10 * HOUR, **welfare)
    make_case(status=Case.Status.CLOSED, opened_at=opened)
    make_case(opened_at=opened, classification=Classification.SECRET)

    quake = Crisis.objects.create(name="Earthquake", starts_on=today - 5 * DAY)
    quake.countries.add(host)
    accounting.mark(quake, named, CrisisCheck.Status.ACCOUNTED, officer)
    accounting.mark(quake, left, CrisisCheck.Status.NEEDS_HELP, officer)
    over = Crisis.objects.create(
        name="Flood", starts_on=today - 5 * DAY, status=Crisis.Status.CLOSED
    )
    over.countries.add(host)
    hidden = Crisis.objects.create(
        name="Coup", starts_on=today - DAY, classification=Classification.SECRET
    )
    hidden.countries.add(host)
    return {"named": named, "quake": quake}


def table(context, name):
    return {str(row["state"]): row["cells"] for row in context[name]["rows"]}


def crises(context):
    return {
        item["crisis"].name: (
            item["counts"]["total"],
            {row["status"]: row["count"] for row in item["counts"]["rows"]},
        )
        for item in context["crises"]
    }


@pytest.mark.parametrize("persona", ["officer", "outsider", "analyst"])
def test_the_counts_are_those_of_every_record_the_user_may_count(
    persona, world, request, client_as
):
    response = client_as(request.getfixturevalue(persona)).get(URL)
    context = response.context

    assert response.status_code == 200
    assert table(context, "present") == {"Georgia": [2, 2, 4], "Armenia": [0, 1, 1]}
    assert context["present"]["totals"] == [2, 3, 5]
    assert [str(label) for label in context["case_kinds"]] == [
        "Lost or stolen passport",
        "Arrest or detention",
        "Welfare check",
    ]
    # per state: passport, detention, welfare, total, past the deadline
    assert table(context, "cases") == {"Georgia": [1, 2, 0, 3, 1], "Armenia": [0, 0, 2, 2, 1]}
    assert context["cases"]["totals"] == [1, 2, 2, 5, 2]
    assert context["late_cases"] == 2
    assert crises(context) == {
        "Earthquake": (
            5,
            {"accounted": 1, "needs_help": 1, "unreachable": 0, "left": 0, "not_marked": 3},
        )
    }


def test_a_user_cleared_higher_counts_the_records_classified_higher(world, auditor, client_as):
    context = client_as(auditor).get(URL).context

    assert table(context, "present") == {"Georgia": [2, 3, 5], "Armenia": [0, 1, 1]}
    assert table(context, "cases") == {"Georgia": [1, 3, 0, 4, 2], "Armenia": [0, 0, 2, 2, 1]}
    assert set(crises(context)) == {"Earthquake", "Coup"}
    assert crises(context)["Earthquake"][0] == 6


def test_the_counts_agree_with_the_crisis_page_and_the_breaches_page(world, analyst, client_as):
    client = client_as(analyst)
    context = client.get(URL).context
    quake = world["quake"]

    assert context["crises"][0]["counts"] == accounting.counts(quake, analyst)
    breaches = client.get(reverse("consular:case_breaches")).context
    assert context["late_cases"] == breaches["open_count"]


@pytest.mark.parametrize(
    ("persona", "present"), [("officer", 5), ("outsider", 5), ("analyst", 5), ("auditor", 6)]
)
def test_no_one_is_named_on_the_page_whoever_reads_it(persona, present, world, request, client_as):
    body = client_as(request.getfixturevalue(persona)).get(URL).content.decode()

    assert f'id="present-total">{present}<' in body
    assert SURNAME.lower() not in body.lower()
    assert world["named"].reference not in body
    assert re.search(r"person\d", body, re.IGNORECASE) is None


def test_the_figures_are_shown_on_the_page(world, analyst, client_as):
    body = client_as(analyst).get(URL).content.decode()

    assert 'id="present-total">5<' in body
    assert 'id="late-count">2<' in body
    assert f'id="crisis-{world["quake"].pk}"' in body
    assert "Flood" not in body
    assert "Coup" not in body


def test_those_who_may_read_the_persons_get_links_to_the_lists(world, officer, client_as):
    response = client_as(officer).get(URL)
    body = response.content.decode()

    assert response.context["links"] == {
        "registrations": registry[Registration].list_url,
        "cases": registry[Case].list_url,
        "breaches": reverse("consular:case_breaches"),
        "crises": registry[Crisis].list_url,
    }
    assert 'id="dashboard-links"' in body
    assert f'href="{world["quake"].get_absolute_url()}"' in body
    assert 'id="access-log-link"' not in body


def test_the_others_get_numbers_without_links(world, analyst, client_as):
    response = client_as(analyst).get(URL)
    body = response.content.decode()

    assert response.context["links"] is None
    assert 'id="dashboard-links"' not in body
    assert world["quake"].get_absolute_url() not in body
    assert reverse("consular:case_breaches") not in body


def test_an_auditor_finds_the_read_log_from_the_dashboard(world, auditor, client_as):
    body = client_as(auditor).get(URL).content.decode()

    assert f'href="{reverse("consular:access_log")}"' in body


def test_the_dashboard_is_in_the_consular_menu(analyst, client_as):
    body = client_as(analyst).get("/").content.decode()

    assert f'href="{reverse("consular:dashboard")}"' in body


def test_an_empty_dashboard_says_so(analyst, client_as):
    body = client_as(analyst).get(URL).content.decode()

    assert "No one registered is abroad today." in body
    assert "No open case." in body
    assert "No active crisis." in body


def test_the_dashboard_requires_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_needs_as_many_queries_for_many_records_as_for_few(
    world, register, make_case, host, officer, client_as, django_assert_num_queries
):
    client = client_as(officer)
    now = timezone.now()
    today = timezone.localdate()

    def add(n):
        crisis = Crisis.objects.create(name=f"Storm {n}", starts_on=today - DAY)
        crisis.countries.add(host)
        for i in range(n):
            person = register(status=Status.PENDING if i % 2 else Status.CONFIRMED)
            accounting.mark(crisis, person, CrisisCheck.Status.ACCOUNTED, officer)
            make_case(kind=Case.Kind.DEATH if i % 2 else Case.Kind.MISSING, opened_at=now - i * DAY)

    add(2)
    client.get(URL)  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    add(20)

    with django_assert_num_queries(len(few)):
        response = client.get(URL)

    assert response.context["present"]["totals"][-1] == 5 + 22
    assert len(response.context["crises"]) == 3
