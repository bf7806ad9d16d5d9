"""Consular pages: the dashboard, numbers only (no one is named), over the records the user may
count; links to the lists for those who may read the persons behind them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from chancery.core.models import may_read_personal_data
from chancery.core.registry import registry
from chancery.reference.models import Country

from .. import crisis as accounting
from ..models import Case, Crisis, Registration
from ..workflow import breach_condition

PRESENT = (Registration.Status.PENDING, Registration.Status.CONFIRMED)
# the state of each count, as an expression: grouped by the column itself, SQLite walks the
# whole table along the state's index to spare a sort, where the few rows of the day or the open
# cases are found by their own index and grouped after
BY_STATE = F("country") + 0


def _alias(value):
    """The name of the count of a status or kind (never a field's name)."""
    return f"n_{value}"


def present_by_state(user, today):
    """The registrations `user` may count of people abroad on `today`, per state of stay and
    status: {country key: {"n_pending": n, "n_confirmed": n, "total": n}}, in one query."""
    rows = (
        Registration.objects.countable_by(user)
        .filter(arrives_on__lte=today, leaves_on__gte=today, status__in=PRESENT)
        .order_by()
        .values(state=BY_STATE)
        .annotate(
            **{_alias(status): Count("pk", filter=Q(status=status)) for status in PRESENT},
            total=Count("pk"),
        )
    )
    return {row.pop("state"): row for row in rows}


def open_cases_by_state(user, now):
    """The open cases `user` may count, per state and kind, with how many of them are past
    their first-contact deadline: {country key: {"n_<kind>": n, ..., "total": n, "late": n}}, in one
    query."""
    rows = (
        Case.objects.countable_by(user)
        .filter(status__in=Case.OPEN)
        .order_by()
        .values(state=BY_STATE)
        .annotate(
            **{_alias(kind): Count("pk", filter=Q(kind=kind)) for kind in Case.Kind.values},
            total=Count("pk"),
            late=Count("pk", filter=breach_condition(now)),
        )
    )
    return {row.pop("state"): row for row in rows}


def active_crises(user):
    """The active crises `user` may count, each with its counts, in three queries."""
    crises = list(
        Crisis.objects.countable_by(user).filter(status=Crisis.Status.ACTIVE).order_by("-starts_on")
    )
    counts = accounting.counts_of(crises, user)
    return [{"crisis": crisis, "counts": counts[crisis.pk]} for crisis in crises]


def _table(by_state, names, columns):
    """Rows per state, sorted by the state's name, and the totals of each column."""
    rows = sorted(
        (
            {"state": names.get(key, "—"), "cells": [by_state[key][c] for c in columns]}
            for key in by_state
        ),
        key=lambda row: str(row["state"]),
    )
    totals = [sum(by_state[key][c] for key in by_state) for c in columns]
    return {"rows": rows, "totals": totals}


def dashboard_context(user):
    today, now = timezone.localdate(), timezone.now()
    present = present_by_state(user, today)
    cases = open_cases_by_state(user, now)
    names = {
        country.pk: country
        for country in Country.objects.countable_by(user).filter(pk__in={*present, *cases})
    }
    kinds = [
        (kind, label)
        for kind, label in Case.Kind.choices
        if any(row[_alias(kind)] for row in cases.values())
    ]
    context = {
        "today": today,
        "present": _table(present, names, [*map(_alias, PRESENT), "total"]),
        "present_statuses": [Registration.Status(status).label for status in PRESENT],
        "cases": _table(cases, names, [*(_alias(kind) for kind, _label in kinds), "total", "late"]),
        "case_kinds": [label for _kind, label in kinds],
        "crises": active_crises(user),
        "links": None,
        "access_log_url": None,
    }
    context["late_cases"] = context["cases"]["totals"][-1]
    if may_read_personal_data(user):
        context["links"] = {
            "registrations": registry[Registration].list_url,
            "cases": registry[Case].list_url,
            "breaches": reverse("consular:case_breaches"),
            "crises": registry[Crisis].list_url,
        }
    if user.has_perm("accounts.read_access_log"):
        context["access_log_url"] = reverse("consular:access_log")
    return context


@login_required
@require_GET
def dashboard(request):
    """Registrations abroad today, open cases, late cases and active crises, as numbers."""
    return render(request, "consular/dashboard.html", dashboard_context(request.user))


urlpatterns = [path("", dashboard, name="dashboard")]
