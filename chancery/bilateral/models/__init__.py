"""Bilateral relations: diplomatic relations, missions, engagements, agreements with their
parties, and commissions with their commitments."""

from .agreements import Agreement, AgreementParty, PartyStatus
from .commissions import Commission, Commitment, CommitmentQuerySet, CommitmentUpdate
from .engagements import Engagement
from .relations import DiplomaticRelation, HeadOfMission, Mission, RelationEvent

__all__ = [
    "Agreement",
    "AgreementParty",
    "Commission",
    "Commitment",
    "CommitmentQuerySet",
    "CommitmentUpdate",
    "DiplomaticRelation",
    "Engagement",
    "HeadOfMission",
    "Mission",
    "PartyStatus",
    "RelationEvent",
]
