"""A successor state's notification of succession (UNTC `d`) binds it from its date of
succession, not after a later party's delay, on the real ICCPR and ICESCR tables: the
successors of Yugoslavia and Czechoslovakia, Solomon Islands; Serbia and Zimbabwe, whom the COW
state system dates otherwise; and the treaty status page answers for a day in the past."""

import datetime
from pathlib import Path

from django.urls import reverse

from chancery.bilateral.models import Agreement, AgreementParty, PartyStatus
from chancery.bilateral.succession import independence_of
from chancery.bilateral.untc import import_untc_status
from chancery.core.models import SYSTEM, Classification
from chancery.reference.countries import load_countries
from chancery.reference.models import Country
from conftest import loaded_once_per_module

TABLES = Path(__file__).resolve().parent.parent / "data" / "untc-status"
D = datetime.date


def import_covenants():
    """Every country, and the ICCPR (4-4) and ICESCR (4-3) with their final clauses: in force
    23 March and 3 January 1976, for a later party three months after its instrument."""
    load_countries()
    for number, title, in_force in (
        ("4-4", "ICCPR", D(1976, 3, 23)),
        ("4-3", "ICESCR", D(1976, 1, 3)),
    ):
        agreement = Agreement.objects.create(
            title=title,
            kind=Agreement.Kind.CONVENTION,
            scope=Agreement.Scope.MULTILATERAL,
            reference=f"IV-{number[2:]}",
            entry_into_force=in_force,
            party_delay_months=3,
        )
        text = (TABLES / f"{number}.csv").read_text(encoding="utf-8")
        import_untc_status(text, agreement, SYSTEM)


covenants_for_the_module = loaded_once_per_module(import_covenants)

# alpha-2 -> (notified, in force for it): the depositary's dates of succession
ICCPR_IN_FORCE = {
    "SI": (D(1992, 7, 6), D(1991, 6, 25)),
    "HR": (D(1992, 10, 12), D(1991, 10, 8)),
    "CZ": (D(1993, 2, 22), D(1993, 1, 1)),
    "SK": (D(1993, 5, 28), D(1993, 1, 1)),
    "BA": (D(1993, 9, 1), D(1992, 3, 6)),
    "MK": (D(1994, 1, 18), D(1991, 9, 17)),
    "RS": (D(2001, 3, 12), D(1992, 4, 27)),  # COW: 1944, the Kingdom of Yugoslavia's spell
    "ME": (D(2006, 10, 23), D(2006, 6, 3)),
    "AZ": (D(1992, 8, 13), D(1992, 11, 13)),  # an accession: three months after
}


def test_a_notification_of_succession_binds_from_the_date_of_succession(
    covenants_for_the_module, db
):
    parties = AgreementParty.objects.select_related("agreement", "state")
    iccpr = {p.state.alpha_2: p for p in parties.filter(agreement__title="ICCPR")}
    solomon = parties.get(agreement__title="ICESCR", state__alpha_2="SB")
    zimbabwe = Country.objects.get(alpha_2="ZW")

    found = {
        code: (iccpr[code].consent, iccpr[code].effective_entry_into_force)
        for code in ICCPR_IN_FORCE
    }

    assert found == ICCPR_IN_FORCE
    successors = [p for p in iccpr.values() if p.succession]
    assert len(successors) == 8
    assert all(
        p.status_on(p.succession - datetime.timedelta(days=1)) == PartyStatus.IN_FORCE
        for p in successors
    )
    # independent 7 July 1978; notified 17 March 1982
    assert solomon.effective_entry_into_force == D(1978, 7, 7)
    # COW counts Zimbabwe from Rhodesia's declaration of 1965; it became independent in 1980
    assert independence_of(zimbabwe, D(1998, 12, 1)) == D(1980, 4, 18)
    assert independence_of(iccpr["RS"].state, D(1991, 1, 1)) is None


def test_the_treaty_status_lists_answer_for_a_day_in_the_past(
    covenants_for_the_module, personas, client_as
):
    croatia = Country.objects.get(alpha_2="HR")
    signed = Agreement.objects.create(
        title="Signed in 2015, ratified in 2016",
        kind=Agreement.Kind.AGREEMENT,
        scope=Agreement.Scope.BILATERAL,
        entry_into_force=D(2016, 6, 1),
        expires_on=D(2016, 9, 1),
    )
    AgreementParty.objects.create(
        agreement=signed, state=croatia, signature=D(2015, 3, 1), ratification=D(2016, 2, 1)
    )
    client = client_as(personas[Classification.RESTRICTED])

    def lists(day):
        response = client.get(reverse("bilateral:treaty_status"), {"state": croatia.pk, "on": day})
        assert response.status_code == 200
        context = response.context
        return {
            "in_force": sorted(
                i.party.agreement.title
                for i in context["parties"]
                if i.status == PartyStatus.IN_FORCE
            ),
            "signed_not_consented": [p.agreement.title for p in context["signed_not_consented"]],
            "awaiting": [i.party.agreement.title for i in context["awaiting"]],
            "expiring": [p.agreement.title for p in context["expiring"]],
        }

    assert lists("1992-06-01") == {
        "in_force": ["ICCPR", "ICESCR"],
        "signed_not_consented": [],
        "awaiting": [],
        "expiring": [],
    }
    assert lists("2015-06-01") == {
        "in_force": ["ICCPR", "ICESCR"],
        "signed_not_consented": ["Signed in 2015, ratified in 2016"],
        "awaiting": [],
        "expiring": [],
    }
    assert lists("2016-04-01") == {
        "in_force": ["ICCPR", "ICESCR"],
        "signed_not_consented": [],
        "awaiting": ["Signed in 2015, ratified in 2016"],
        "expiring": ["Signed in 2015, ratified in 2016"],
    }
