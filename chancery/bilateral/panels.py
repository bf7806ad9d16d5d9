"""What the bilateral area shows on a user's home page."""

from .digest import overdue_for


def overdue_commitments(request):
    """The overdue commitments the user owns."""
    commitments = list(overdue_for(request.user)[:20])
    return "bilateral/_home_overdue.html", {"overdue_commitments": commitments}
