"""The country dossier and the visit briefing: what a desk officer prints before a meeting.

Every part reads through `visible_to`, and the number of queries does not depend on the amount
of data (each part is one query, or two with its prefetch).
"""

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.charts import YearOf, bar_chart, by_year
from chancery.core.figures import kept
from chancery.core.registry import registry
from chancery.multilateral.roll import organisations_in_common as multilateral_overlap
from chancery.reference.models import Country, Person

from .models import (
    AgreementParty,
    Commission,
    Commitment,
    DiplomaticRelation,
    Engagement,
    HeadOfMission,
    Mission,
    PartyStatus,
)


def home_state(user):
    return Country.objects.visible_to(user).filter(alpha_2=settings.CHANCERY_HOME_STATE).first()


def organisations_in_common(first, second, user, day=None):
    """Organisations in which both states hold a status on `day` (today by default)."""
    return multilateral_overlap(first, second, user, day or timezone.localdate())


AGREEMENTS_SHOWN = 50  # the dossier's newest agreements; the agreements list holds the rest
# the most agreements in common the dossier counts: the home state's own dossier would otherwise
# pass over every agreement it is party to (24,000 at a ministry's size) for one number
AGREEMENTS_COUNTED = 1000
COMMITMENTS_SHOWN = 10  # of each commission, the first due; its page holds the rest


def _parties_sharing(state, other, user):
    """`state`'s parties to the agreements `other` is also party to, both parties in sight (a
    party is seen only with its agreement). Asked party by party (EXISTS), so that a page that
    wants the first rows in an index's order stops there."""
    visible = AgreementParty.objects.visible_to(user)
    other_party = visible.filter(state=other, agreement=OuterRef("agreement"))
    return visible.filter(Exists(other_party), state=state)


def _ours_with(state, user, home):
    """The home state's parties to the agreements `state` is also party to."""
    # a successor's date of succession reads the state
    return _parties_sharing(home, state, user).select_related("agreement", "state")


def _on_day(parties, day):
    return [
        {"party": p, "agreement": p.agreement, "status": PartyStatus(p.status_on(day))}
        for p in parties
    ]


def agreements_with(state, user, home, day=None):
    """The home state's agreements that `state` is also party to, each with both parties'
    status on `day` (ours first), by title; `home` is `home_state(user)`, asked once by the
    caller."""
    if home is None:
        return []
    ours = _ours_with(state, user, home).order_by("agreement__title", "pk")
    return _on_day(ours, day or timezone.localdate())


def newest_agreements_with(state, user, home, day=None, shown=None):
    """The newest `shown` of `agreements_with` (by our signature, the unsigned last, then by
    title) and how many there are, counted up to one past AGREEMENTS_COUNTED: a state may share
    thousands with ours.

    The signed are read along our parties' index by signature, newest first, and the unsigned
    only to fill the page; they are counted from the other state's side, often the shorter."""
    if home is None:
        return [], 0
    ours = _ours_with(state, user, home)
    shown = shown or AGREEMENTS_SHOWN
    order = ("agreement__title", "pk")
    newest = list(ours.filter(signature__isnull=False).order_by("-signature", *order)[:shown])
    if len(newest) < shown:
        unsigned = ours.filter(signature__isnull=True).order_by(*order)
        newest += unsigned[: shown - len(newest)]
    theirs = _parties_sharing(state, home, user)
    counted = theirs.order_by()[: AGREEMENTS_COUNTED + 1].count()
    return _on_day(newest, day or timezone.localdate()), counted


# a state with at least this many engagements is met often enough that its newest are found by
# reading all engagements newest first; one with fewer has them read and sorted
OFTEN_MET = 1000


def engagements_with(state, user):
    """The engagements with `state` as a counterpart or a place, newest first, asked by key (no
    join over the counterparts, no DISTINCT).

    Where the state is met often (at a ministry's size, the home state is the place of two in
    five), the newest are found along the engagements' own index, newest first, each asked
    whether it concerns the state; otherwise the state's own are read by its indexes and sorted.
    Either way the dossier's fifty cost a few thousand rows at most, where one plan for both
    read and sorted 80,000."""
    through = Engagement.countries.through.objects.filter(country=state)
    placed = Engagement.objects.filter(place_country=state)
    # only the choice of a plan: counted in no one's sight, shown to no one
    met = through.order_by()[:OFTEN_MET].count() + placed.order_by()[:OFTEN_MET].count()
    if met >= OFTEN_MET:
        concerned = Exists(through.filter(engagement=OuterRef("pk")))
    else:
        concerned = Q(pk__in=through.values("engagement"))
    return (
        registry[Engagement]
        .list_queryset(user)
        .filter(concerned | Q(place_country=state))
        .order_by("-start", "title", "pk")
    )


