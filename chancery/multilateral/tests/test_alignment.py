"""Voting alignment: the agreement index of two states' votes (abstention half agreement) by
year and over a period, the ranking of the states most and least aligned, and the page."""

import datetime
import itertools
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core.models import Classification, sees_every_desk
from chancery.multilateral.alignment import (
    Sight,
    agreement_by_subject,
    agreement_by_year,
    agreement_over,
    ranking,
)
from chancery.multilateral.models import Organ, Resolution, Subject, Vote
from chancery.reference.models import Organization, Succession

from .conftest import ABSENT, ABSTAIN, NO, NOT_MEMBER, YES, country, voted

D = datetime.date


def test_identical_votes_agree_fully(assembly, home_state, other, reader):
    voted(assembly, D(2020, 3, 1), {home_state: YES, other: YES})
    voted(assembly, D(2020, 4, 1), {home_state: NO, other: NO})
    voted(assembly, D(2020, 5, 1), {home_state: ABSTAIN, other: ABSTAIN})

    assert agreement_over(home_state, other, reader) == (1.0, 3)


def test_a_yes_against_an_abstention_is_half_agreement(assembly, home_state, other, reader):
    voted(assembly, D(2020, 3, 1), {home_state: YES, other: ABSTAIN})
    voted(assembly, D(2020, 4, 1), {home_state: ABSTAIN, other: NO})

    assert agreement_over(home_state, other, reader) == (0.5, 2)


def test_a_yes_against_a_no_is_no_agreement(assembly, home_state, other, reader):
    voted(assembly, D(2020, 3, 1), {home_state: YES, other: NO})
    voted(assembly, D(2020, 4, 1), {home_state: NO, other: YES})

    assert agreement_over(home_state, other, reader) == (0.0, 2)


def test_absences_non_members_and_missing_votes_are_left_out(assembly, home_state, other, reader):
    voted(assembly, D(2020, 1, 1), {home_state: YES, other: YES})
    voted(assembly, D(2020, 2, 1), {home_state: YES, other: ABSENT})
    voted(assembly, D(2020, 3, 1), {home_state: NO, other: NOT_MEMBER})
    voted(assembly, D(2020, 4, 1), {home_state: ABSENT, other: NO})
    voted(assembly, D(2020, 5, 1), {home_state: NO})
    voted(assembly, D(2020, 6, 1), {other: NO})

    assert agreement_over(home_state, other, reader) == (1.0, 1)
    assert agreement_by_year(home_state, other, reader) == [(2020, 1.0, 1)]


def test_states_that_never_voted_together_have_no_score(assembly, home_state, other, reader):
    voted(assembly, D(2020, 2, 1), {home_state: YES, other: ABSENT})

    assert agreement_over(home_state, other, reader) == (None, 0)
    assert agreement_by_year(home_state, other, reader) == []


def test_each_year_is_scored_apart(two_years, home_state, other, reader):
    assert agreement_by_year(home_state, other, reader) == [(2019, 1.0, 2), (2020, 0.25, 2)]
    assert agreement_over(home_state, other, reader) == (0.625, 4)


def test_agreement_is_the_same_seen_from_either_state(two_years, home_state, other, reader):
    assert agreement_by_year(other, home_state, reader) == agreement_by_year(
        home_state, other, reader
    )


def test_the_period_keeps_only_its_resolutions_both_ends_included(
    two_years, home_state, other, reader
):
    period = {"start": D(2019, 12, 31), "end": D(2020, 1, 1)}

    assert agreement_over(home_state, other, reader, **period) == (0.5, 2)
    assert agreement_by_year(home_state, other, reader, **period) == [
        (2019, 1.0, 1),
        (2020, 0.0, 1),
    ]
    assert agreement_over(home_state, other, reader, start=D(2020, 6, 1)) == (0.5, 1)
    assert agreement_over(home_state, other, reader, end=D(2019, 11, 1)) == (1.0, 1)


def test_the_subject_keeps_only_its_resolutions(assembly, home_state, other, reader):
    arms, rights = (
        Subject.objects.create(name="Arms control"),
        Subject.objects.create(name="Rights"),
    )
    voted(assembly, D(2020, 1, 1), {home_state: YES, other: YES}).subjects.set([arms, rights])
    voted(assembly, D(2020, 2, 1), {home_state: YES, other: NO}).subjects.set([rights])
    voted(assembly, D(2020, 3, 1), {home_state: YES, other: ABSTAIN})

    assert agreement_over(home_state, other, reader, subject=arms) == (1.0, 1)
    assert agreement_over(home_state, other, reader, subject=rights) == (0.5, 2)
    assert agreement_over(home_state, other, reader) == (0.5, 3)


