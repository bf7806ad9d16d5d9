"""The UN General Assembly voting data (Voeten, via the R package unvotes): roll calls as
resolutions (`rollcalls`), each state's vote on them (`votes`), which state cast a vote
(`placement`), and reading the files (`source`)."""

from .rollcalls import RollCallImportResult, import_roll_calls
from .source import UnVotesImportError
from .votes import Unknown, VoteImportResult, import_votes

__all__ = [
    "RollCallImportResult",
    "UnVotesImportError",
    "Unknown",
    "VoteImportResult",
    "import_roll_calls",
    "import_votes",
]
