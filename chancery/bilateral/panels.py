"""What the bilateral area shows on a user's home page: a desk officer's states with their next
engagements and agreements under negotiation, their overdue commitments; a treaty officer's
agreements to act on; and the engagements the world map shades states by."""

from django.conf import settings
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from chancery.core.figures import kept
from chancery.core.registry import registry
from chancery.reference.models import Country

from . import status
from .digest import overdue_for
from .forms import TreatyStatusForm
from .models import Agreement, AgreementParty, Engagement

STATES_SHOWN = 8
NEXT_SHOWN = 3


def overdue_commitments(request):
    """The overdue commitments the user owns."""
    commitments = list(overdue_for(request.user)[:20])
    if not commitments:
        return None
    return "bilateral/_home_overdue.html", {"overdue_commitments": commitments}


def desk_states(request):
    """The states of the user's desk, each with its next engagements and the agreements with it
    under negotiation: three queries however many engagements there are, their answer kept
    until the next change (core/figures.py)."""
    user = request.user
    today = timezone.localdate()
    rows = kept(user, "desk states", lambda: _desk_rows(user, today))
    if not rows:
        return None
    return "bilateral/_home_desk_states.html", {"desk_rows": rows, "today": today}


def _desk_rows(user, today):
    states = list(
        Country.objects.visible_to(user).filter(desk_officers=user).order_by("name")[:STATES_SHOWN]
    )
    if not states:
        return []
    keys = [state.pk for state in states]
    upcoming = (
        registry[Engagement]
        .list_queryset(user)
        .filter(start__gte=today, countries__in=keys)
        .annotate(
            state=F("countries"),
            rank_in_state=Window(
                RowNumber(), partition_by=F("countries"), order_by=[F("start"), F("pk")]
            ),
        )
        .filter(rank_in_state__lte=NEXT_SHOWN)
        .order_by("start", "pk")
    )
    negotiating = dict(
        Agreement.objects.visible_to(user)
        .filter(stage__in=Agreement.IN_NEGOTIATION, parties__state__in=keys)
        .order_by()
        .values_list("parties__state")
        .annotate(n=Count("pk", distinct=True))
    )
    by_state = {state.pk: [] for state in states}
    for engagement in upcoming:
        by_state[engagement.state].append(engagement)
    return [
        {
            "state": state,
            "dossier": reverse("bilateral:dossier", args=[state.alpha_2]) if state.alpha_2 else "",
            "next": by_state[state.pk],
            "negotiating": negotiating.get(state.pk, 0),
        }
        for state in states
    ]


def treaty_work(request):
    """The home state's agreements to act on today: the treaty status page's four lists, their
    counts and first entries."""
    user = request.user
    home = Country.objects.visible_to(user).filter(alpha_2=settings.CHANCERY_HOME_STATE).first()
    if home is None:
        return None
    today = timezone.localdate()
    found = status.lists_on(home, today, user)
    titles = dict(TreatyStatusForm.LISTS)
    base = reverse("bilateral:treaty_status")
    lists = [
        {
            "name": name,
            "title": titles[name],
            "count": found["counts"][name],
            "first": found[name][:3],
            "url": f"{base}?state={home.pk}&on={today.isoformat()}&show={name}",
        }
        for name in status.lists(today)
    ]
    return "bilateral/_home_treaty_work.html", {"treaty_lists": lists, "home_state": home}


def engagements_by_state(user):
    """{country key: engagements with it} of the engagements `user` may see."""
    return dict(
        Engagement.objects.visible_to(user)
        .filter(countries__isnull=False)
        .order_by()
        .values_list("countries")
        .annotate(n=Count("pk"))
    )


def agreements_by_state(user):
    """{country key: agreements it is party to} of the parties `user` may see."""
    return dict(
        AgreementParty.objects.visible_to(user)
        .filter(state__isnull=False)
        .order_by()
        .values_list("state")
        .annotate(n=Count("agreement", distinct=True))
    )


EVENTS_SHOWN = 8


def year_events(request):
    """The year's main events: its state and official visits and meetings at the highest
    level, and the agreements that entered into force in it, newest first; of the last year that
    had any when this one has none yet (two to four queries)."""
    user = request.user
    today = timezone.localdate()
    visits = (
        registry[Engagement]
        .list_queryset(user)
        .filter(
            Q(kind__in=[Engagement.Kind.STATE_VISIT, Engagement.Kind.OFFICIAL_VISIT])
            | Q(level__in=[Engagement.Level.HEAD_OF_STATE, Engagement.Level.HEAD_OF_GOVERNMENT]),
            start__lte=today,
        )
        .order_by("-start", "-pk")
    )
    in_force = (
        registry[Agreement]
        .list_queryset(user)
        .filter(entry_into_force__lte=today)
        .order_by("-entry_into_force", "-pk")
    )
    year = today.year
    events = _events_of(visits, in_force, year)
    if not events:
        latest = [
            found.start if hasattr(found, "start") else found.entry_into_force
            for found in (visits.first(), in_force.first())
            if found is not None
        ]
        if latest:
            year = max(latest).year
            events = _events_of(visits, in_force, year)
    return "bilateral/_home_year_events.html", {"events": events, "year": year}


def _events_of(visits, in_force, year):
    found = [(e.start, e) for e in visits.filter(start__year=year)[:EVENTS_SHOWN]]
    found += [
        (a.entry_into_force, a) for a in in_force.filter(entry_into_force__year=year)[:EVENTS_SHOWN]
    ]
    found.sort(key=lambda pair: (pair[0], pair[1].pk), reverse=True)
    return found[:EVENTS_SHOWN]