def test_each_function_is_one_aggregate_query_once_the_sight_is_read(
    two_years, home_state, other, reader, django_assert_num_queries, django_assert_max_num_queries
):
    sees_every_desk(reader)  # the reader's permissions, read once per request
    with django_assert_num_queries(3):  # organs, states, subjects
        seen = Sight.of(reader)
    with django_assert_num_queries(1):
        agreement_over(home_state, other, seen)
    with django_assert_num_queries(1):
        agreement_by_year(home_state, other, seen)
    with django_assert_num_queries(2):  # the scores, then the countries
        ranking(home_state, seen, minimum=1)
    with django_assert_max_num_queries(2):  # the scores, then the subjects (if any)
        agreement_by_subject(home_state, other, seen)


@pytest.fixture
def field(assembly, home_state):
    """Four other states over four resolutions of 2020: Ally always votes with the home state,
    Neighbour half the time, Rival never, Newcomer only once."""
    ally, neighbour, rival, newcomer = (
        country(name) for name in ("Ally", "Neighbour", "Rival", "Newcomer")
    )
    for month, home in enumerate([YES, NO, YES, NO], start=1):
        opposite = NO if home == YES else YES
        voted(
            assembly,
            D(2020, month, 1),
            {
                home_state: home,
                ally: home,
                neighbour: home if month % 2 else opposite,
                rival: opposite,
                newcomer: home if month == 1 else NOT_MEMBER,
            },
        )
    return {"ally": ally, "neighbour": neighbour, "rival": rival, "newcomer": newcomer}


def test_the_ranking_puts_the_most_aligned_first_and_leaves_out_too_few_votes(
    field, home_state, reader
):
    ranked = ranking(home_state, reader, minimum=2)

    assert ranked == [
        (field["ally"], 1.0, 4),
        (field["neighbour"], 0.5, 4),
        (field["rival"], 0.0, 4),
    ]


def test_the_minimum_counts_votes_in_common(field, home_state, reader):
    assert [c for c, _s, _n in ranking(home_state, reader, minimum=1)] == [
        field["ally"],
        field["newcomer"],
        field["neighbour"],
        field["rival"],
    ]
    assert ranking(home_state, reader, minimum=5) == []
    assert ranking(home_state, reader) == []  # ten by default


def test_the_ranking_follows_the_period_and_never_ranks_the_state_itself(field, home_state, reader):
    ranked = ranking(home_state, reader, start=D(2020, 2, 1), end=D(2020, 2, 28), minimum=1)

    assert ranked == [
        (field["ally"], 1.0, 1),
        (field["neighbour"], 0.0, 1),
        (field["rival"], 0.0, 1),
    ]


def test_a_resolution_above_the_readers_clearance_changes_nothing_for_them(
    two_years, assembly, home_state, other, reader, personas
):
    before = (
        agreement_by_year(home_state, other, reader),
        agreement_over(home_state, other, reader),
        ranking(home_state, reader, minimum=1),
    )
    voted(
        assembly,
        D(2020, 6, 1),
        {home_state: YES, other: NO},
        classification=Classification.CONFIDENTIAL,
    )

    after = (
        agreement_by_year(home_state, other, reader),
        agreement_over(home_state, other, reader),
        ranking(home_state, reader, minimum=1),
    )
    assert after == before
    assert agreement_over(home_state, other, personas[Classification.CONFIDENTIAL]) == (0.5, 5)


def test_a_resolution_of_a_hidden_organ_changes_nothing_for_the_reader(
    two_years, assembly, home_state, other, reader
):
    secret_organ = Organ.objects.create(
        organization=assembly.organization,
        name="Closed committee",
        kind=Organ.Kind.COMMITTEE,
        classification=Classification.SECRET,
    )
    voted(secret_organ, D(2020, 6, 1), {home_state: YES, other: NO})

    assert agreement_over(home_state, other, reader) == (0.625, 4)


def test_a_hidden_country_is_never_ranked_nor_compared(
    two_years, assembly, home_state, other, secret_country, reader, personas
):
    for month in (1, 2):
        voted(assembly, D(2020, month, 15), {home_state: YES, other: YES, secret_country: YES})

    assert secret_country not in [c for c, _s, _n in ranking(home_state, reader, minimum=1)]
    assert agreement_over(home_state, secret_country, reader) == (None, 0)
    assert agreement_by_year(home_state, secret_country, reader) == []
    assert agreement_over(secret_country, other, reader) == (None, 0)
    assert ranking(secret_country, reader, minimum=1) == []
    secret_reader = personas[Classification.SECRET]
    assert secret_country in [c for c, _s, _n in ranking(home_state, secret_reader, minimum=1)]


