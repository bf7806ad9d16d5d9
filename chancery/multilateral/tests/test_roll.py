"""Memberships as of a day: an organisation's roll, an organ's seats, and the organisations two
states share, on pages that refuse a bad question with a message."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.core.models import Classification
from chancery.multilateral.models import Membership, Organ
from chancery.reference.models import Country, Organization

D = datetime.date


@pytest.fixture
def world(home_state):
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    nam = Organization.objects.create(name="Non-Aligned Movement", acronym="NAM", kind="movement")
    council = Organ.objects.create(organization=un, name="Security Council", kind="council")
    georgia = Country.objects.create(alpha_2="GE", alpha_3="GEO", numeric="268", name="Georgia")
    for state in (home_state, georgia):
        Membership.objects.create(
            state=state, organization=un, status="member", since=D(1992, 3, 2)
        )
    Membership.objects.create(
        state=home_state,
        organization=nam,
        status="member",
        since=D(2011, 1, 1),
        since_precision="year",
    )
    Membership.objects.create(
        state=georgia,
        organization=nam,
        status="observer",
        since=D(2005, 1, 1),
        until=D(2011, 1, 1),
        until_precision="year",
    )
    Membership.objects.create(
        state=home_state,
        organization=un,
        organ=council,
        status="member",
        since=D(2012, 1, 1),
        until=D(2013, 12, 31),
    )
    return {"un": un, "nam": nam, "council": council, "georgia": georgia}


def ask(client, name, **params):
    return client.get(reverse(f"multilateral:{name}"), params)


@pytest.fixture
def reader(personas, client_as):
    return client_as(personas[Classification.RESTRICTED])


def test_the_roll_of_an_organisation_lists_who_held_a_status_on_the_day(world, reader):
    nam = world["nam"]

    early = ask(reader, "roll", organization=nam.pk, on="2010-06-01").context["memberships"]
    late = ask(reader, "roll", organization=nam.pk, on="2011-03-01").context["memberships"]

    assert [(m.state.alpha_2, m.status) for m in early] == [("GE", "observer")]
    # joined "in 2011" and left "in 2011": both hold somewhere in that year
    assert sorted((m.state.alpha_2, m.status) for m in late) == [
        ("AZ", "member"),
        ("GE", "observer"),
    ]


def test_the_roll_of_an_organ_lists_its_seats_not_the_organisations_members(world, reader):
    un, council = world["un"], world["council"]

    seats = ask(reader, "roll", organization=un.pk, organ=council.pk, on="2013-06-01")
    members = ask(reader, "roll", organization=un.pk, on="2013-06-01")
    after = ask(reader, "roll", organization=un.pk, organ=council.pk, on="2014-01-01")

    assert [m.state.alpha_2 for m in seats.context["memberships"]] == ["AZ"]
    assert [m.state.alpha_2 for m in members.context["memberships"]] == ["AZ", "GE"]
    assert after.context["memberships"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "999999"},
        {"organization": "x"},
        {"on": "2011-13-40"},
        {"organization": "99999999999999999999999"},
    ],
)
def test_a_bad_roll_question_is_refused_with_a_message(world, reader, params):
    params = {"organization": world["un"].pk, **params}

    response = ask(reader, "roll", **params)

    assert response.status_code == 400
    assert b"invalid-feedback" in response.content


def test_an_organ_of_another_organisation_is_refused(world, reader):
    response = ask(reader, "roll", organization=world["nam"].pk, organ=world["council"].pk)

    assert response.status_code == 400
    assert b"is not an organ of" in response.content


def test_the_overlap_of_two_states_depends_on_the_day(world, home_state, reader):
    georgia = world["georgia"]

    def overlap(day):
        response = ask(reader, "overlap", first=home_state.pk, second=georgia.pk, on=day)
        return [o.acronym for o in response.context["organisations"]]

    assert overlap("2000-01-01") == ["UN"]
    assert overlap("2011-06-01") == ["NAM", "UN"]
    assert overlap("2016-01-01") == ["UN"]


def test_a_hidden_membership_is_on_no_roll(world, personas, client_as):
    Membership.objects.filter(organization=world["nam"]).update(
        classification=Classification.SECRET
    )

    restricted = ask(
        client_as(personas[Classification.RESTRICTED]),
        "roll",
        organization=world["nam"].pk,
        on="2011-03-01",
    )
    secret = ask(
        client_as(personas[Classification.SECRET]),
        "roll",
        organization=world["nam"].pk,
        on="2011-03-01",
    )

    assert restricted.context["memberships"] == []
    assert len(secret.context["memberships"]) == 2


def test_the_roll_issues_as_many_queries_for_many_members_as_for_few(world, reader):
    un = world["un"]
    with CaptureQueriesContext(connection) as few:
        ask(reader, "roll", organization=un.pk, on="2000-01-01")
    for i in range(20):
        state = Country.objects.create(
            alpha_2=f"Q{chr(65 + i)}", alpha_3=f"Q{chr(65 + i)}Q", numeric=f"8{i:02d}", name=f"S{i}"
        )
        Membership.objects.create(state=state, organization=un, status="member")
    with CaptureQueriesContext(connection) as many:
        response = ask(reader, "roll", organization=un.pk, on="2000-01-01")

    assert len(response.context["memberships"]) == 22
    assert len(many) == len(few)
