"""The API of votes and alignment answers what the alignment page answers, through the reader's
sight: hidden resolutions, organs and states never count nor show; bad questions answer 400;
the number of queries does not grow with the votes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import Classification
from chancery.multilateral.models import Subject
from chancery.multilateral.tests.conftest import (
    ABSTAIN,
    NO,
    YES,
    country,
    voted,
)

D = datetime.date
VOTES, ALIGNMENT, RANKING = (
    "/api/multilateral/votes/",
    "/api/multilateral/alignment/",
    "/api/multilateral/alignment-ranking/",
)


def queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json(), len(context.captured_queries)


def test_alignment_and_ranking_answer_as_the_page_in_constant_queries(
    two_years, assembly, home_state, other, secret_country, reader, client_as
):
    client = client_as(reader)
    subject = Subject.objects.create(name="Disarmament")
    voted(assembly, D(2009, 5, 1), {home_state: ABSTAIN, other: NO}).subjects.set([subject])
    pair = {"state": home_state.pk, "other": other.pk}
    found, few = queries(client, ALIGNMENT, pair)
    ranked, few_ranked = queries(client, RANKING, {"state": home_state.pk, "minimum": 1})

    assert (found["score"], found["compared"]) == (0.6, 5)
    assert [(y["year"], y["score"], y["compared"]) for y in found["by_year"]] == [
        (2009, 0.5, 1),
        (2019, 1.0, 2),
        (2020, 0.25, 2),
    ]
    assert ranked["ranking"] == [
        {"state": other.pk, "state_display": "Otherland", "score": 0.6, "compared": 5}
    ]

    states = [country(f"State {i}") for i in range(5)]
    for k in range(12):
        votes = {state: [YES, ABSTAIN, NO][(k + i) % 3] for i, state in enumerate(states)}
        votes |= {home_state: YES, other: NO, secret_country: YES}
        voted(assembly, D(2010 + k, 5, 1), votes).subjects.set([subject])
    found, many = queries(client, ALIGNMENT, pair)
    ranked, many_ranked = queries(client, RANKING, {"state": home_state.pk, "minimum": 1})

    assert (many, many_ranked) == (few, few_ranked)
    assert found["compared"] == 17
    assert found["by_subject"] == [
        {
            "subject": subject.pk,
            "subject_display": "Disarmament",
            "score": pytest.approx(0.5 / 13),
            "compared": 13,
        }
    ]
    assert secret_country.pk not in [row["state"] for row in ranked["ranking"]]
    assert len(ranked["ranking"]) == 6


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (ALIGNMENT, {}, "other"),
        (ALIGNMENT, {"other": "secret"}, "other"),
        (ALIGNMENT, {"other": "99999999999999999999"}, "other"),
        (ALIGNMENT, {"other": "other", "start": "2020-06-01", "end": "2020-01-01"}, "end"),
        (RANKING, {"start": "yesterday"}, "start"),
        (RANKING, {"minimum": "0"}, "minimum"),
        (RANKING, {"state": "secret"}, "state"),
        (VOTES, {"state": "secret"}, "state"),
        (VOTES, {"year": "20000"}, "year"),
        (VOTES, {"session": "-1"}, "session"),
    ],
)
def test_a_bad_question_answers_400_naming_the_field(
    two_years, home_state, other, secret_country, reader, client_as, settings, url, params, field
):
    settings.CHANCERY_HOME_STATE = home_state.alpha_2
    keys = {"other": other.pk, "secret": secret_country.pk}
    params = {name: keys.get(value, value) for name, value in params.items()}

    response = client_as(reader).get(url, params)

    assert response.status_code == 400
    assert field in response.json()
    assert "Secretland" not in response.content.decode()


def test_the_api_asks_for_credentials(client):
    for url in (VOTES, ALIGNMENT, RANKING):
        assert client.get(url).status_code in (401, 403)


def test_votes_are_listed_by_state_resolution_session_year_and_subject_and_never_hidden(
    assembly, home_state, other, secret_country, reader, client_as
):
    subject = Subject.objects.create(name="Disarmament")
    first = voted(assembly, D(2019, 5, 1), {home_state: YES, other: NO}, session=73)
    first.subjects.set([subject])
    second = voted(assembly, D(2020, 5, 1), {home_state: NO, secret_country: NO}, session=74)
    voted(
        assembly,
        D(2020, 6, 1),
        {home_state: ABSTAIN},
        session=74,
        classification=Classification.SECRET,
    )
    client = client_as(reader)

    def listed(**params):
        found, _count = queries(client, VOTES, params)
        return {(row["resolution"], row["state"], row["vote"]) for row in found["results"]}

    everything = {
        (first.pk, home_state.pk, YES),
        (first.pk, other.pk, NO),
        (second.pk, home_state.pk, NO),
    }
    assert listed() == everything
    assert listed(state=home_state.pk) == {v for v in everything if v[1] == home_state.pk}
    assert listed(resolution=first.pk) == {v for v in everything if v[0] == first.pk}
    assert listed(session=74) == listed(year=2020) == {(second.pk, home_state.pk, NO)}
    assert listed(subject=subject.pk) == listed(session=73)
    _found, few = queries(client, VOTES, {})
    for k in range(5):
        voted(assembly, D(2018, 1, k + 1), {home_state: YES, other: YES, country(f"S{k}"): NO})
    found, many = queries(client, VOTES, {})
    assert many == few and found["count"] == 3 + 15
    row = found["results"][0]
    assert set(row) >= {"roll_call", "symbol", "date", "session", "state_display", "vote_display"}
