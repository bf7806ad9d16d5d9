"""The visit briefing gathers what a delegation needs, and keeps editable talking points."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from chancery.bilateral.models import (
    Agreement,
    AgreementParty,
    Commission,
    Commitment,
    Engagement,
)
from chancery.core.models import Classification
from chancery.multilateral.models import Membership
from chancery.reference.models import Country, Organization


@pytest.fixture
def visit(home_state, db):
    georgia = Country.objects.create(alpha_2="GE", alpha_3="GEO", numeric="268", name="Georgia")
    earlier = Engagement.objects.create(
        title="Earlier official visit",
        kind="official_visit",
        level="foreign_minister",
        direction="outgoing",
        start=datetime.date(2015, 5, 1),
    )
    earlier.countries.add(georgia)
    planned = Engagement.objects.create(
        title="Planned official visit",
        kind="official_visit",
        level="foreign_minister",
        direction="outgoing",
        start=datetime.date(2027, 3, 1),
    )
    planned.countries.add(georgia)
    pending = Agreement.objects.create(
        title="Pending transport agreement", kind="agreement", scope="bilateral"
    )
    AgreementParty.objects.create(
        agreement=pending, state=home_state, signature=datetime.date(2026, 1, 1)
    )
    AgreementParty.objects.create(
        agreement=pending, state=georgia, signature=datetime.date(2026, 1, 1)
    )
    commission = Commission.objects.create(
        name="AZ-GE commission", kind="intergovernmental", state=georgia
    )
    Commitment.objects.create(
        commission=commission,
        text="Open a border crossing",
        responsible="MFA",
        due_on=datetime.date(2027, 1, 1),
    )
    organisation = Organization.objects.create(name="GUAM", kind="regional")
    for state in (home_state, georgia):
        Membership.objects.create(state=state, organization=organisation, status="member")
    return planned


def test_the_briefing_holds_the_counterpart_history_agreements_commitments_and_common_ground(
    visit, personas, client_as
):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("bilateral:engagement_briefing", args=[visit.pk])
    )

    assert response.status_code == 200
    for text in (
        "Georgia",
        "Earlier official visit",
        "Pending transport agreement",
        "Open a border crossing",
        "GUAM",
    ):
        assert text.encode() in response.content, text


def test_talking_points_are_saved_with_the_engagement_and_logged(visit, personas, client_as):
    client = client_as(personas[Classification.SECRET])
    url = reverse("bilateral:engagement_briefing", args=[visit.pk])

    response = client.post(url, {"talking_points": "Raise the border crossing."})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.talking_points == "Raise the border crossing."
    assert b"Raise the border crossing." in client.get(url).content
    change = LogEntry.objects.get_for_object(visit).latest("timestamp")
    assert change.actor == personas[Classification.SECRET]
    assert "talking_points" in change.changes_dict


def test_a_reader_cannot_change_the_talking_points(visit, personas, client_as):
    response = client_as(personas["analyst"]).post(
        reverse("bilateral:engagement_briefing", args=[visit.pk]), {"talking_points": "x"}
    )

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.talking_points == ""


def test_the_briefing_of_an_engagement_above_the_clearance_answers_404(visit, personas, client_as):
    visit.classification = Classification.SECRET
    visit.save()

    response = client_as(personas[Classification.RESTRICTED]).get(
        reverse("bilateral:engagement_briefing", args=[visit.pk])
    )

    assert response.status_code == 404