def commissions_with(state, user, day=None):
    """The commissions with `state`, each with how many commitments are pending and overdue on
    `day`, and the first COMMITMENTS_SHOWN due of each (the commission's page lists them all):
    four queries, however many commitments a commission has."""
    day = day or timezone.localdate()
    commissions = list(Commission.objects.visible_to(user).filter(state=state).order_by("name"))
    pending = Commitment.objects.visible_to(user).pending().filter(commission__in=commissions)
    late = Q(due_on__lt=day)
    counts = {
        row["commission"]: (row["pending"], row["overdue"])
        for row in pending.order_by()
        .values("commission")
        .annotate(pending=Count("pk"), overdue=Count("pk", filter=late))
    }
    shown = _first_due(pending, day)
    overdue = _first_due(pending.filter(late), day)
    return [
        {
            "commission": commission,
            "pending_total": counts.get(commission.pk, (0, 0))[0],
            "overdue_total": counts.get(commission.pk, (0, 0))[1],
            "shown": shown.get(commission.pk, []),
            "overdue": overdue.get(commission.pk, []),
        }
        for commission in commissions
    ]


def _first_due(commitments, day):
    """The first COMMITMENTS_SHOWN of `commitments` by due date, by commission, each marked
    whether it is overdue on `day` (one query)."""
    order = ("due_on", "pk")
    place = Window(RowNumber(), partition_by=F("commission"), order_by=order)
    first = (
        commitments.alias(place=place)
        .filter(place__lte=COMMITMENTS_SHOWN)
        .select_related("owner")
        .order_by(*order)
    )
    by_commission = {}
    for commitment in first:
        commitment.overdue_on_day = commitment.due_on is not None and commitment.due_on < day
        by_commission.setdefault(commitment.commission_id, []).append(commitment)
    return by_commission


def priorities_served(records):
    """The priorities the given records serve, with how many of them serve each."""
    counts = {}
    for record in records:
        for priority in record.priorities.all():
            counts[priority] = counts.get(priority, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0].order)


def engagements_by_year(state, user):
    """{year: engagements with `state` that `user` may see}, kept until the next change."""

    def count():
        rows = (
            engagements_with(state, user)
            .order_by()
            .values_list(YearOf("start"))
            .annotate(n=Count("pk"))
        )
        return dict(rows)

    return kept(user, "engagements by year", count, state.pk)


def engagements_chart(state, user, day):
    """The dossier page's chart of the engagements with `state` by year (not in the API, which
    gives the dossier's records)."""
    since = min(settings.CHANCERY_CHARTS_SINCE, day.year)
    return bar_chart(
        by_year(engagements_by_year(state, user), since, day.year),
        _("Engagements with %(state)s by year") % {"state": state},
        label_heading=_("Year"),
        value_heading=_("Engagements"),
        height=160,
    )


def dossier(state, user, day=None):
    """Everything the ministry holds on its relations with `state`, as `user` may see it, as of
    `day` (today by default)."""
    day = day or timezone.localdate()
    home = home_state(user)
    engagements = list(engagements_with(state, user).prefetch_related("priorities")[:50])
    missions = list(
        registry[Mission]
        .list_queryset(user)
        .filter(Q(sending_state=state) | Q(host_state=state))
        .prefetch_related(
            Prefetch("heads", registry[HeadOfMission].list_queryset(user).order_by("-since"))
        )
        .order_by("sending_state__name", "name")
    )
    for mission in missions:
        mission.current_head = mission.head_on(day)
    agreements, agreements_counted = newest_agreements_with(state, user, home, day)
    return {
        "state": state,
        "home": home,
        "day": day,
        "relation": registry[DiplomaticRelation].list_queryset(user).filter(state=state).first(),
        "missions": missions,
        "engagements": engagements,
        "agreements": agreements,
        "agreements_total": min(agreements_counted, AGREEMENTS_COUNTED),
        "agreements_capped": agreements_counted > AGREEMENTS_COUNTED,
        "commissions": commissions_with(state, user, day),
        "organisations": list(organisations_in_common(home, state, user, day)) if home else [],
        "people": list(registry[Person].list_queryset(user).filter(country=state)[:50]),
        "priorities": priorities_served(engagements),
    }


def briefing(engagement, user):
    """A briefing for `engagement`: its counterparts, the last engagements at its level with
    them, agreements awaiting signature or ratification, open commitments, common ground."""
    home = home_state(user)
    states = list(engagement.countries.visible_to(user))
    place = Country.objects.visible_to(user).filter(pk=engagement.place_country_id).first()
    if place is not None and place not in states and place != home:
        states.append(place)
    previous = (
        registry[Engagement]
        .list_queryset(user)
        .filter(Q(countries__in=states) | Q(organizations__in=engagement.organizations.all()))
        .exclude(pk=engagement.pk)
        .filter(start__lt=engagement.start)
        .distinct()
        .order_by("-start")
    )
    if engagement.level:
        previous = previous.filter(level=engagement.level)
    per_state = []
    for state in states:
        agreements = agreements_with(state, user, home, engagement.start)
        per_state.append(
            {
                "state": state,
                "relation": DiplomaticRelation.objects.visible_to(user).filter(state=state).first(),
                "pending_agreements": [
                    a
                    for a in agreements
                    if a["status"] in (PartyStatus.NOT_PARTY, PartyStatus.SIGNED)
                ],
                "commissions": commissions_with(state, user, engagement.start),
                "organisations": list(organisations_in_common(home, state, user, engagement.start))
                if home
                else [],
            }
        )
    return {
        "engagement": engagement,
        "people": list(engagement.people.visible_to(user)),
        "organizations": list(engagement.organizations.visible_to(user)),
        "previous": list(previous[:10]),
        "states": per_state,
        "priorities": list(engagement.priorities.all()),
    }
