"""Every multilateral fact the article states can be recorded, and the data set records it:
memberships and statuses, the elections with their votes, the NAM accession and chairmanship,
the Security Council's 1993 resolutions, the first joint meeting of the Council and the OIC."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from chancery.bilateral.models import Engagement
from chancery.core.models import covering
from chancery.multilateral.models import Candidacy, Membership, Office, Resolution

D = datetime.date
ARTICLE_YAML = Path(settings.BASE_DIR) / "data" / "article.yaml"


ARTICLE_DAY = D(2016, 6, 1)  # the article's present


def status_of_azerbaijan(acronym, day=ARTICLE_DAY):
    return set(
        Membership.objects.filter(
            covering(day), state__alpha_2="AZ", organization__acronym=acronym, organ=None
        ).values_list("status", flat=True)
    )


@pytest.mark.parametrize(
    ("acronym", "status"),
    [
        ("UN", "member"),
        ("CIS", "member"),
        ("OIC", "member"),
        ("NAM", "member"),
        ("LAS", "observer"),
        ("AU", "observer"),
        ("OAS", "observer"),
        ("SCO", "dialogue_partner"),
    ],
)
def test_the_statuses_the_article_names_hold_in_2016(article_read, acronym, status):
    assert status_of_azerbaijan(acronym) == {status}


def test_the_nam_accession_is_known_to_the_year_and_the_chairmanship_follows(article_read):
    assert status_of_azerbaijan("NAM", D(2010, 12, 31)) == set()
    assert status_of_azerbaijan("NAM", D(2011, 1, 1)) == {"member"}
    chair = Office.objects.get(state__alpha_2="AZ", organization__acronym="NAM")
    assert chair.role == Office.Role.CHAIR
    assert chair.period_display == "2019 to 2022"


@pytest.mark.parametrize(
    ("organ", "received", "cast", "seat_from", "seat_to"),
    [
        ("UNSC", 155, None, D(2012, 6, 1), D(2013, 12, 31)),
        ("ECOSOC", 176, 184, D(2017, 1, 1), D(2019, 12, 31)),
    ],
)
def test_each_election_is_recorded_with_its_votes_and_the_seat_it_won(
    article_read, organ, received, cast, seat_from, seat_to
):
    candidacy = Candidacy.objects.get(state__alpha_2="AZ", organ__acronym=organ)
    final = candidacy.ballots.order_by("-round").first()

    assert candidacy.result == Candidacy.Result.ELECTED
    assert (final.votes_received, final.votes_cast) == (received, cast)
    for day in (seat_from, seat_to):
        assert Membership.objects.filter(
            covering(day), state__alpha_2="AZ", organ__acronym=organ
        ).exists()
    assert not Membership.objects.filter(
        covering(seat_to + datetime.timedelta(days=1)), state__alpha_2="AZ", organ__acronym=organ
    ).exists()


def test_the_security_councils_1993_resolutions_with_their_dates(article_read):
    resolutions = {
        r.symbol: r.date for r in Resolution.objects.filter(organ__acronym="UNSC", date__year=1993)
    }

    assert resolutions == {
        "S/RES/822 (1993)": D(1993, 4, 30),
        "S/RES/853 (1993)": D(1993, 7, 29),
        "S/RES/874 (1993)": D(1993, 10, 14),
        "S/RES/884 (1993)": D(1993, 11, 12),
    }
    for resolution in Resolution.objects.filter(organ__acronym="UNSC"):
        assert "Armenia-Azerbaijan conflict" in {s.name for s in resolution.subjects.all()}
        assert resolution.priorities.filter(code="territorial-integrity").exists()


def test_the_first_joint_meeting_of_the_council_and_the_oic(article_read):
    meeting = Engagement.objects.get(organs__acronym="UNSC")

    assert {o.acronym for o in meeting.organizations.all()} == {"UN", "OIC"}
    assert meeting.start.year == 2013
