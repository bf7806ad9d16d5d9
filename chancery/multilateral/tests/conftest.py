"""What the multilateral tests share: a General Assembly, a reader, states and their votes."""

import datetime
import itertools

import pytest

from chancery.core.models import Classification
from chancery.multilateral.models import Organ, Resolution, Vote
from chancery.reference.models import Country, Organization

D = datetime.date
YES, ABSTAIN, NO = Vote.Choice.YES, Vote.Choice.ABSTAIN, Vote.Choice.NO
ABSENT, NOT_MEMBER = Vote.Choice.ABSENT, Vote.Choice.NOT_MEMBER
_codes = itertools.count(100)
_titles = itertools.count(1)


def country(name, **values):
    """A country with ISO codes of its own (none of the fixtures' AZ and XS)."""
    code = next(_codes)
    return Country.objects.create(
        alpha_2=f"{chr(65 + code // 26 % 26)}{chr(65 + code % 26)}",
        alpha_3=f"Q{chr(65 + code // 26 % 26)}{chr(65 + code % 26)}",
        numeric=f"{code:03d}",
        name=name,
        **values,
    )


@pytest.fixture
def assembly(db):
    united_nations = Organization.objects.create(
        name="United Nations", acronym="UN", kind=Organization.Kind.UNIVERSAL
    )
    return Organ.objects.create(
        organization=united_nations,
        name="General Assembly",
        acronym="UNGA",
        kind=Organ.Kind.PLENARY,
    )


@pytest.fixture
def reader(personas):
    return personas[Classification.RESTRICTED]


@pytest.fixture
def other(db):
    return country("Otherland")


def voted(organ, day, votes, **values):
    """A resolution of `day` and the votes on it: {state: vote}."""
    resolution = Resolution.objects.create(
        organ=organ, date=day, title=f"Resolution {next(_titles)}", **values
    )
    for state, vote in votes.items():
        Vote.objects.create(resolution=resolution, state=state, vote=vote)
    return resolution


@pytest.fixture
def two_years(assembly, home_state, other):
    """2019: full agreement twice; 2020: a yes against a no, and a yes against an abstention."""
    voted(assembly, D(2019, 10, 1), {home_state: YES, other: YES})
    voted(assembly, D(2019, 12, 31), {home_state: NO, other: NO})
    voted(assembly, D(2020, 1, 1), {home_state: YES, other: NO})
    voted(assembly, D(2020, 11, 1), {home_state: YES, other: ABSTAIN})
