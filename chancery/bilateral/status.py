"""Where a state stands with its agreements on a given day, and the treaty officer's lists, each
answered for that day (a day in the past answers as things stood then). The statuses, the lists
and their counts are asked of the database (`status_sql`), so that a state party to tens of
thousands of agreements costs a page of them, not all of them."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from chancery.core.charts import YearOf, stacked_bar_chart
from chancery.core.models import days_after

from .models import Agreement, AgreementParty, PartyStatus
from .status_sql import entry_into_force, with_status

# the statuses in which a state has acted on an agreement and not left it
ACTIVE = (PartyStatus.SIGNED, PartyStatus.CONSENTED, PartyStatus.PROVISIONAL, PartyStatus.IN_FORCE)
EXPIRING_WITHIN_DAYS = 180
PER_PAGE = 50
# how many of each list the page shows beside the table; "show all" lists them in the table
LIST_LENGTH = 10


@dataclass
class PartyOnDay:
    party: AgreementParty
    status: str

    @property
    def status_label(self):
        return PartyStatus(self.status).label


class CountedPaginator(Paginator):
    """A paginator told its count, which the page has already asked with its lists' counts."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def parties_of(state, user):
    """The state's parties to the agreements `user` may see, with their agreements."""
    agreements = Agreement.objects.visible_to(user)
    return (
        AgreementParty.objects.visible_to(user)
        .filter(state=state, agreement__in=agreements)
        .select_related("agreement", "state")
        .order_by("agreement__title", "pk")
    )


def on_day(state, day: datetime.date, user):
    """The state's parties `user` may see, each with its `status_on_day` for `day`."""
    return with_status(parties_of(state, user), state, day)


def status_on(state, day: datetime.date, user) -> list[PartyOnDay]:
    """Every agreement the state has acted on, with its status for the state on `day`."""
    return [PartyOnDay(p, p.status_on_day) for p in on_day(state, day, user)]


def in_force_by_year(state, day, user):
    """{(year, scope): how many of the agreements `user` may count entered into force for
    `state` that year}, from `CHANCERY_CHARTS_SINCE` to `day` (one query)."""
    since = min(settings.CHANCERY_CHARTS_SINCE, day.year)
    rows = (
        AgreementParty.objects.countable_by(user)
        .filter(state=state, agreement__in=Agreement.objects.countable_by(user))
        .alias(in_force_on=entry_into_force(state))
        .filter(in_force_on__gte=datetime.date(since, 1, 1), in_force_on__lte=day)
        .order_by()
        .values_list(YearOf("in_force_on"), "agreement__scope")
        .annotate(n=Count("pk"))
    )
    return {(year, scope): n for year, scope, n in rows}


def in_force_chart(state, day, user):
    """The treaty status page's chart: the agreements entering into force for `state` each
    year up to `day`, bilateral and multilateral stacked."""
    counts = in_force_by_year(state, day, user)
    scopes = Agreement.Scope.choices
    since = min(settings.CHANCERY_CHARTS_SINCE, day.year)
    return stacked_bar_chart(
        [
            (year, [counts.get((year, scope), 0) for scope, _label in scopes])
            for year in range(since, day.year + 1)
        ],
        [label for _scope, label in scopes],
        _("Agreements entering into force for %(state)s by year, %(since)s-%(year)s")
        % {"state": state, "since": since, "year": day.year},
        label_heading=_("Year"),
        total_heading=_("Agreements"),
        most_labels=9,
    )


def lists(day):
    """The conditions of the treaty officer's lists on `day`, by name, in the page's order."""
    return {
        # agreements the state is to be party to whose text is proposed, negotiated or
        # initialled; the stage is kept without dates, so this is as recorded now, whatever
        # the day
        "in_negotiation": Q(agreement__stage__in=Agreement.IN_NEGOTIATION),
        # signed by the state by `day` but not (yet, on that day) ratified, accepted,
        # approved, acceded or succeeded to, nor withdrawn from, nor in force
        "signed_not_consented": Q(
            signature__lte=day,
            consented_on_day=False,
            status_on_day__in=[s for s in ACTIVE if s != PartyStatus.IN_FORCE],
        ),
        # the state had consented by the day but the agreement was not yet in force for it
        "awaiting": Q(status_on_day__in=[PartyStatus.CONSENTED, PartyStatus.PROVISIONAL]),
        # agreements the state stood in on `day` that expire within 180 days of it
        "expiring": Q(
            status_on_day__in=ACTIVE,
            agreement__expires_on__gte=day,
            agreement__expires_on__lte=days_after(day, EXPIRING_WITHIN_DAYS),
        ),
    }