# The database's scores against a plain Python reading of the same votes.

CODES = [YES, ABSTAIN, NO, ABSENT, NOT_MEMBER, None]  # None: no row for the state


def reference_agreement(rows, i, j, year=None):
    """(score, n) of the i-th and j-th states in plain Python, from rows (year, *votes), one row
    per resolution; None for a state without a vote row."""
    pairs = [
        (row[i + 1], row[j + 1])
        for row in rows
        if year in (None, row[0]) and row[i + 1] in Vote.CAST and row[j + 1] in Vote.CAST
    ]
    if not pairs:
        return None, 0
    return sum(1 - abs(a - b) / 2 for a, b in pairs) / len(pairs), len(pairs)


def approximately(score, n):
    return (None if score is None else pytest.approx(score), n)


@pytest.fixture
def trio(assembly, home_state):
    return [home_state, country("Second"), country("Third")]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from([2019, 2020]), *[st.sampled_from(CODES)] * 3),
        min_size=1,
        max_size=8,
    )
)
def test_the_database_agrees_with_a_plain_python_reading(assembly, trio, reader, rows):
    with transaction.atomic():  # each example on its own votes
        for year, *codes in rows:
            votes = {state: code for state, code in zip(trio, codes, strict=True) if code}
            voted(assembly, D(year, 6, 1), votes)

        for (i, first), (j, second) in itertools.permutations(enumerate(trio), 2):
            assert agreement_over(first, second, reader) == approximately(
                *reference_agreement(rows, i, j)
            )
            expected_years = [
                (year, *approximately(*reference_agreement(rows, i, j, year)))
                for year in (2019, 2020)
                if reference_agreement(rows, i, j, year)[1]
            ]
            assert agreement_by_year(first, second, reader) == expected_years
        expected_ranking = {
            trio[j]: approximately(*reference_agreement(rows, 0, j))
            for j in (1, 2)
            if reference_agreement(rows, 0, j)[1]
        }
        ranked = ranking(trio[0], reader, minimum=1)
        assert {state: (score, n) for state, score, n in ranked} == expected_ranking
        assert [score for _state, score, _n in ranked] == sorted(
            (score for _state, score, _n in ranked), reverse=True
        )
        transaction.set_rollback(True)


# The page.


def page(client, **params):
    return client.get(reverse("multilateral:alignment"), params)


def test_the_page_asks_to_log_in(client):
    response = page(client)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_page_shows_the_score_the_chart_and_both_rankings(
    two_years, home_state, other, reader, client_as
):
    response = page(client_as(reader), state=home_state.pk, other=other.pk)

    assert response.status_code == 200
    html = response.content.decode()
    assert "62.5 %" in html
    assert [(row["year"], row["n"]) for row in response.context["by_year"]] == [
        (2019, 2),
        (2020, 2),
    ]
    svg = re.search(r"<svg id=\"alignment-chart\".*?</svg>", html, re.S).group(0)
    assert re.search(r'<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"', svg)
    assert ">2019<" in svg and ">2020<" in svg
    assert all(f">{share} %<" in svg for share in (0, 50, 100))
    assert "style=" not in svg and "<script" not in svg
    assert 'id="most-aligned"' in html and 'id="least-aligned"' in html
    assert 'id="alignment-by-year"' in html


def test_the_charts_coordinates_are_never_written_with_a_decimal_comma(
    two_years, home_state, other, reader, client_as
):
    response = client_as(reader).get(
        reverse("multilateral:alignment"),
        {"state": home_state.pk, "other": other.pk},
        headers={"accept-language": "ru"},
    )

    html = response.content.decode()
    assert "62,5 %" in html  # the labels are localized
    svg = re.search(r"<svg id=\"alignment-chart\".*?</svg>", html, re.S).group(0)
    coordinates = re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"[\d.]+", value) for value in coordinates)
    assert re.search(r'points="[\d., ]+"', svg)


