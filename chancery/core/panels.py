"""What core shows on a user's home page: for those who audit, the newest changes to the
records they may see."""

from django.urls import reverse

from . import history
from .registry import registry
from .views_history import entry_rows

SHOWN = 10


def recent_changes(request):
    """The ten newest changes the user may see, as the history browser lists them."""
    user = request.user
    if not user.has_perm("accounts.read_history"):
        return None
    entries = list(
        history.visible_entries(user, list(registry))
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:SHOWN]
    )
    return "core/_home_recent_changes.html", {
        "change_rows": entry_rows(entries, user),
        "history_url": reverse("history"),
    }
