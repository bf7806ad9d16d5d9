"""Memberships as of a day: an organisation's roll, and the organisations two states share."""

from chancery.core.models import covering
from chancery.core.registry import registry
from chancery.reference.models import Organization

from .models import Membership


def roll(organization, day, user, organ=None):
    """The memberships of `organization` (or of one of its organs) that hold on `day`."""
    return (
        registry[Membership]
        .list_queryset(user)
        .filter(covering(day), organization=organization, organ=organ)
        .order_by("state__name", "status")
    )


def organisations_in_common(first, second, user, day):
    """Organisations in which both states hold a status on `day`."""
    memberships = Membership.objects.visible_to(user).filter(covering(day))
    return (
        Organization.objects.visible_to(user)
        .filter(pk__in=memberships.filter(state=first).values("organization"))
        .filter(pk__in=memberships.filter(state=second).values("organization"))
        .order_by("name")
    )
