"""SQL compiled once per rule (`core.compiled.rows_of`): the rows are those Django gives, with
their Python types; a second ask compiles nothing yet reads the data as it is now; and a change
of desk holds at once, since the SQL reads the desks."""

import datetime
from unittest import mock

from django.db.models import Count, Max
from django.db.models.sql.compiler import SQLCompiler

from chancery.bilateral.models import Engagement
from chancery.core.compiled import rows_of
from chancery.core.models import Classification, rule_signature
from chancery.core.tests.factories import RecordFactory
from chancery.reference.models import Country, Organization
from chancery.strategy.models import Priority


def counts(user):
    return (
        Engagement.objects.visible_to(user)
        .filter(priorities__isnull=False)
        .order_by()
        .values_list("priorities")
        .annotate(n=Count("pk"), newest=Max("created_at"))
    )


def asked(user):
    return sorted(rows_of(counts(user), "test counts", *rule_signature(user)))


def test_the_rows_are_djangos_compiled_once_and_a_change_of_desk_holds_at_once(make_user):
    factory = RecordFactory()
    priority = Priority.objects.create(code="t", order=1, title="T", short_title="T")
    mine, other = ([factory.make(Country), factory.make(Organization)] for _ in range(2))
    for desk in (mine, other):
        record = factory.make(Engagement, Classification.RESTRICTED, concerning=desk)
        record.priorities.add(priority)
    user = make_user("desk", Classification.SECRET, desks=mine)

    expected = sorted(counts(user))

    first = asked(user)
    user.desk_states.add(other[0])
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")):
        again = asked(user)

    assert first == expected
    assert [(p, n) for p, n, _newest in first] == [(priority.pk, 1)]
    assert isinstance(first[0][2], datetime.datetime)
    assert [(p, n) for p, n, _newest in again] == [(priority.pk, 2)]
