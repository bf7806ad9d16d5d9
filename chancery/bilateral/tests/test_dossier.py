"""The country dossier holds the relation, missions, engagements, agreements, commissions and
common organisations, in a constant number of queries, and only what the reader may see."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.bilateral.models import (
    Agreement,
    AgreementParty,
    Commission,
    Commitment,
    DiplomaticRelation,
    Engagement,
    HeadOfMission,
    Mission,
)
from chancery.core.models import Classification
from chancery.multilateral.models import Membership
from chancery.reference.models import Country, Organization, Person


def add_records(home, georgia, n, classification=Classification.UNCLASSIFIED):
    """`n` of each thing the dossier shows, all about Georgia."""
    for i in range(n):
        tag = f"{classification.name.lower()} {i}"
        org = Organization.objects.create(
            name=f"Org {tag}", kind="regional", classification=classification
        )
        Membership.objects.create(state=home, organization=org, status="member")
        Membership.objects.create(state=georgia, organization=org, status="member")
        mission = Mission.objects.create(
            name=f"Mission {tag}",
            kind="embassy",
            sending_state=home,
            host_state=georgia,
            classification=classification,
        )
        for name, since, until in (("Former", 1995, 2000), ("Ambassador", 2020, None)):
            HeadOfMission.objects.create(
                mission=mission,
                person=Person.objects.create(name=f"{name} {tag}", classification=classification),
                title="ambassador",
                since=datetime.date(since, 1, 1),
                until=until and datetime.date(until, 12, 31),
            )
        engagement = Engagement.objects.create(
            title=f"Visit {tag}",
            kind="official_visit",
            direction="outgoing",
            start=datetime.date(2016, 1, 1 + i),
            classification=classification,
        )
        engagement.countries.add(georgia)
        agreement = Agreement.objects.create(
            title=f"Agreement {tag}",
            kind="agreement",
            scope="bilateral",
            classification=classification,
        )
        AgreementParty.objects.create(
            agreement=agreement, state=home, signature=datetime.date(2016, 1, 1)
        )
        AgreementParty.objects.create(
            agreement=agreement, state=georgia, signature=datetime.date(2016, 1, 1)
        )
        commission = Commission.objects.create(
            name=f"Commission {tag}",
            kind="joint_economic",
            state=georgia,
            classification=classification,
        )
        Commitment.objects.create(
            commission=commission,
            text=f"Decision {tag}",
            responsible="MFA",
            due_on=datetime.date(2016, 1, 1),
            classification=classification,
        )


def dossier(client, georgia):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("bilateral:dossier", args=[georgia.alpha_2]))
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_the_dossier_holds_everything_about_the_state(home_state, georgia, personas, client_as):
    DiplomaticRelation.objects.create(state=georgia, status="active")
    add_records(home_state, georgia, 1)

    response, _count = dossier(client_as(personas[Classification.SECRET]), georgia)

    content = response.content.decode()
    for text in (
        "Active",
        "Mission unclassified 0",
        "Visit unclassified 0",
        "Agreement unclassified 0",
        "Commission unclassified 0",
        "Decision unclassified 0",
        "Org unclassified 0",
        "Ambassador unclassified 0",
    ):
        assert text in content, text
    assert "Former unclassified 0" not in content  # the head in office today, not before


def test_the_dossier_issues_as_many_queries_for_many_records_as_for_few(
    home_state, georgia, personas, client_as
):
    client = client_as(personas[Classification.SECRET])
    add_records(home_state, georgia, 2)
    _response, few = dossier(client, georgia)
    add_records(home_state, georgia, 12, Classification.RESTRICTED)
    _response, many = dossier(client, georgia)

    assert few == many


def test_the_dossier_leaves_out_what_is_above_the_clearance(
    home_state, georgia, personas, client_as
):
    add_records(home_state, georgia, 1, Classification.SECRET)

    response, _count = dossier(client_as(personas[Classification.RESTRICTED]), georgia)

    assert b"secret 0" not in response.content


def test_the_dossier_of_an_unknown_state_answers_404(personas, client_as, db):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("bilateral:dossier", args=["XX"])
    )
    assert response.status_code == 404


def test_the_timeline_filters_engagements_by_the_region_of_their_counterparts(
    georgia, personas, client_as
):
    georgia.region = "Asia"
    georgia.save()
    france = Country.objects.create(
        alpha_2="FR", alpha_3="FRA", numeric="250", name="France", region="Europe"
    )
    for title, state in (("Visit to Tbilisi", georgia), ("Visit to Paris", france)):
        engagement = Engagement.objects.create(
            title=title,
            kind="official_visit",
            direction="outgoing",
            start=datetime.date(2016, 5, 1),
        )
        engagement.countries.add(state)
    client = client_as(personas[Classification.SECRET])

    asia = client.get(reverse("bilateral:timeline"), {"region": "Asia", "year": 2016})
    bad = client.get(reverse("bilateral:timeline"), {"region": "Atlantis"})

    assert asia.status_code == 200
    assert b"Visit to Tbilisi" in asia.content and b"Visit to Paris" not in asia.content
    assert bad.status_code == 400


def test_the_dossier_as_of_another_day_shows_who_headed_the_mission_then(
    home_state, georgia, personas, client_as
):
    add_records(home_state, georgia, 1)
    client = client_as(personas[Classification.SECRET])

    then = client.get(reverse("bilateral:dossier", args=["GE"]), {"on": "1998-06-01"})
    bad = client.get(reverse("bilateral:dossier", args=["GE"]), {"on": "1998-13-01"})

    assert then.status_code == 200
    assert then.context["day"] == datetime.date(1998, 6, 1)
    assert b"Former unclassified 0" in then.content
    assert b"Ambassador unclassified 0" not in then.content
    assert bad.status_code == 400
    assert b"invalid-feedback" in bad.content


def test_the_dossier_shows_the_newest_agreements_and_says_how_many_there_are(
    home_state, georgia, personas, client_as, monkeypatch
):
    """A state may share thousands of agreements with ours: the dossier shows the newest and
    counts them all, never one it hides."""
    from chancery.bilateral import dossier as dossiers

    def agreement(title, signed, classification=Classification.UNCLASSIFIED):
        made = Agreement.objects.create(
            title=title, kind="agreement", scope="bilateral", classification=classification
        )
        for state in (home_state, georgia):
            AgreementParty.objects.create(agreement=made, state=state, signature=signed)

    for year in range(2001, 2005):
        agreement(f"Agreement of {year}", datetime.date(year, 1, 1))
    agreement("Agreement never signed", None)
    agreement("Secret agreement of 2010", datetime.date(2010, 1, 1), Classification.SECRET)
    reader = personas[Classification.RESTRICTED]
    shown, total = dossiers.newest_agreements_with(
        georgia, reader, dossiers.home_state(reader), shown=3
    )
    response, _count = dossier(client_as(personas[Classification.RESTRICTED]), georgia)

    assert [item["agreement"].title for item in shown] == [
        "Agreement of 2004",
        "Agreement of 2003",
        "Agreement of 2002",
    ]
    assert total == 5
    assert response.context["agreements_total"] == 5
    assert b'id="agreements-more"' not in response.content  # all five shown
    assert b"Secret agreement" not in response.content

    monkeypatch.setattr(dossiers, "AGREEMENTS_SHOWN", 2)
    monkeypatch.setattr(dossiers, "AGREEMENTS_COUNTED", 3)  # counted no further than 4
    response, _count = dossier(client_as(personas[Classification.RESTRICTED]), georgia)
    api = client_as(personas[Classification.RESTRICTED]).get("/api/bilateral/dossiers/GE/")

    assert (response.context["agreements_total"], response.context["agreements_capped"]) == (
        3,
        True,
    )
    assert "The newest 2 of more than 3, by our signature." in response.content.decode()
    assert (api.json()["agreements_total"], api.json()["agreements_capped"]) == (3, True)


def test_a_commission_shows_its_first_due_commitments_and_links_to_them_all(
    home_state, georgia, personas, client_as
):
    commission = Commission.objects.create(
        name="Joint commission", kind="joint_economic", state=georgia
    )
    for month in range(1, 13):
        Commitment.objects.create(
            commission=commission,
            text=f"Decision due in month {month}",
            responsible="MFA",
            due_on=datetime.date(2016, month, 1),
        )

    other = Commission.objects.create(name="Working group", kind="intergovernmental", state=georgia)
    for day in (datetime.date(2016, 6, 1), datetime.date(2099, 1, 1)):
        Commitment.objects.create(
            commission=other, text=f"Due {day}", responsible="MFA", due_on=day
        )

    response, _count = dossier(client_as(personas[Classification.RESTRICTED]), georgia)

    content = response.content.decode()
    item, second = response.context["commissions"]
    assert [c.text for c in item["shown"]] == [f"Decision due in month {m}" for m in range(1, 11)]
    assert (item["pending_total"], item["overdue_total"], len(item["overdue"])) == (12, 12, 10)
    assert [c.text for c in second["shown"]] == ["Due 2016-06-01", "Due 2099-01-01"]
    assert [c.text for c in second["overdue"]] == ["Due 2016-06-01"]
    assert (second["pending_total"], second["overdue_total"]) == (2, 1)
    assert "Decision due in month 11" not in content
    assert "All 12 open commitments" in content
    assert content.count('<li class="text-danger">') == 11


def test_the_engagements_of_a_state_met_often_or_rarely_are_the_same_newest_first(
    home_state, georgia, personas, monkeypatch
):
    """Found along the newest-first index (a state met often) or by the state's own indexes and
    sorted (met rarely): the same engagements, in the same order, none out of sight."""
    from chancery.bilateral import dossier as dossiers

    def engagement(title, day, classification=Classification.UNCLASSIFIED, **links):
        return Engagement.objects.create(
            title=title, kind="visit", start=day, classification=classification, **links
        )

    expected = []
    for year in (2003, 2001, 2002):
        counterpart = engagement(f"Talks {year}", datetime.date(year, 5, 1))
        counterpart.countries.set([georgia, home_state])
        expected.append(counterpart)
        expected.append(
            engagement(f"Visit {year}", datetime.date(year, 5, 1), place_country=georgia)
        )
    engagement("Elsewhere", datetime.date(2004, 1, 1), place_country=home_state)
    engagement("Secret", datetime.date(2005, 1, 1), Classification.SECRET, place_country=georgia)
    expected.sort(key=lambda e: (-e.start.toordinal(), e.title, e.pk))
    reader = personas[Classification.RESTRICTED]

    found = {}
    for often_met in (1, 1000):  # six engagements with Georgia: met often, then rarely
        monkeypatch.setattr(dossiers, "OFTEN_MET", often_met)
        found[often_met] = list(dossiers.engagements_with(georgia, reader))

    assert found[1] == found[1000] == expected