def lists_on(state, day, user, show="", page=None):
    """The page's table (all the state's agreements, or the list `show`, a page of them), the
    first `LIST_LENGTH` of each list and the count of each, in one query and one pass over the
    state's parties (window functions count and rank them), however many agreements it has."""
    conditions = lists(day)
    show = show if show in conditions else ""
    number = _number(page)
    rows, counts = _ask(on_day(state, day, user), conditions, show, number)
    paginator = CountedPaginator([], PER_PAGE, counts[show or "all"])
    if number > paginator.num_pages:  # past the last page: the last, asked again
        number = paginator.num_pages
        rows, counts = _ask(on_day(state, day, user), conditions, show, number)
    table = Page([p for p in rows if _on_page(p, show, number)], number, paginator)

    def first(name):
        found = [
            p
            for p in rows
            if getattr(p, f"is_{name}") and getattr(p, f"rank_{name}") <= LIST_LENGTH
        ]
        found.sort(key=lambda p: getattr(p, f"rank_{name}"))
        # the awaiting list shows each party with its status (consented, or applied
        # provisionally); the others show the parties
        return [PartyOnDay(p, p.status_on_day) for p in found] if name == "awaiting" else found

    return {
        "parties": [PartyOnDay(p, p.status_on_day) for p in table.object_list],
        "table_page": table,
        "counts": counts,
        "show": show,
        **{name: first(name) for name in conditions},
    }


def _number(page):
    try:
        return max(int(page), 1)
    except (TypeError, ValueError):
        return 1


def _on_page(party, show, number):
    if show and not getattr(party, f"is_{show}"):
        return False
    return (number - 1) * PER_PAGE < party.rank_table <= number * PER_PAGE


def _ask(parties, conditions, show, number):
    """The parties on page `number` of the table and the first of each list, each marked with
    the lists it is in (`is_<list>`) and its rank in each, and the counts. One pass over the
    state's parties marks them (the status asked once a party); window functions over that
    count and rank them; then the parties shown are read by key: two queries."""
    flags = {
        f"is_{name}": Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
        for name, q in conditions.items()
    }
    marked = parties.order_by().annotate(
        party_key=F("pk"), sort_title=F("agreement__title"), **flags
    )
    inner, params = marked.values("party_key", "sort_title", *flags).query.sql_with_params()
    # one order for every rank: a party's rank in a list is the running count of the list's
    # parties down to it, so the parties are sorted once
    ranked = "OVER (ORDER BY sort_title, party_key ROWS UNBOUNDED PRECEDING)"
    columns = ["COUNT(*) OVER () AS count_all", f"ROW_NUMBER() {ranked} AS rank_all"]
    for name in conditions:
        columns.append(f"SUM(is_{name}) OVER () AS count_{name}")
        columns.append(f"SUM(is_{name}) {ranked} AS rank_{name}")
    table = f"rank_{show}" if show else "rank_all"
    start = (number - 1) * PER_PAGE
    wanted = [
        f"({table} > {start} AND {table} <= {start + PER_PAGE}"
        + (f" AND is_{show} = 1)" if show else ")")
    ]
    wanted += [f"(is_{name} = 1 AND rank_{name} <= {LIST_LENGTH})" for name in conditions]
    names = [
        "party_key",
        *flags,
        "count_all",
        *(f"count_{n}" for n in conditions),
        *(f"rank_{n}" for n in conditions),
        f"{table} AS rank_table",
    ]
    sql = (
        f"SELECT {', '.join(names)} FROM (SELECT *, {', '.join(columns)} FROM ({inner}) marked) "
        f"ranked WHERE {' OR '.join(wanted)}"
    )
    with connections[parties.db].cursor() as cursor:
        cursor.execute(sql, params)
        keys = [name.split(" AS ")[-1] for name in names]
        found = {row[0]: dict(zip(keys, row, strict=True)) for row in cursor.fetchall()}
    counts = dict.fromkeys(("all", *conditions), 0)
    if found:
        first = next(iter(found.values()))
        counts = {name: int(first[f"count_{name}"] or 0) for name in counts}
    rows = list(parties.filter(pk__in=found))
    for party in rows:
        for name, value in found[party.pk].items():
            setattr(party, name, value)
    rows.sort(key=lambda p: p.rank_table)
    return rows, counts
