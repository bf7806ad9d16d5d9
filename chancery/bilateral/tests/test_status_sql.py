"""The treaty status page asks the database for each party's status on the day
(`status_sql.with_status`); it must answer what `AgreementParty.status_on` answers, for every
kind of party, agreement and day, and cost as many queries for many agreements as for few."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.bilateral.models import Agreement, AgreementParty, PartyStatus
from chancery.bilateral.status_sql import add_months_days, entry_into_force, with_status
from chancery.core.models import Classification
from chancery.reference.models import Country

D = datetime.date

# final clauses: the agreement's entry into force and a later party's delay (months, days)
CLAUSES = [
    (D(2000, 1, 1), None, None),
    (D(2000, 1, 31), 1, None),  # Jan 31 + 1 month is Feb 29 (a month's end held)
    (D(2000, 1, 1), None, 30),
    (D(1950, 1, 1), 3, 10),
    (None, None, None),
]
# a party's dates
PARTIES = [
    {"signature": D(2000, 3, 1)},
    {"signature": D(1999, 6, 1), "ratification": D(2000, 1, 31)},
    {"accession": D(1999, 11, 30)},
    {"succession": D(1943, 5, 1)},
    {"succession": D(1950, 6, 1)},
    {"succession": D(1991, 6, 1)},
    {"succession": D(1992, 10, 12)},
    {"succession": D(1992, 10, 12), "ratification": D(1992, 1, 1)},
    {"succession": D(1992, 10, 12), "accession": D(1993, 1, 1)},
    {"signature": D(1999, 1, 1), "provisional_application": D(1999, 6, 1)},
    {
        "signature": D(1999, 1, 1),
        "provisional_application": D(1999, 6, 1),
        "approval": D(2001, 1, 1),
    },
    {"ratification": D(2000, 6, 1), "entry_into_force": D(2001, 1, 1)},
    {"ratification": D(2000, 6, 1), "withdrawal": D(2005, 1, 1)},
    {"signature": D(2000, 1, 1), "acceptance": D(2000, 2, 28), "withdrawal": D(2000, 3, 1)},
    {},
]
DAYS = [
    D(1878, 7, 12),
    D(1900, 1, 1),
    D(1943, 6, 1),
    D(1944, 10, 20),
    D(1950, 6, 1),
    D(1950, 9, 10),
    D(1950, 9, 11),
    D(1991, 6, 1),
    D(1991, 10, 8),
    D(1992, 10, 11),
    D(1992, 10, 12),
    D(1999, 12, 31),
    D(2000, 1, 31),
    D(2000, 2, 28),
    D(2000, 2, 29),
    D(2000, 3, 1),
    D(2000, 3, 2),
    D(2001, 1, 1),
    D(2005, 1, 1),
    D(2030, 1, 1),
]


@pytest.fixture
def states(home_state):
    """A state with the depositary's date of succession (Croatia), one with two spells in the
    COW state system (1878 and 1944), and one with none known (the home state here)."""
    return [
        Country.objects.create(alpha_2="HR", alpha_3="HRV", numeric="191", name="Croatia"),
        Country.objects.create(
            alpha_2="YU", alpha_3="YUG", numeric="890", name="Yugoslavia", cow_code=345
        ),
        home_state,
    ]


def make_the_grid(states):
    """An agreement of every entry-into-force clause with a party of every set of dates, for each
    of `states`."""
    for state, (n, clauses), (m, dates) in itertools.product(
        states, enumerate(CLAUSES), enumerate(PARTIES)
    ):
        in_force, months, days = clauses
        agreement = Agreement.objects.create(
            title=f"{state.alpha_2} {n} {m}",
            kind=Agreement.Kind.AGREEMENT,
            scope=Agreement.Scope.MULTILATERAL,
            entry_into_force=in_force,
            party_delay_months=months,
            party_delay_days=days,
        )
        AgreementParty.objects.create(agreement=agreement, state=state, **dates)


def test_the_database_answers_each_status_as_status_on_does(states):
    make_the_grid(states)
    seen = set()

    for state, day in itertools.product(states, DAYS):
        parties = AgreementParty.objects.filter(state=state).select_related("agreement", "state")
        answered = {p.pk: p.status_on_day for p in with_status(parties, state, day)}
        expected = {p.pk: p.status_on(day) for p in parties}
        assert answered == expected, (state, day)
        seen |= set(expected.values())

    assert seen == set(PartyStatus)  # every status was asked


def test_the_months_are_added_as_relativedelta_adds_them():
    assert add_months_days("2000-01-31", 1, 0) == "2000-02-29"
    assert add_months_days(D(2001, 1, 31), 1, 1) == "2001-03-01"
    assert add_months_days("9999-12-31", 1, 0) is None
    assert add_months_days(None, 1, 0) is None


def _agreements(state, count):
    for n in range(count):
        AgreementParty.objects.create(
            agreement=Agreement.objects.create(
                title=f"Agreement {n:03}",
                kind=Agreement.Kind.AGREEMENT,
                scope=Agreement.Scope.BILATERAL,
                entry_into_force=D(2000, 1, 1) if n % 2 else None,
                expires_on=D(2016, 3, 1),
                stage=Agreement.Stage.NEGOTIATING if n % 3 == 0 else Agreement.Stage.CONCLUDED,
            ),
            state=state,
            signature=D(2015, 3, 1),
            ratification=D(2015, 9, 1) if n % 2 else None,
        )


def test_the_page_costs_as_many_queries_for_many_agreements_as_for_few(
    home_state, personas, client_as, django_assert_num_queries
):
    client = client_as(personas[Classification.RESTRICTED])
    url = reverse("bilateral:treaty_status")
    params = {"state": home_state.pk, "on": "2016-01-01"}
    _agreements(home_state, 3)
    client.get(url, params)  # caches filled once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    _agreements(home_state, 120)

    with django_assert_num_queries(len(few)):
        response = client.get(url, params)

    counts = response.context["counts"]
    assert counts["all"] == 123
    assert len(response.context["parties"]) == 50
    assert len(response.context["signed_not_consented"]) == 10
    assert response.context["table_page"].paginator.num_pages == 3
    assert b"show=signed_not_consented" in response.content


def test_show_all_lists_one_list_in_the_table_page_by_page(home_state, personas, client_as):
    client = client_as(personas[Classification.RESTRICTED])
    _agreements(home_state, 60)
    url = reverse("bilateral:treaty_status")

    response = client.get(
        url, {"state": home_state.pk, "on": "2016-01-01", "show": "in_negotiation"}
    )
    second = client.get(
        url, {"state": home_state.pk, "on": "2016-01-01", "show": "in_negotiation", "page": 2}
    )

    assert response.context["counts"]["in_negotiation"] == 20
    titles = [i.party.agreement.title for i in response.context["parties"]]
    assert titles == [f"Agreement {n:03}" for n in range(0, 60, 3)]
    assert second.context["table_page"].number == 1  # one page only: the last is given
    bad = client.get(url, {"state": home_state.pk, "show": "everything"})
    assert bad.status_code == 400


def test_the_database_answers_each_entry_into_force_as_the_model_does(states):
    make_the_grid(states)

    for state in states:
        parties = AgreementParty.objects.filter(state=state).select_related("agreement", "state")
        answered = dict(parties.annotate(day=entry_into_force(state)).values_list("pk", "day"))
        expected = {p.pk: p.effective_entry_into_force for p in parties}
        assert answered == expected, state
        assert len({day for day in expected.values() if day}) > 5  # many kinds of answer
