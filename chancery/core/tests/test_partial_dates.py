"""A period given by partial dates covers a day the same way in the database (`covering`, used
to list what held on a day) and in Python (`period_covers`, used on loaded records)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chancery.core.models import DatePrecision, covering, period_covers
from chancery.multilateral.models import Membership
from chancery.reference.models import Country, Organization

D = datetime.date
days = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))
precisions = st.sampled_from(DatePrecision.values)


@pytest.fixture
def membership(db):
    return Membership.objects.create(
        state=Country.objects.create(alpha_2="AZ", alpha_3="AZE", numeric="031", name="Azerbaijan"),
        organization=Organization.objects.create(name="Organisation", kind="universal"),
        status="member",
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    since=st.none() | days,
    since_precision=precisions,
    until=st.none() | days,
    until_precision=precisions,
    day=days,
)
def test_the_database_and_python_agree_on_whether_a_period_covers_a_day(
    membership, since, since_precision, until, until_precision, day
):
    Membership.objects.filter(pk=membership.pk).update(
        since=since, since_precision=since_precision, until=until, until_precision=until_precision
    )
    membership.refresh_from_db()

    in_database = Membership.objects.filter(covering(day), pk=membership.pk).exists()

    assert in_database == period_covers(membership, day)


@pytest.mark.parametrize(
    ("since", "precision", "day", "covered"),
    [
        (D(2011, 1, 1), "year", D(2011, 12, 31), True),
        (D(2011, 1, 1), "year", D(2012, 1, 1), False),
        (D(2011, 5, 1), "month", D(2011, 5, 31), True),
        (D(2011, 5, 1), "month", D(2011, 6, 1), False),
        (D(2011, 5, 20), "day", D(2011, 5, 20), True),
        (D(2011, 5, 20), "day", D(2011, 5, 21), False),
    ],
)
def test_an_end_known_to_the_year_or_month_covers_the_whole_of_it(
    membership, since, precision, day, covered
):
    membership.until, membership.until_precision = since, precision
    membership.save()

    assert Membership.objects.filter(covering(day)).exists() is covered
    assert period_covers(membership, day) is covered
