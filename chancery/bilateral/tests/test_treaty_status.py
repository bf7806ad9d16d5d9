"""The treaty officer's page: a state's agreements on a day, and the four lists of what awaits
action (in negotiation, signed not ratified, awaiting entry into force, expiring)."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from chancery.bilateral.models import Agreement, AgreementParty
from chancery.core.models import Classification

D = datetime.date


def agreement(title, **values):
    values.setdefault("kind", Agreement.Kind.AGREEMENT)
    values.setdefault("scope", Agreement.Scope.BILATERAL)
    return Agreement.objects.create(title=title, **values)


@pytest.fixture
def agreements(home_state):
    AgreementParty.objects.create(
        agreement=agreement("Proposed partnership", stage=Agreement.Stage.PROPOSED),
        state=home_state,
    )
    AgreementParty.objects.create(
        agreement=agreement("Signed only"), state=home_state, signature=D(2015, 3, 1)
    )
    AgreementParty.objects.create(
        agreement=agreement("Ratified, not yet in force"),
        state=home_state,
        signature=D(2015, 3, 1),
        ratification=D(2015, 9, 1),
    )
    AgreementParty.objects.create(
        agreement=agreement(
            "Ending soon", entry_into_force=D(2010, 1, 1), expires_on=D(2016, 3, 1)
        ),
        state=home_state,
        signature=D(2009, 1, 1),
        ratification=D(2009, 6, 1),
    )


def lists(client, state, day):
    response = client.get(
        reverse("bilateral:treaty_status"), {"state": state.pk, "on": day.isoformat()}
    )
    assert response.status_code == 200
    context = response.context
    return {
        "in_negotiation": [p.agreement.title for p in context["in_negotiation"]],
        "signed_not_consented": [p.agreement.title for p in context["signed_not_consented"]],
        "awaiting": [item.party.agreement.title for item in context["awaiting"]],
        "expiring": [p.agreement.title for p in context["expiring"]],
    }


def test_each_list_holds_the_agreements_that_await_that_action(
    agreements, home_state, personas, client_as
):
    found = lists(client_as(personas[Classification.RESTRICTED]), home_state, D(2016, 1, 1))

    assert found == {
        "in_negotiation": ["Proposed partnership"],
        "signed_not_consented": ["Signed only"],
        "awaiting": ["Ratified, not yet in force"],
        "expiring": ["Ending soon"],
    }


def test_an_agreement_above_the_readers_clearance_is_in_no_list(
    agreements, home_state, personas, client_as
):
    Agreement.objects.filter(title="Proposed partnership").update(
        classification=Classification.SECRET
    )

    found = lists(client_as(personas[Classification.RESTRICTED]), home_state, D(2016, 1, 1))

    assert found["in_negotiation"] == []


def test_a_day_that_is_no_date_is_refused_with_a_message(home_state, personas, client_as):
    response = client_as(personas[Classification.RESTRICTED]).get(
        reverse("bilateral:treaty_status"), {"state": home_state.pk, "on": "1 April"}
    )

    assert response.status_code == 400
    assert b"invalid-feedback" in response.content


def test_the_chart_counts_the_agreements_entering_into_force_each_year_that_the_reader_may(
    agreements, home_state, georgia, personas, client_as
):
    multilateral = agreement(
        "Convention", scope=Agreement.Scope.MULTILATERAL, entry_into_force=D(2012, 1, 1)
    )
    AgreementParty.objects.create(agreement=multilateral, state=home_state, accession=D(2013, 5, 1))
    AgreementParty.objects.create(agreement=multilateral, state=georgia, accession=D(2012, 5, 1))
    secret = agreement(
        "Secret accord", entry_into_force=D(2011, 1, 1), classification=Classification.SECRET
    )
    AgreementParty.objects.create(agreement=secret, state=home_state, ratification=D(2011, 1, 1))
    later = agreement("Not yet on the day", entry_into_force=D(2017, 1, 1))
    AgreementParty.objects.create(agreement=later, state=home_state, ratification=D(2016, 6, 1))
    reader = personas[Classification.RESTRICTED]

    response = client_as(reader).get(
        reverse("bilateral:treaty_status"), {"state": home_state.pk, "on": "2016-01-01"}
    )

    chart = response.context["in_force_chart"]
    drawn = {(int(year), total) for year, _values, total in chart.table if total}
    parties = AgreementParty.objects.countable_by(reader).filter(
        state=home_state, agreement__in=Agreement.objects.countable_by(reader)
    )
    days = [p.effective_entry_into_force for p in parties]
    oracle = Counter(day.year for day in days if day and D(1991, 1, 1) <= day <= D(2016, 1, 1))
    assert drawn == set(oracle.items()) == {(2010, 1), (2013, 1)}  # never the secret 2011
    assert [name for name, _colour in chart.series] == ["Bilateral", "Multilateral"]
    assert ("2013", [0, 1], 1) in chart.table and chart.table[-1][0] == "2016"
    html = response.content.decode()
    assert 'id="in-force-by-year"' in html and "Secret accord" not in html
