"""A candidacy's page: its ballots, every member state of the electing organisation with its
pledge (or none yet), the pledges set against the final tally, and the pledge list export."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import Classification
from chancery.multilateral.models import Ballot, Candidacy, Membership, Organ, Pledge
from chancery.reference.models import Country, Organization

D = datetime.date


@pytest.fixture
def united_nations(db):
    return Organization.objects.create(name="United Nations", acronym="UN", kind="universal")


@pytest.fixture
def council(united_nations):
    return Organ.objects.create(
        organization=united_nations, name="Security Council", acronym="UNSC", kind="council"
    )


@pytest.fixture
def members(home_state, united_nations):
    """Five member states of the UN in 2011, one of which left before the election."""
    states = [home_state]
    for i, code in enumerate(("FR", "GE", "TR", "BR")):
        states.append(
            Country.objects.create(alpha_2=code, alpha_3=f"X{i}X", numeric=f"9{i}0", name=code)
        )
    for state in states:
        Membership.objects.create(
            state=state, organization=united_nations, status="member", since=D(1992, 3, 2)
        )
    Membership.objects.filter(state=states[-1]).update(until=D(2010, 1, 1))
    return states


@pytest.fixture
def candidacy(home_state, council, members):
    candidacy = Candidacy.objects.create(
        state=home_state,
        organ=council,
        seat="Non-permanent seat",
        term_from=D(2012, 1, 1),
        term_from_precision="year",
        term_to=D(2013, 1, 1),
        term_to_precision="year",
        election_date=D(2011, 10, 24),
        result="elected",
    )
    Ballot.objects.create(candidacy=candidacy, round=1, votes_received=2, votes_cast=4)
    Ballot.objects.create(candidacy=candidacy, round=2, votes_received=3, votes_cast=4)
    france, georgia, turkey = members[1:4]
    Pledge.objects.create(candidacy=candidacy, state=france, status="confirmed")
    Pledge.objects.create(
        candidacy=candidacy, state=georgia, status="pledged", reciprocal="Their HRC bid, 2014"
    )
    Pledge.objects.create(candidacy=candidacy, state=turkey, status="declined")
    return candidacy


def test_the_page_sets_the_pledges_against_the_final_round(candidacy, personas, client_as):
    response = client_as(personas[Classification.RESTRICTED]).get(candidacy.get_absolute_url())

    campaign = response.context["campaign"]
    assert campaign["supporting"] == 2
    assert campaign["final"].round == 2
    assert campaign["gap"] == 1  # three votes received, two pledged
    assert campaign["not_asked"] == 0  # never the candidate itself; Brazil had left the UN
    assert [state.alpha_2 for state, _pledge in campaign["rows"]] == ["FR", "GE", "TR"]
    assert b"Their HRC bid, 2014" in response.content
    assert candidacy.term_display == "2012 to 2013"


def test_a_pledge_above_the_readers_clearance_is_neither_listed_nor_counted(
    candidacy, personas, client_as
):
    Pledge.objects.filter(status="confirmed").update(classification=Classification.SECRET)

    response = client_as(personas[Classification.RESTRICTED]).get(candidacy.get_absolute_url())

    campaign = response.context["campaign"]
    assert campaign["supporting"] == 1
    assert campaign["not_asked"] == 1
    assert b"pledge-confirmed" not in response.content


def test_the_pledge_list_exports_only_the_candidacys_pledges(
    candidacy, council, home_state, members, personas, client_as
):
    other = Candidacy.objects.create(state=members[1], organ=council, seat="Another seat")
    Pledge.objects.create(candidacy=other, state=home_state, status="asked")
    client = client_as(personas[Classification.RESTRICTED])

    url = client.get(candidacy.get_absolute_url()).context["campaign"]["pledge_export_url"]
    response = client.get(url)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    assert not any(row and "Asked" in row for row in rows[1:])


def test_more_votes_received_than_cast_is_refused_naming_both(candidacy):
    ballot = Ballot(candidacy=candidacy, round=3, votes_received=190, votes_cast=184)

    with pytest.raises(ValidationError) as refused:
        ballot.full_clean()

    message = " ".join(refused.value.message_dict["votes_received"])
    assert "190" in message and "184" in message


def test_a_seat_in_an_organ_of_another_organisation_is_refused(home_state, council):
    other = Organization.objects.create(name="Non-Aligned Movement", acronym="NAM", kind="movement")
    membership = Membership(state=home_state, organization=other, organ=council, status="member")

    with pytest.raises(ValidationError) as refused:
        membership.full_clean()

    assert "not of Non-Aligned Movement" in " ".join(refused.value.message_dict["organ"])


def test_the_candidacy_page_issues_as_many_queries_for_many_pledges_as_for_few(
    candidacy, united_nations, personas, client_as
):
    client = client_as(personas[Classification.RESTRICTED])
    with CaptureQueriesContext(connection) as few:
        client.get(candidacy.get_absolute_url())
    for i in range(15):
        state = Country.objects.create(
            alpha_2=f"Q{chr(65 + i)}", alpha_3=f"Q{chr(65 + i)}Q", numeric=f"7{i:02d}", name=f"S{i}"
        )
        Membership.objects.create(state=state, organization=united_nations, status="member")
        Pledge.objects.create(candidacy=candidacy, state=state, status="pledged")
    Ballot.objects.create(candidacy=candidacy, round=3, votes_received=18, votes_cast=19)
    with CaptureQueriesContext(connection) as many:
        response = client.get(candidacy.get_absolute_url())

    assert response.context["campaign"]["supporting"] == 17
    assert len(many) == len(few)


def test_record_a_pledge_opens_the_form_with_the_candidacy_chosen(candidacy, personas, client_as):
    desk = client_as(personas[Classification.CONFIDENTIAL])
    reader = client_as(personas["analyst"])

    url = desk.get(candidacy.get_absolute_url()).context["campaign"]["add_pledge_url"]
    form = desk.get(url).context["form"]

    assert form.initial["candidacy"] == str(candidacy.pk)
    assert f'<option value="{candidacy.pk}" selected>' in str(form["candidacy"])
    assert reader.get(candidacy.get_absolute_url()).context["campaign"]["add_pledge_url"] is None


def test_the_chart_sets_the_pledges_the_reader_may_see_against_the_majority_and_the_rounds(
    candidacy, personas, client_as
):
    Candidacy.objects.filter(pk=candidacy.pk).update(majority_needed=3)
    Pledge.objects.filter(status="confirmed").update(classification=Classification.SECRET)
    reader = personas[Classification.RESTRICTED]

    response = client_as(reader).get(candidacy.get_absolute_url())

    chart = response.context["campaign"]["chart"]
    seen = Pledge.objects.visible_to(reader).filter(candidacy=candidacy)
    ballots = Ballot.objects.visible_to(reader).filter(candidacy=candidacy).order_by("round")
    oracle = [
        ("Supporting", seen.filter(status__in=Pledge.SUPPORTING).count()),
        ("Undecided", seen.filter(status__in=["asked", "no_answer"]).count() + 1),  # France
        ("Declined", seen.filter(status="declined").count()),
        *((f"Round {b.round}", b.votes_received) for b in ballots),
    ]
    assert [(label, total) for label, _values, total in chart.table] == oracle
    assert oracle[:3] == [("Supporting", 1), ("Undecided", 1), ("Declined", 1)]  # never France's
    assert [name for name, _colour in chart.series] == [
        "Pledged",
        "Not asked",
        "Declined",
        "Votes received",
    ]
    assert chart.marks[0]["value"] == 3 and chart.marks[0]["label"] == "Majority needed"
    assert b'id="tally-chart"' in response.content
