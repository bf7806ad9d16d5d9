"""The rules of the bilateral records: a mission has one host and closes after it opens, an
engagement ends after it starts (partial dates compared fairly), and a state has one relation."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from chancery.bilateral.models import DiplomaticRelation, Engagement, HeadOfMission, Mission
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.reference.models import Country, Organization, Person

D = datetime.date


@pytest.fixture
def desk_officer(personas):
    """A desk officer: may edit the bilateral records."""
    return personas[Classification.CONFIDENTIAL]


@pytest.fixture
def france(db):
    return Country.objects.create(alpha_2="FR", alpha_3="FRA", numeric="250", name="France")


@pytest.fixture
def united_nations(db):
    return Organization.objects.create(name="United Nations", acronym="UN", kind="universal")


def refusal(record):
    """The messages by field with which `full_clean` refuses the record (none if it accepts)."""
    try:
        record.full_clean()
    except ValidationError as refused:
        return refused.message_dict
    return {}


def api_url(model):
    return f"/api/bilateral/{registry[model].slug}/"


# missions ------------------------------------------------------------------------------------


@pytest.fixture
def embassy(home_state, france):
    """Our embassy in Paris, unsaved: each test sets what it checks."""
    return Mission(
        name="Embassy of Azerbaijan in Paris",
        kind=Mission.Kind.EMBASSY,
        sending_state=home_state,
        host_state=france,
        city="Paris",
    )


def test_a_mission_hosted_by_a_state_is_valid(embassy):
    assert refusal(embassy) == {}


def test_a_mission_to_an_organisation_is_valid(embassy, united_nations):
    embassy.kind, embassy.host_state, embassy.host_organization = (
        Mission.Kind.PERMANENT_MISSION,
        None,
        united_nations,
    )

    assert refusal(embassy) == {}


def test_a_mission_hosted_by_both_a_state_and_an_organisation_is_refused(embassy, united_nations):
    embassy.host_organization = united_nations

    assert "host_state" in refusal(embassy)


def test_a_mission_hosted_by_neither_is_refused(embassy):
    embassy.host_state = None

    assert "host_state" in refusal(embassy)


def test_a_mission_closed_before_it_opened_is_refused_naming_both_dates(embassy):
    embassy.opened, embassy.closed = D(1994, 5, 17), D(1992, 3, 1)

    message = " ".join(refusal(embassy)["closed"])

    assert "1 March 1992" in message
    assert "17 May 1994" in message


def test_a_closing_known_only_to_the_year_of_the_opening_is_not_before_it(embassy):
    embassy.opened, embassy.closed = D(1994, 5, 17), D(1994, 1, 1)
    embassy.closed_precision = "year"

    assert refusal(embassy) == {}


def test_a_head_whose_term_ends_before_it_begins_is_refused_naming_both_dates(embassy):
    embassy.save()
    head = HeadOfMission(
        mission=embassy,
        person=Person.objects.create(name="Ambassador"),
        title=HeadOfMission.Title.AMBASSADOR,
        since=D(2019, 9, 1),
        until=D(2018, 2, 3),
    )

    message = " ".join(refusal(head)["until"])

    assert "3 February 2018" in message
    assert "1 September 2019" in message


def test_a_mission_keeps_every_head_and_answers_who_led_it_on_a_day(embassy):
    embassy.save()

    def term(name, since, until=None, **precision):
        return HeadOfMission.objects.create(
            mission=embassy,
            person=Person.objects.create(name=name),
            title=HeadOfMission.Title.AMBASSADOR,
            since=since,
            until=until,
            **precision,
        )

    first = term("First", D(1994, 5, 17), D(2001, 1, 1), until_precision="year")
    acting = term("Acting", D(2002, 3, 1), D(2002, 9, 30))
    second = term("Second", D(2002, 10, 1))
    mission = Mission.objects.prefetch_related("heads").get(pk=embassy.pk)

    assert mission.head_on(D(1993, 1, 1)) is None
    assert mission.head_on(D(2001, 12, 31)) == first  # "until 2001" covers the whole year
    assert mission.head_on(D(2002, 1, 15)) is None
    assert mission.head_on(D(2002, 6, 1)) == acting
    assert mission.head_on(D(2026, 1, 1)) == second


def test_the_api_refuses_a_mission_with_both_hosts_and_writes_nothing(
    desk_officer, client_as, home_state, france, united_nations
):
    body = {
        "name": "Mission of Azerbaijan",
        "kind": "embassy",
        "sending_state": home_state.pk,
        "host_state": france.pk,
        "host_organization": united_nations.pk,
    }

    response = client_as(desk_officer).post(api_url(Mission), body, content_type="application/json")

    assert response.status_code == 400
    assert "host_state" in response.json()
    assert not Mission.objects.exists()


# engagements ---------------------------------------------------------------------------------


def engagement(start, end, start_precision="day", end_precision="day"):
    return Engagement(
        title="Official visit to Paris",
        kind=Engagement.Kind.OFFICIAL_VISIT,
        direction=Engagement.Direction.OUTGOING,
        start=start,
        start_precision=start_precision,
        end=end,
        end_precision=end_precision,
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param((D(2016, 6, 1), "day"), (D(2016, 6, 3), "day"), id="later-day"),
        pytest.param((D(2016, 6, 1), "day"), (D(2016, 6, 1), "day"), id="same-day"),
        pytest.param((D(2016, 6, 1), "day"), (D(2016, 1, 1), "year"), id="end-2016-start-june"),
        pytest.param((D(2016, 6, 1), "day"), (D(2016, 6, 1), "month"), id="end-in-the-month"),
        pytest.param((D(2016, 1, 1), "year"), (D(2016, 3, 5), "day"), id="start-2016-end-march"),
        pytest.param((D(2016, 6, 1), "day"), (None, "day"), id="no-end"),
    ],
)
@pytest.mark.django_db
def test_an_engagement_that_may_end_after_it_starts_is_valid(start, end):
    assert refusal(engagement(start[0], end[0], start[1], end[1])) == {}


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        pytest.param(
            (D(2016, 6, 1), "day"),
            (D(2016, 5, 30), "day"),
            ("30 May 2016", "1 June 2016"),
            id="day",
        ),
        pytest.param(
            (D(2016, 6, 1), "day"),
            (D(2016, 5, 1), "month"),
            ("May 2016", "1 June 2016"),
            id="month",
        ),
        pytest.param(
            (D(2016, 6, 1), "day"), (D(2015, 1, 1), "year"), ("2015", "1 June 2016"), id="year"
        ),
    ],
)
@pytest.mark.django_db
def test_an_engagement_that_ends_before_it_starts_is_refused_naming_both_dates(start, end, shown):
    message = " ".join(refusal(engagement(start[0], end[0], start[1], end[1]))["end"])

    assert all(date in message for date in shown)


def test_the_form_accepts_an_end_known_only_to_the_year_of_the_start(desk_officer, client_as):
    form = {
        "title": "Official visit to Paris",
        "kind": "official_visit",
        "direction": "outgoing",
        "start": "2016-06-01",
        "end": "2016",
        "classification": 0,
    }

    response = client_as(desk_officer).post(reverse(registry[Engagement].url_name("add")), form)

    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = Engagement.objects.get()
    assert (saved.end, saved.end_precision) == (D(2016, 1, 1), "year")


# one diplomatic relation per state --------------------------------------------------------------


def test_a_second_relation_with_the_same_state_is_refused_by_the_api(
    desk_officer, client_as, france
):
    first = DiplomaticRelation.objects.create(state=france, status="active")
    entries = LogEntry.objects.get_for_model(DiplomaticRelation).count()

    response = client_as(desk_officer).post(
        api_url(DiplomaticRelation),
        {"state": france.pk, "status": "severed"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "state" in response.json()
    assert list(DiplomaticRelation.objects.all()) == [first]
    assert LogEntry.objects.get_for_model(DiplomaticRelation).count() == entries


def test_a_second_relation_with_the_same_state_is_refused_by_the_form(
    desk_officer, client_as, france
):
    DiplomaticRelation.objects.create(state=france, status="active")
    form = {"state": france.pk, "status": "severed", "classification": 0}

    response = client_as(desk_officer).post(
        reverse(registry[DiplomaticRelation].url_name("add")), form
    )

    assert response.status_code == 400
    assert "state" in response.context["form"].errors
    assert DiplomaticRelation.objects.get().status == "active"


def test_a_relation_with_another_state_is_accepted(desk_officer, client_as, france):
    DiplomaticRelation.objects.create(state=france, status="active")
    turkey = Country.objects.create(alpha_2="TR", alpha_3="TUR", numeric="792", name="Türkiye")

    response = client_as(desk_officer).post(
        api_url(DiplomaticRelation),
        {"state": turkey.pk, "status": "active"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert DiplomaticRelation.objects.count() == 2
