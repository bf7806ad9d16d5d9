"""Where a state stands with its agreements on a given day, and the treaty officer's lists, each
answered for that day (a day in the past answers as things stood then). The statuses, the lists
and their counts are asked of the database (`status_sql`), so that a state party to tens of
thousands of agreements costs a page of them, not all of them."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q

from chancery.core.models import days_after

from .models import Agreement, AgreementParty, PartyStatus
from .status_sql import with_status

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
    first `LIST_LENGTH` of each list and the count of each: one query for the counts, one for
    each list, one for the table's page, however many agreements the state has."""
    parties = on_day(state, day, user)
    conditions = lists(day)
    counts = parties.aggregate(
        all=Count("pk"), **{name: Count("pk", filter=q) for name, q in conditions.items()}
    )
    chosen = parties.filter(conditions[show]) if show in conditions else parties
    paginator = CountedPaginator(chosen, PER_PAGE, counts[show if show in conditions else "all"])
    table = paginator.get_page(page)

    def first(name):
        found = list(parties.filter(conditions[name])[:LIST_LENGTH])
        # the awaiting list shows each party with its status (consented, or applied
        # provisionally); the others show the parties
        return [PartyOnDay(p, p.status_on_day) for p in found] if name == "awaiting" else found

    return {
        "parties": [PartyOnDay(p, p.status_on_day) for p in table.object_list],
        "table_page": table,
        "counts": counts,
        "show": show if show in conditions else "",
        **{name: first(name) for name in conditions},
    }