def test_the_ranked_tables_hold_the_most_and_the_least_aligned(
    assembly, home_state, reader, client_as, settings
):
    """Twelve resolutions: 21 followers always vote with the home state, Neighbour half the
    time, Rival always against it but on only nine (too few to be ranked)."""
    settings.CHANCERY_HOME_STATE = home_state.alpha_2
    followers = [country(f"Follower {i:02d}") for i in range(21)]
    neighbour, rival = country("Neighbour"), country("Rival")
    for k in range(12):
        home, opposite = (YES, NO) if k % 2 else (NO, YES)
        votes = {home_state: home, neighbour: home if k < 6 else opposite}
        votes |= dict.fromkeys(followers, home)
        if k >= 3:
            votes[rival] = opposite
        voted(assembly, D(2020, k + 1, 1), votes)

    response = page(client_as(reader), start="2020-01-01")

    assert response.status_code == 200
    most = [(row["country"], row["percent"], row["n"]) for row in response.context["most_aligned"]]
    least = [
        (row["country"], row["percent"], row["n"]) for row in response.context["least_aligned"]
    ]
    assert most == [(follower, 100.0, 12) for follower in followers[:10]]
    # each state in one table only: the least aligned first, then upwards
    assert least == [(neighbour, 50.0, 12)] + [(f, 100.0, 12) for f in followers[:11:-1]]
    html = response.content.decode()
    assert "Rival" not in html.split('id="most-aligned"')[1]
    assert "50.0 %" in html and "100.0 %" in html


def test_the_first_visit_answers_for_the_home_state(field, home_state, reader, client_as, settings):
    settings.CHANCERY_HOME_STATE = home_state.alpha_2

    response = page(client_as(reader))

    assert response.status_code == 200
    assert response.context["state"] == home_state
    assert response.context["form"]["state"].value() == home_state.pk


def test_the_state_defaults_to_the_home_state(
    two_years, home_state, other, reader, client_as, settings
):
    settings.CHANCERY_HOME_STATE = home_state.alpha_2

    response = page(client_as(reader), other=other.pk)

    assert response.status_code == 200
    assert response.context["state"] == home_state
    assert response.context["overall"] == 62.5


@pytest.mark.parametrize(
    "params",
    [
        {"state": "999999"},
        {"state": "99999999999999999999999"},
        {"state": "abc"},
        {"other": "999999"},
        {"start": "2020-06-01", "end": "2020-01-01"},
        {"start": "yesterday"},
        {"end": "2020-13-45"},
        {"subject": "999999"},
    ],
)
def test_bad_input_answers_400_with_the_forms_messages(
    two_years, home_state, reader, client_as, settings, params
):
    settings.CHANCERY_HOME_STATE = home_state.alpha_2

    response = page(client_as(reader), **params)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()


def test_a_hidden_state_is_no_choice_on_the_page(
    two_years, home_state, secret_country, reader, client_as
):
    response = page(client_as(reader), state=home_state.pk, other=secret_country.pk)

    assert response.status_code == 400
    assert "Secretland" not in response.content.decode()


def test_the_same_state_twice_is_refused(two_years, home_state, reader, client_as):
    response = page(client_as(reader), state=home_state.pk, other=home_state.pk)

    assert response.status_code == 400


def page_queries(client, state, other):
    with CaptureQueriesContext(connection) as context:
        response = page(client, state=state.pk, other=other.pk)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_pages_queries_do_not_grow_with_the_votes(
    assembly, home_state, other, reader, client_as
):
    client = client_as(reader)
    subject = Subject.objects.create(name="Disarmament")
    for day in range(1, 11):  # enough votes in common for `other` to be ranked
        voted(assembly, D(2019, 1, day), {home_state: YES, other: YES}).subjects.set([subject])
    page_queries(client, home_state, other)  # caches filled once for all
    few = page_queries(client, home_state, other)

    states = [country(f"State {i}") for i in range(15)]
    for k in range(30):
        votes = {state: [YES, ABSTAIN, NO][(k + i) % 3] for i, state in enumerate(states)}
        voted(assembly, D(2010 + k % 12, 5, 1), {home_state: YES, other: NO, **votes})
    many = page_queries(client, home_state, other)

    assert many == few


