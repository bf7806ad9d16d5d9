"""A candidacy's vote campaign: every member state of the electing organisation with its
pledge, the pledges counted by answer, and the pledges set against the votes received."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.charts import stacked_bar_chart
from chancery.core.models import covering
from chancery.core.registry import registry
from chancery.reference.models import Country

from .models import Ballot, Membership, Pledge


def electorate(candidacy, user):
    """The states that are members of the organ's organisation on the election day (today
    while the day is unknown), as `user` may see them; never the candidate itself."""
    day = candidacy.election_date or timezone.localdate()
    members = (
        Membership.objects.visible_to(user)
        .filter(covering(day))
        .filter(
            organization=candidacy.organ.organization_id,
            organ__isnull=True,
            status=Membership.Status.MEMBER,
        )
    )
    return (
        Country.objects.visible_to(user)
        .filter(pk__in=members.values("state"))
        .exclude(pk=candidacy.state_id)
        .order_by("name")
    )


def campaign(candidacy, user):
    """Everything the candidacy page shows beyond the record itself."""
    pledges = list(
        registry[Pledge].list_queryset(user).filter(candidacy=candidacy).order_by("state__name")
    )
    by_state = {p.state_id: p for p in pledges}
    electorate_states = list(electorate(candidacy, user))
    counts = dict.fromkeys(Pledge.Status, 0)
    for pledge in pledges:
        counts[pledge.status] += 1
    ballots = list(
        registry[Ballot].list_queryset(user).filter(candidacy=candidacy).order_by("round")
    )
    final = ballots[-1] if ballots else None
    supporting = counts[Pledge.Status.PLEDGED] + counts[Pledge.Status.CONFIRMED]
    not_asked = sum(1 for state in electorate_states if state.pk not in by_state)
    return {
        "rows": [(state, by_state.get(state.pk)) for state in electorate_states]
        + [
            (p.state, p)
            for p in pledges
            if p.state not in electorate_states and p.state_id != candidacy.state_id
        ],
        "not_asked": not_asked,
        "chart": tally_chart(candidacy, counts, not_asked, ballots),
        "counts": [(Pledge.Status(status).label, n) for status, n in counts.items()],
        "supporting": supporting,
        "ballots": ballots,
        "final": final,
        "gap": final.votes_received - supporting
        if final and final.votes_received is not None
        else None,
        "pledge_export_url": reverse(registry[Pledge].url_name("export"), args=["xlsx"])
        + f"?candidacy={candidacy.pk}",
        "pledges_url": registry[Pledge].list_url + f"?candidacy={candidacy.pk}",
        "add_pledge_url": _add_url(Pledge, user, candidacy),
        "add_ballot_url": _add_url(Ballot, user, candidacy),
    }


def tally_chart(candidacy, counts, not_asked, ballots):
    """The pledges (as the reader may see them) set against the majority needed and the votes
    received in each round: a bar of the supporting pledges, one of the states yet to decide,
    one of those that declined, then a bar per round."""
    status = Pledge.Status
    series = [
        status.CONFIRMED.label,
        status.PLEDGED.label,
        status.ASKED.label,
        status.NO_ANSWER.label,
        _("Not asked"),
        status.DECLINED.label,
        _("Votes received"),
    ]
    bars = [
        (_("Supporting"), [counts[status.CONFIRMED], counts[status.PLEDGED], 0, 0, 0, 0, 0]),
        (_("Undecided"), [0, 0, counts[status.ASKED], counts[status.NO_ANSWER], not_asked, 0, 0]),
        (_("Declined"), [0, 0, 0, 0, 0, counts[status.DECLINED], 0]),
    ]
    bars += [
        (_("Round %(round)s") % {"round": ballot.round}, [0] * 6 + [ballot.votes_received])
        for ballot in ballots
        if ballot.votes_received is not None
    ]
    marks = [(candidacy.majority_needed, _("Majority needed"))] if candidacy.majority_needed else []
    return stacked_bar_chart(
        bars,
        series,
        _("Pledges against the tally"),
        label_heading=_("Pledges and rounds"),
        total_heading=_("States"),
        marks=marks,
        height=200,
    )


def _add_url(model, user, candidacy):
    """Where to record another pledge or ballot of the candidacy, for a user who may."""
    record_type = registry[model]
    if not record_type.user_can(user, "add"):
        return None
    return reverse(record_type.url_name("add")) + f"?candidacy={candidacy.pk}"
