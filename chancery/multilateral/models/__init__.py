"""Multilateral diplomacy: memberships over time, organs, candidacies with their ballots and
pledges, offices, resolutions and roll-call votes."""

from .candidacies import Ballot, Candidacy, Pledge
from .memberships import Membership
from .offices import Office
from .organs import Organ
from .resolutions import Resolution, Subject, Vote

__all__ = [
    "Ballot",
    "Candidacy",
    "Membership",
    "Office",
    "Organ",
    "Pledge",
    "Resolution",
    "Subject",
    "Vote",
]
