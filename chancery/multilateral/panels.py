"""What the multilateral area shows on a user's home page: the home state's candidacies still to
be decided, each with its pledges against the majority it needs."""

from django.conf import settings
from django.db.models import Count, Q

from chancery.core.registry import registry

from .models import Candidacy, Pledge

SHOWN = 6


def campaigns(request):
    """The home state's candidacies still to be decided, soonest election first, then the latest
    decided, with their pledges counted by answer (three queries)."""
    user = request.user
    ours = (
        registry[Candidacy].list_queryset(user).filter(state__alpha_2=settings.CHANCERY_HOME_STATE)
    )
    pending = list(
        ours.filter(result=Candidacy.Result.PENDING).order_by("election_date", "pk")[:SHOWN]
    )
    decided = list(
        ours.exclude(result=Candidacy.Result.PENDING).order_by("-election_date", "-pk")[
            : SHOWN - len(pending)
        ]
    )
    pending += decided
    if not pending:
        return None
    counts = {
        row["candidacy"]: row
        for row in Pledge.objects.visible_to(user)
        .filter(candidacy__in=pending)
        .order_by()
        .values("candidacy")
        .annotate(
            supporting=Count("pk", filter=Q(status__in=Pledge.SUPPORTING)),
            asked=Count("pk"),
        )
    }
    rows = []
    for candidacy in pending:
        found = counts.get(candidacy.pk, {})
        rows.append(
            {
                "candidacy": candidacy,
                "supporting": found.get("supporting", 0),
                "asked": found.get("asked", 0),
                "needed": candidacy.majority_needed,
            }
        )
    return "multilateral/_home_campaigns.html", {"campaign_rows": rows}
