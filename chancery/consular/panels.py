"""What the consular area shows on a user's home page: the dashboard's figures in brief (who is
abroad today, the open cases and those past their first-contact deadline, the active crises),
and the citizens abroad the world map shades states by."""

from django.urls import reverse
from django.utils import timezone

from .views.dashboard import active_crises, open_cases_by_state, present_by_state


def consular_brief(request):
    """The consular dashboard's totals, numbers only, over what the user may count."""
    user = request.user
    present = present_by_state(user, timezone.localdate())
    cases = open_cases_by_state(user, timezone.now())
    context = {
        "abroad": sum(row["total"] for row in present.values()),
        "open_cases": sum(row["total"] for row in cases.values()),
        "late_cases": sum(row["late"] for row in cases.values()),
        "crises": active_crises(user),
        "dashboard_url": reverse("consular:dashboard"),
        "late_url": reverse("consular:case_breaches"),
    }
    return "consular/_home_brief.html", context


def abroad_by_state(user):
    """{country key: citizens registered as abroad there today} that `user` may count."""
    present = present_by_state(user, timezone.localdate())
    return {state: row["total"] for state, row in present.items()}
