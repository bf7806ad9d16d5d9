"""The home page (the ten priorities) and a priority's page."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chancery.accounts.roles import ROLES, roles_of
from chancery.core.charts import bar_chart, by_year
from chancery.core.figures import kept
from chancery.core.registry import registry
from chancery.reference.models import Country

from .models import Priority
from .summary import priorities_over_years, priority_summaries


@login_required
@require_GET
def home(request):
    home_state = (
        Country.objects.visible_to(request.user)
        .filter(alpha_2=settings.CHANCERY_HOME_STATE)
        .first()
    )
    summaries = priority_summaries(request.user)
    if roles_of(request.user) & OVERVIEW_ROLES:
        _chart_over_years(summaries, request.user)
    context = {
        "summaries": summaries,
        "home_state": home_state,
        "panels": _home_panels(request),
        "roles": [ROLES[name]["label"] for name in ROLES if name in roles_of(request.user)],
    }
    return render(request, "strategy/home.html", context)


# the roles whose home page charts each priority's records over the years
OVERVIEW_ROLES = {"leadership", "analyst", "administrator"}


def _chart_over_years(summaries, user):
    """Give each priority's summary a chart of its records by year, from the year set as the
    charts' first (`CHANCERY_CHARTS_SINCE`) to this one."""
    since, until = settings.CHANCERY_CHARTS_SINCE, timezone.localdate().year
    counts = kept(
        user, "priorities over years", lambda: priorities_over_years(user, since, until), since
    )
    for summary in summaries:
        points = by_year(counts.get(summary.priority.pk, {}), since, until)
        summary.chart = bar_chart(
            points,
            _("%(priority)s: records by year") % {"priority": summary.priority.short_title},
            label_heading=_("Year"),
            value_heading=_("Records"),
            width=360,
            height=110,
            most_labels=4,
        )


def _home_panels(request):
    """The panels the areas put on the home page for the user's roles (an app config's
    `home_panels`: `(roles, dotted path)`, in the order of the top bar's areas). A panel's
    function answers `(template, context)`, or None when it has nothing to show."""
    held = roles_of(request.user)
    panels = []
    configs = sorted(apps.get_app_configs(), key=lambda c: getattr(c, "nav_order", 1000))
    for config in configs:
        for roles, path in getattr(config, "home_panels", ()):
            if not held & set(roles):
                continue
            answer = import_string(path)(request)
            if answer:
                template, context = answer
                panels.append(render_to_string(template, context, request=request))
    return panels


@login_required
@require_GET
def priority_detail(request, code):
    priority = get_object_or_404(Priority, code=code)
    sections = []
    for rt in registry:
        queryset = rt.list_queryset(request.user).filter(priorities=priority)
        items = list(queryset.order_by("-created_at")[:26])
        if items:
            sections.append({"record_type": rt, "items": items[:25], "more": len(items) > 25})
    return render(
        request, "strategy/priority_detail.html", {"priority": priority, "sections": sections}
    )
