"""A party's status on any day follows from its dates, and dates that contradict each other are
refused, naming the party and both dates, by the model, the form and the API alike."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import strategies as st

from chancery.bilateral.models import Agreement, AgreementParty, PartyStatus
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.reference.models import Country

D = datetime.date
PARTIES = registry[AgreementParty]
API = f"/api/bilateral/{PARTIES.slug}/"
# the steps a party takes, in the order they come, and the status each leads to
STEPS = [
    ("signature", PartyStatus.SIGNED),
    ("consent", PartyStatus.CONSENTED),
    ("entry_into_force", PartyStatus.IN_FORCE),
    ("withdrawal", PartyStatus.WITHDRAWN),
]
RANK = {status: rank for rank, status in enumerate([PartyStatus.NOT_PARTY, *dict(STEPS).values()])}
EARLIEST, LATEST = D(1945, 1, 1), D(2060, 12, 31)


def party_with(agreement=None, **dates):
    """A party in memory (no database): its status needs only its dates and the agreement's."""
    state = Country(pk=1, alpha_2="AZ", name="Azerbaijan")
    return AgreementParty(agreement=agreement or Agreement(), state=state, **dates)


# status on a day, by hand ------------------------------------------------------------------

SIGNED = {"signature": D(2000, 1, 10)}
RATIFIED = {**SIGNED, "ratification": D(2001, 2, 1)}
IN_FORCE = {**RATIFIED, "entry_into_force": D(2001, 5, 1)}
WITHDRAWN = {**IN_FORCE, "withdrawal": D(2010, 1, 1)}
ACCEDED = {"accession": D(2005, 3, 1), "entry_into_force": D(2005, 6, 1)}


@pytest.mark.parametrize(
    ("dates", "day", "expected"),
    [
        pytest.param(SIGNED, D(2000, 6, 1), PartyStatus.SIGNED, id="signed-only"),
        pytest.param(SIGNED, D(2000, 1, 10), PartyStatus.SIGNED, id="signed-on-the-day"),
        pytest.param(RATIFIED, D(2001, 3, 1), PartyStatus.CONSENTED, id="ratified-not-in-force"),
        pytest.param(IN_FORCE, D(2001, 4, 30), PartyStatus.CONSENTED, id="the-day-before-force"),
        pytest.param(IN_FORCE, D(2001, 5, 1), PartyStatus.IN_FORCE, id="in-force-on-the-day"),
        pytest.param(IN_FORCE, D(2020, 1, 1), PartyStatus.IN_FORCE, id="in-force-long-after"),
        pytest.param(
            {**SIGNED, "provisional_application": D(2000, 2, 1)},
            D(2000, 3, 1),
            PartyStatus.PROVISIONAL,
            id="provisionally-applied",
        ),
        pytest.param(
            {**RATIFIED, "provisional_application": D(2000, 2, 1)},
            D(2001, 3, 1),
            PartyStatus.PROVISIONAL,
            id="provisionally-applied-while-awaiting-force",
        ),
        pytest.param(WITHDRAWN, D(2009, 12, 31), PartyStatus.IN_FORCE, id="the-day-before-leaving"),
        pytest.param(WITHDRAWN, D(2010, 1, 1), PartyStatus.WITHDRAWN, id="withdrawn-on-the-day"),
        pytest.param(WITHDRAWN, D(2030, 1, 1), PartyStatus.WITHDRAWN, id="withdrawn-long-after"),
        pytest.param(WITHDRAWN, D(2000, 1, 9), PartyStatus.NOT_PARTY, id="before-any-date"),
        pytest.param({}, D(2000, 1, 1), PartyStatus.NOT_PARTY, id="no-dates-at-all"),
        pytest.param(ACCEDED, D(2005, 2, 28), PartyStatus.NOT_PARTY, id="before-accession"),
        pytest.param(ACCEDED, D(2005, 3, 1), PartyStatus.CONSENTED, id="accession-no-signature"),
        pytest.param(ACCEDED, D(2005, 6, 1), PartyStatus.IN_FORCE, id="accession-then-force"),
    ],
)
def test_the_status_on_a_day_follows_from_the_dates(dates, day, expected):
    assert party_with(**dates).status_on(day) == expected


