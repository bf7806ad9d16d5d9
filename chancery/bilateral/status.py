"""Where a state stands with its agreements on a given day, and the treaty officer's lists."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from chancery.core.models import days_after

from .models import Agreement, AgreementParty, PartyStatus


@dataclass
class PartyOnDay:
    party: AgreementParty
    status: str

    @property
    def status_label(self):
        return PartyStatus(self.status).label


def parties_of(state, user):
    """The state's parties to the agreements `user` may see, with their agreements."""
    agreements = Agreement.objects.visible_to(user)
    return (
        AgreementParty.objects.visible_to(user)
        .filter(state=state, agreement__in=agreements)
        .select_related("agreement", "state")
        .order_by("agreement__title")
    )


def status_on(state, day: datetime.date, user) -> list[PartyOnDay]:
    """Every agreement the state has acted on, with its status for the state on `day`."""
    return [PartyOnDay(p, p.status_on(day)) for p in parties_of(state, user)]


def signed_not_consented(state, user):
    """Signed by the state but not (yet) ratified, accepted, approved or acceded to."""
    no_consent = Q()
    for act in AgreementParty.CONSENT_ACTS:
        no_consent &= Q(**{f"{act}__isnull": True})
    return parties_of(state, user).filter(
        no_consent, signature__isnull=False, withdrawal__isnull=True
    )


def awaiting_entry_into_force(state, day, user):
    """The state has consented but the agreement is not yet in force for it on `day`."""
    return [
        item
        for item in status_on(state, day, user)
        if item.status in (PartyStatus.CONSENTED, PartyStatus.PROVISIONAL)
    ]


def expiring(state, day, user, within_days=180):
    """Agreements of the state that expire within `within_days` of `day`."""
    return parties_of(state, user).filter(
        agreement__expires_on__gte=day,
        agreement__expires_on__lte=days_after(day, within_days),
        withdrawal__isnull=True,
    )


def in_negotiation(state, user):
    """Agreements the state is to be party to whose text is proposed, negotiated or initialled."""
    return parties_of(state, user).filter(agreement__stage__in=Agreement.IN_NEGOTIATION)
