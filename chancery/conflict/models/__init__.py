"""Conflict and negotiations: the gazetteer, incidents with their figures, reports and evidence,
and negotiation tracks with their rounds and draft versions."""

from .evidence import Evidence, EvidenceCheck, EvidenceIsPermanent
from .incidents import Incident, IncidentCasualty, IncidentDamage, IncidentReport
from .negotiations import DraftVersion, NegotiationRound, NegotiationTrack
from .places import Settlement

__all__ = [
    "DraftVersion",
    "Evidence",
    "EvidenceCheck",
    "EvidenceIsPermanent",
    "Incident",
    "IncidentCasualty",
    "IncidentDamage",
    "IncidentReport",
    "NegotiationRound",
    "NegotiationTrack",
    "Settlement",
]
