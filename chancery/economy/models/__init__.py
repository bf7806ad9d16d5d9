"""Energy, transport and digital projects (components, partners, milestones), the corridors they
make up, and development aid."""

from .aid import AidProject, currency_choices
from .corridors import Corridor, CorridorState
from .projects import (
    CapacityUnit,
    Kind,
    LengthUnit,
    Milestone,
    Project,
    ProjectPartner,
    ancestors_of,
    tree_of,
    with_slippage,
)

__all__ = [
    "AidProject",
    "CapacityUnit",
    "Corridor",
    "CorridorState",
    "Kind",
    "LengthUnit",
    "Milestone",
    "Project",
    "ProjectPartner",
    "ancestors_of",
    "currency_choices",
    "tree_of",
    "with_slippage",
]