def test_the_sight_read_once_sees_exactly_the_resolutions_visible_to_each_reader(
    two_years, assembly, home_state, other, personas
):
    """The organs and clearance compiled into the alignment's WHERE keep exactly what
    `Resolution.visible_to` keeps, for every clearance, an analyst and a desk-bound reader of a
    restricted organisation's organ."""
    restricted_body = Organization.objects.create(
        name="Restricted body", kind=Organization.Kind.REGIONAL, classification=1
    )
    for organ, classification in [
        (assembly, Classification.CONFIDENTIAL),
        (
            Organ.objects.create(
                organization=assembly.organization,
                name="Closed committee",
                kind=Organ.Kind.COMMITTEE,
                classification=Classification.SECRET,
            ),
            Classification.UNCLASSIFIED,
        ),
        (
            Organ.objects.create(
                organization=restricted_body, name="Council", kind=Organ.Kind.COUNCIL
            ),
            Classification.UNCLASSIFIED,
        ),
    ]:
        voted(organ, D(2020, 6, 1), {home_state: YES, other: NO}, classification=classification)

    for reader in personas.values():
        seen = Sight.of(reader)
        compiled = Resolution.objects.filter(
            classification__lte=seen.clearance, organ__in=seen.organs
        )
        assert set(compiled) == set(Resolution.objects.visible_to(reader)), reader


def test_a_side_may_be_a_state_with_its_predecessors(assembly, home_state, other, reader):
    predecessor = country("Old Otherland")
    voted(assembly, D(1990, 5, 1), {home_state: YES, predecessor: YES})
    voted(assembly, D(2020, 5, 1), {home_state: YES, other: NO})

    assert agreement_over(home_state, other, reader) == (0.0, 1)
    assert agreement_over(home_state, [other, predecessor], reader) == (0.5, 2)
    assert agreement_by_year([other, predecessor], home_state, reader) == [
        (1990, 1.0, 1),
        (2020, 0.0, 1),
    ]
    ranked = ranking([home_state], reader, minimum=1)
    assert [(c, s, n) for c, s, n in ranked] == [(predecessor, 1.0, 1), (other, 0.0, 1)]


def test_agreement_by_subject_counts_a_resolution_in_each_of_its_subjects(
    assembly, home_state, other, reader
):
    arms, rights = Subject.objects.create(name="Arms"), Subject.objects.create(name="Rights")
    hidden = Subject.objects.create(name="Hidden", classification=Classification.SECRET)
    voted(assembly, D(2020, 1, 1), {home_state: YES, other: YES}).subjects.set([arms, rights])
    voted(assembly, D(2020, 2, 1), {home_state: YES, other: NO}).subjects.set([rights, hidden])

    assert agreement_by_subject(home_state, other, reader) == [(arms, 1.0, 1), (rights, 0.5, 2)]


def succeeded_by(state, predecessor=None, kind=Succession.Kind.CONTINUATION):
    """A state (by default a new "Old Otherland") that `state` succeeded in 1991."""
    predecessor = predecessor or country("Old Otherland")
    Succession.objects.create(
        predecessor=predecessor, successor=state, kind=kind, date=D(1991, 1, 1)
    )
    return predecessor


def test_the_page_and_the_api_count_predecessors_only_when_asked_and_say_so(
    assembly, home_state, other, secret_country, reader, client_as
):
    """A hidden predecessor is neither counted nor named."""
    predecessor = succeeded_by(other)
    succeeded_by(other, secret_country, Succession.Kind.MERGER)
    voted(assembly, D(1990, 5, 1), {home_state: YES, predecessor: YES, secret_country: NO})
    voted(assembly, D(2020, 5, 1), {home_state: YES, other: NO})
    client = client_as(reader)
    asked = {"state": home_state.pk, "other": other.pk}

    alone = page(client, **asked)
    together = page(client, **asked, predecessors="on")
    api = client.get("/api/multilateral/alignment/", {**asked, "predecessors": "true"}).json()
    ranked = client.get(
        "/api/multilateral/alignment-ranking/",
        {"state": other.pk, "predecessors": "true", "minimum": 1},
    ).json()

    assert (alone.context["overall"], alone.context["compared"]) == (0.0, 1)
    assert 'id="alignment-predecessors"' not in alone.content.decode()
    assert (together.context["overall"], together.context["compared"]) == (50.0, 2)
    shown = together.content.decode()
    assert "Otherland includes the votes of its predecessors: Old Otherland." in shown
    assert secret_country.name not in shown
    assert (api["score"], api["compared"], api["other_predecessors"]) == (0.5, 2, [predecessor.pk])
    assert ranked["state_predecessors"] == [predecessor.pk]
    assert [(row["state"], row["compared"]) for row in ranked["ranking"]] == [(home_state.pk, 2)]


def test_a_state_and_its_predecessor_are_never_compared_with_predecessors(
    assembly, home_state, other, reader, client_as
):
    predecessor = succeeded_by(other)

    response = page(client_as(reader), state=predecessor.pk, other=other.pk, predecessors="on")

    assert response.status_code == 400
    assert "would be on both sides" in response.content.decode()