def test_a_party_without_its_own_entry_into_force_takes_it_from_the_final_clauses():
    # the ICCPR: in force 1976-03-23, then three months after a later party's consent
    covenant = Agreement(entry_into_force=D(1976, 3, 23), party_delay_months=3)
    azerbaijan = party_with(covenant, accession=D(1992, 8, 13))

    assert azerbaijan.status_on(D(1992, 11, 12)) == PartyStatus.CONSENTED
    assert azerbaijan.status_on(D(1992, 11, 13)) == PartyStatus.IN_FORCE


# status on a day, for any ordered dates ----------------------------------------------------


@st.composite
def ordered_dates(draw):
    """signature <= consent <= entry into force <= withdrawal, any of them missing; the consent
    is given by any of the acts (ratification, accession, ...)."""
    days = sorted(draw(st.lists(st.dates(EARLIEST, LATEST), min_size=4, max_size=4)))
    signature, consent, force, withdrawal = [day if draw(st.booleans()) else None for day in days]
    act = draw(st.sampled_from(AgreementParty.CONSENT_ACTS))
    return {
        "signature": signature,
        act: consent,
        "entry_into_force": force,
        "withdrawal": withdrawal,
    }


def days_around(dates):
    """Any day, or one next to a date of the party, where the status changes."""
    near = [d + datetime.timedelta(days=shift) for d in dates if d for shift in (-1, 0, 1)]
    return st.one_of(st.dates(EARLIEST, LATEST), *([st.sampled_from(near)] if near else []))


def expected_status(party, day):
    """The status of the latest step the party has taken by `day`."""
    status = PartyStatus.NOT_PARTY
    for step, reached in STEPS:
        when = getattr(party, step)
        if when is not None and when <= day:
            status = reached
    return status


@given(dates=ordered_dates(), data=st.data())
def test_the_status_is_that_of_the_latest_step_taken_by_the_day(dates, data):
    party = party_with(**dates)
    day = data.draw(days_around(dates.values()))

    assert party.status_on(day) == expected_status(party, day)


@given(dates=ordered_dates(), data=st.data())
def test_a_party_is_in_force_exactly_from_entry_into_force_until_withdrawal(dates, data):
    party = party_with(**dates)
    day = data.draw(days_around(dates.values()))
    force, withdrawal = party.entry_into_force, party.withdrawal

    in_force = party.status_on(day) == PartyStatus.IN_FORCE

    assert in_force == (
        force is not None and force <= day and (withdrawal is None or day < withdrawal)
    )
    if force is None or day < force:
        assert not in_force


@given(dates=ordered_dates(), data=st.data())
def test_the_status_never_goes_back_as_the_days_pass(dates, data):
    party = party_with(**dates)
    earlier, later = sorted(data.draw(days_around(dates.values())) for _ in range(2))

    assert RANK[party.status_on(earlier)] <= RANK[party.status_on(later)]


@given(dates=ordered_dates())
def test_dates_in_their_order_are_never_refused(dates):
    party_with(**dates).clean()


# contradictory dates are refused -----------------------------------------------------------

CONTRADICTIONS = [
    pytest.param(
        "entry_into_force",
        {"signature": "2010-05-01", "entry_into_force": "2009-01-01"},
        id="entry-into-force-before-signature",
    ),
    pytest.param(
        "ratification",
        {"signature": "2010-05-01", "ratification": "2009-03-02"},
        id="ratification-before-signature",
    ),
    pytest.param(
        "withdrawal",
        {"entry_into_force": "2012-01-01", "withdrawal": "2011-07-15"},
        id="withdrawal-before-entry-into-force",
    ),
]


@pytest.fixture
def desk_officer(personas):
    """A desk officer: may edit the bilateral records."""
    return personas[Classification.CONFIDENTIAL]


@pytest.fixture
def agreement(db):
    return Agreement.objects.create(
        title="Agreement on cultural cooperation",
        kind=Agreement.Kind.AGREEMENT,
        scope=Agreement.Scope.BILATERAL,
    )


def names_the_party_and_both_dates(messages, dates):
    """The party and both dates, as the page's language writes them (English: 1 May 2010)."""
    text = " ".join(messages)
    shown = [date_format(datetime.date.fromisoformat(day), "DATE_FORMAT") for day in dates.values()]
    return "Azerbaijan" in text and all(day in text for day in shown)


def nothing_written():
    return (
        not AgreementParty.objects.exists()
        and not LogEntry.objects.get_for_model(AgreementParty).exists()
    )


