"""Reading the votes on a resolution: each state's vote, and the tally."""

from collections import Counter

from chancery.reference.models import Country

from .models import Resolution, Vote


def visible_votes(user):
    """The votes `user` may see: on resolutions and by states visible to them."""
    return Vote.objects.filter(
        resolution__in=Resolution.objects.visible_to(user),
        state__in=Country.objects.visible_to(user),
    )


def votes_on(resolution, user):
    """The votes on a resolution, by state name."""
    return list(
        visible_votes(user)
        .filter(resolution=resolution)
        .select_related("state")
        .order_by("state__name")
    )


def tally(votes):
    """How many states voted each way, in the order of the coding (yes, abstain, no, ...)."""
    counts = Counter(v.vote for v in votes)
    return [(choice.label, counts[choice.value]) for choice in Vote.Choice if counts[choice.value]]
