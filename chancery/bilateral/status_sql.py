"""A party's status on a day (`AgreementParty.status_on`) as a database expression, so that a
state's lists and counts are asked of the database for the day, not read whole into Python.
`AgreementParty.status_on` stays the definition; tests hold the two to the same answers."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Case, DateField, F, Func, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.dispatch import receiver

from .models import AgreementParty, PartyStatus
from .succession import succession_starts

ADD_MONTHS_DAYS = "chancery_add_months_days"
# the acts of consent other than succession, which a succession must not follow
OTHER_ACTS = tuple(act for act in AgreementParty.CONSENT_ACTS if act != "succession")
LAST_DAY = datetime.date.max


def add_months_days(day, months, days):
    """`day` + `months` months (held at the month's end) + `days` days, as
    `Agreement.entry_into_force_for` counts a later party's delay; None past the calendar."""
    if day is None:
        return None
    try:
        start = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
        return (start + relativedelta(months=months or 0, days=days or 0)).isoformat()
    except (OverflowError, ValueError):
        return None


@receiver(connection_created)
def _teach_sqlite(sender, connection, **kwargs):
    """SQLite has no month arithmetic that holds a day at the month's end: it is given
    `add_months_days`, the very function Python counts with."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            ADD_MONTHS_DAYS, 3, add_months_days, deterministic=True
        )


class AddMonthsDays(Func):
    """A date plus a number of months, then of days (`relativedelta`'s order and month ends)."""

    function = ADD_MONTHS_DAYS
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # PostgreSQL adds an interval's months first, held at the month's end, then its days
        day, months, days = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"CAST(({day[0]}) + make_interval(0, {months[0]}, 0, {days[0]}) AS date)"
        return sql, (*day[1], *months[1], *days[1])


def _by(field, day):
    return Q(**{f"{field}__lte": day})


def _consented_by(day):
    return (
        _by("ratification", day)
        | _by("acceptance", day)
        | _by("approval", day)
        | _by("accession", day)
        | _by("succession", day)
    )


def _consent():
    """The earliest act of consent (never null here: asked only of a party that consented)."""
    return Least(
        *(
            Coalesce(act, Value(LAST_DAY), output_field=DateField())
            for act in AgreementParty.CONSENT_ACTS
        )
    )


def _succession_started_by(state, day):
    """Whether the date of succession of `state` (`independence_of` its notification, or the
    notification's own date) was by `day`: the notification was by then, or the latest of the
    state's `succession_starts` by `day` is also the latest by the notification."""
    starts = succession_starts(state) if state is not None else []
    began = [start for start in starts if start <= day]
    later = [start for start in starts if start > day]
    started = _by("succession", day)
    if began:
        started |= Q(succession__lt=later[0]) if later else Q(succession__isnull=False)
    return started


def with_status(parties, state, day):
    """`parties` (all of `state`) annotated with `status_on_day`, what `status_on(day)` answers,
    and `consented_on_day`."""
    by_succession = Q(succession__isnull=False)
    for act in OTHER_ACTS:
        by_succession &= Q(**{f"{act}__isnull": True}) | Q(**{f"{act}__gte": F("succession")})
    no_delay = Q(
        agreement__party_delay_months__isnull=True, agreement__party_delay_days__isnull=True
    )
    delay_over = Q(
        later_party_in_force__lte=day,
    )
    unset = Q(entry_into_force__isnull=True)
    agreement_in_force = _by("agreement__entry_into_force", day)
    return parties.alias(
        by_succession=Case(
            When(by_succession, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        later_party_in_force=AddMonthsDays(
            _consent(),
            Coalesce("agreement__party_delay_months", 0),
            Coalesce("agreement__party_delay_days", 0),
        ),
    ).annotate(
        consented_on_day=Case(
            When(_consented_by(day), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        status_on_day=Case(
            When(_by("withdrawal", day), then=Value(PartyStatus.WITHDRAWN)),
            When(_by("entry_into_force", day), then=Value(PartyStatus.IN_FORCE)),
            When(
                unset
                & Q(by_succession=True)
                & agreement_in_force
                & _succession_started_by(state, day),
                then=Value(PartyStatus.IN_FORCE),
            ),
            When(
                unset
                & Q(by_succession=False)
                & agreement_in_force
                & _consented_by(day)
                & (no_delay | delay_over),
                then=Value(PartyStatus.IN_FORCE),
            ),
            When(_by("provisional_application", day), then=Value(PartyStatus.PROVISIONAL)),
            When(_consented_by(day), then=Value(PartyStatus.CONSENTED)),
            When(_by("signature", day), then=Value(PartyStatus.SIGNED)),
            default=Value(PartyStatus.NOT_PARTY),
        ),
    )


def _consented():
    return Q(
        *(Q(**{f"{act}__isnull": False}) for act in AgreementParty.CONSENT_ACTS), _connector=Q.OR
    )


def entry_into_force(state):
    """`AgreementParty.effective_entry_into_force` as a database expression, for the parties of
    `state` (whose dates of succession it writes in): null where the party is not to be bound."""
    by_succession = Q(succession__isnull=False)
    for act in OTHER_ACTS:
        by_succession &= Q(**{f"{act}__isnull": True}) | Q(**{f"{act}__gte": F("succession")})
    starts = succession_starts(state) if state is not None else []
    # the latest start of the state by its notification (`independence_of`), else the notification
    succeeded = Case(
        *(When(succession__gte=start, then=Value(start)) for start in reversed(starts)),
        default=F("succession"),
        output_field=DateField(),
    )
    in_force = F("agreement__entry_into_force")
    no_delay = Q(
        agreement__party_delay_months__isnull=True, agreement__party_delay_days__isnull=True
    )
    later = AddMonthsDays(
        _consent(),
        Coalesce("agreement__party_delay_months", 0),
        Coalesce("agreement__party_delay_days", 0),
    )
    return Case(
        When(entry_into_force__isnull=False, then=F("entry_into_force")),
        When(agreement__entry_into_force__isnull=True, then=Value(None)),
        When(by_succession, then=Greatest(succeeded, in_force)),
        When(~_consented(), then=Value(None)),
        When(no_delay, then=Greatest(_consent(), in_force)),
        default=Greatest(later, in_force),
        output_field=DateField(),
    )
