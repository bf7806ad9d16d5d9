"""Where a state stands with its agreements on a given day, and the treaty officer's lists, each
answered for that day (a day in the past answers as things stood then)."""

import datetime
from dataclasses import dataclass

from chancery.core.models import days_after

from .models import Agreement, AgreementParty, PartyStatus

# the statuses in which a state has acted on an agreement and not left it
ACTIVE = (PartyStatus.SIGNED, PartyStatus.CONSENTED, PartyStatus.PROVISIONAL, PartyStatus.IN_FORCE)


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


def _by(value, day):
    return value is not None and value <= day


def signed_not_consented(items, day):
    """Signed by the state by `day` but not (yet, on that day) ratified, accepted, approved,
    acceded or succeeded to, nor withdrawn from."""
    return [
        item.party
        for item in items
        if _by(item.party.signature, day)
        and not _by(item.party.consent, day)
        and item.status in ACTIVE
        and item.status != PartyStatus.IN_FORCE
    ]


def awaiting_entry_into_force(items):
    """The state had consented by the day but the agreement was not yet in force for it."""
    waiting = (PartyStatus.CONSENTED, PartyStatus.PROVISIONAL)
    return [item for item in items if item.status in waiting]


def expiring(items, day, within_days=180):
    """Agreements the state stood in on `day` that expire within `within_days` of it."""
    last = days_after(day, within_days)
    return [
        item.party
        for item in items
        if item.status in ACTIVE
        and item.party.agreement.expires_on is not None
        and day <= item.party.agreement.expires_on <= last
    ]


def in_negotiation(items):
    """Agreements the state is to be party to whose text is proposed, negotiated or initialled.
    The stage is kept without dates, so this list is as recorded now, whatever the day."""
    return [item.party for item in items if item.party.agreement.stage in Agreement.IN_NEGOTIATION]


def lists_on(state, day, user):
    """The page's table and its four lists, for `day`, from one read of the state's parties."""
    items = status_on(state, day, user)
    return {
        "parties": items,
        "signed_not_consented": signed_not_consented(items, day),
        "awaiting": awaiting_entry_into_force(items),
        "expiring": expiring(items, day),
        "in_negotiation": in_negotiation(items),
    }