@pytest.mark.parametrize(("field", "dates"), CONTRADICTIONS)
def test_the_model_refuses_contradictory_dates_naming_the_party_and_both(
    field, dates, agreement, home_state
):
    party = AgreementParty(
        agreement=agreement,
        state=home_state,
        **{name: D.fromisoformat(day) for name, day in dates.items()},
    )

    with pytest.raises(ValidationError) as refused:
        party.full_clean()

    assert names_the_party_and_both_dates(refused.value.message_dict[field], dates)


@pytest.mark.parametrize(("field", "dates"), CONTRADICTIONS)
def test_the_form_refuses_contradictory_dates_naming_the_party_and_both(
    field, dates, agreement, home_state, desk_officer, client_as
):
    form = {"agreement": agreement.pk, "state": home_state.pk, "classification": 0, **dates}

    response = client_as(desk_officer).post(reverse(PARTIES.url_name("add")), form)

    assert response.status_code == 400
    messages = response.context["form"].errors[field]
    assert names_the_party_and_both_dates(messages, dates)
    assert messages[0] in response.content.decode()
    assert nothing_written()


@pytest.mark.parametrize(("field", "dates"), CONTRADICTIONS)
def test_the_api_refuses_contradictory_dates_naming_the_party_and_both(
    field, dates, agreement, home_state, desk_officer, client_as
):
    body = {"agreement": agreement.pk, "state": home_state.pk, **dates}

    response = client_as(desk_officer).post(API, body, content_type="application/json")

    assert response.status_code == 400
    assert names_the_party_and_both_dates(response.json()[field], dates)
    assert nothing_written()


def test_patching_a_party_into_a_contradiction_leaves_it_as_it_was(
    agreement, home_state, desk_officer, client_as
):
    party = AgreementParty.objects.create(
        agreement=agreement, state=home_state, signature=D(2010, 5, 1), ratification=D(2011, 2, 1)
    )

    response = client_as(desk_officer).patch(
        f"{API}{party.pk}/", {"ratification": "2009-03-02"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert names_the_party_and_both_dates(
        response.json()["ratification"], {"was": "2010-05-01", "given": "2009-03-02"}
    )
    party.refresh_from_db()
    assert party.ratification == D(2011, 2, 1)


def test_dates_in_their_order_are_saved_through_the_form(
    agreement, home_state, desk_officer, client_as
):
    form = {
        "agreement": agreement.pk,
        "state": home_state.pk,
        "classification": 0,
        "signature": "2010-05-01",
        "ratification": "2011-02-01",
        "entry_into_force": "2011-05-01",
    }

    response = client_as(desk_officer).post(reverse(PARTIES.url_name("add")), form)

    assert response.status_code == 302, response.context and response.context["form"].errors
    party = AgreementParty.objects.get()
    assert party.status_on(D(2011, 5, 1)) == PartyStatus.IN_FORCE


# parties that are not states ---------------------------------------------------------------


@pytest.fixture
def european_union(db):
    from chancery.reference.models import Organization

    return Organization.objects.create(name="European Union", acronym="EU", kind="supranational")


def test_a_party_is_a_state_or_an_organisation_never_both_or_neither(home_state, european_union):
    agreement = Agreement.objects.create(
        title="Strategic Partnership Agreement",
        kind=Agreement.Kind.AGREEMENT,
        scope=Agreement.Scope.BILATERAL,
    )
    for values in ({}, {"state": home_state, "organization": european_union}):
        with pytest.raises(ValidationError) as refused:
            AgreementParty(agreement=agreement, **values).full_clean()
        assert "not both or neither" in " ".join(refused.value.message_dict["state"])

    AgreementParty(agreement=agreement, organization=european_union).full_clean()
    party = AgreementParty.objects.create(agreement=agreement, organization=european_union)
    assert party.party == european_union
    assert str(party) == f"{european_union} · Strategic Partnership Agreement"


def test_a_party_that_is_a_hidden_organisation_is_hidden_with_it(personas, european_union):
    agreement = Agreement.objects.create(
        title="Agreement", kind=Agreement.Kind.AGREEMENT, scope=Agreement.Scope.BILATERAL
    )
    party = AgreementParty.objects.create(agreement=agreement, organization=european_union)
    european_union.classification = Classification.SECRET
    european_union.save()
    restricted, secret = personas[Classification.RESTRICTED], personas[Classification.SECRET]

    assert not AgreementParty.objects.visible_to(restricted).filter(pk=party.pk).exists()
    assert AgreementParty.objects.visible_to(secret).filter(pk=party.pk).exists()
