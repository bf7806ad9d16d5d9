"""Bilateral pages beyond the registry's: the treaty status on a day, the engagement timeline."""

from itertools import groupby

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chancery.core.charts import time_line
from chancery.core.charts import years as years_of
from chancery.core.filters import YearFilter
from chancery.core.forms import OnDayForm
from chancery.core.guards import record_to_change
from chancery.core.models import partial_date_bounds
from chancery.core.registry import registry
from chancery.core.services import record_write, save_changes
from chancery.reference.countries import un_region_names
from chancery.reference.models import Country

from . import dossier, status
from .forms import CommitmentUpdateForm, DossierForm, TalkingPointsForm, TreatyStatusForm
from .models import Commitment, CommitmentUpdate, Engagement


@login_required
@require_GET
def treaty_status(request):
    """Which agreements were in force for a state on a day, and what awaits its action."""
    form = TreatyStatusForm(request.GET, request.user)
    context = {"form": form}
    if form.is_valid():
        state, day = form.cleaned_data["state"], form.cleaned_data["on"]
        context.update(
            state=state,
            day=day,
            today=timezone.localdate(),
            query=_without(request, "page", "show"),
            table_query=_without(request, "page"),
            list_titles=dict(form.LISTS),
            table_title=dict(form.LISTS)[form.cleaned_data["show"]],
            in_force_chart=status.in_force_chart(state, day, request.user),
            **status.lists_on(
                state, day, request.user, form.cleaned_data["show"], request.GET.get("page")
            ),
        )
    return render(
        request, "bilateral/treaty_status.html", context, status=200 if form.is_valid() else 400
    )


def _without(request, *names):
    """The request's query without the parameters `names`, for links to other pages of it."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _timeline_filterset():
    base = registry[Engagement].filterset_class
    year = YearFilter(field_name="start__year", label=_("Year"))
    region = django_filters.ChoiceFilter(
        field_name="countries__region",
        label=_("Region"),
        choices=[(name, name) for name in un_region_names()],
        distinct=True,
    )
    return type("TimelineFilterSet", (base,), {"year": year, "region": region})


TIMELINE_MOST = 500


@login_required
@require_GET
def timeline(request):
    """The engagements the user may see, newest first (at most 500), grouped by year and drawn
    on a time line by level."""
    record_type = registry[Engagement]
    filterset = _timeline_filterset()(
        request.GET or None, queryset=record_type.list_queryset(request.user), request=request
    )
    valid = not filterset.is_bound or filterset.is_valid()
    shown = list(filterset.qs.order_by("-start", "title")[: TIMELINE_MOST + 1]) if valid else []
    engagements = shown[:TIMELINE_MOST]
    years = [(year, list(items)) for year, items in groupby(engagements, lambda e: e.start.year)]
    context = {
        "filterset": filterset,
        "years": years,
        "record_type": record_type,
        "chart": engagements_time_line(engagements),
        "more": len(shown) > TIMELINE_MOST,
        "most": TIMELINE_MOST,
    }
    return render(request, "bilateral/timeline.html", context, status=200 if valid else 400)


def engagements_time_line(engagements):
    """The engagements listed, each a mark on a time line in the row of its level; a date known
    only to the month or the year is drawn across that month or year."""
    items = []
    for engagement in engagements:
        first, last = partial_date_bounds(engagement.start, engagement.start_precision)
        if engagement.end:
            last = max(last, partial_date_bounds(engagement.end, engagement.end_precision)[1])
        facts = ", ".join(
            str(fact)
            for fact in (engagement.get_kind_display(), engagement.get_level_display())
            if fact
        )
        label = f"{engagement.dates_display} · {engagement} ({facts})"
        items.append((first, last, engagement.level, label, engagement.get_absolute_url()))
    if not items:
        return None
    span = years_of(min(item[0].year for item in items), max(item[1].year for item in items))
    lanes = [*Engagement.Level.choices, ("", _("Level not given"))]
    return time_line(
        items, lanes, _("Engagements by level, %(years)s") % {"years": span}, width=720
    )


@login_required
@require_POST
def commitment_update(request, pk):
    """Add a journal entry to a commitment and set its status, as one change."""
    record_type = registry[Commitment]
    commitment = record_to_change(request.user, Commitment, pk)
    form = CommitmentUpdateForm(request.POST)
    if not form.is_valid():
        context = {
            "record_type": record_type,
            "object": commitment,
            "update_form": form,
            "journal": commitment.updates.select_related("author"),
            "can_update": True,
        }
        return render(request, "bilateral/commitment_update_error.html", context, status=400)
    with record_write(request.user):
        save_changes(commitment, request.user, status=form.cleaned_data["status"])
        CommitmentUpdate.objects.create(
            commitment=commitment,
            author=request.user,
            status=commitment.status,
            note=form.cleaned_data["note"],
        )
    messages.success(request, _("The journal of this commitment was updated."))
    return redirect(commitment.get_absolute_url())


@login_required
@require_GET
def dossier_choose(request):
    """The way into a state's dossier from the menu: its name typed, its dossier opened."""
    form = DossierForm(request.GET or None, request.user)
    if form.is_bound and form.is_valid():
        return redirect("bilateral:dossier", code=form.cleaned_data["state"].alpha_2)
    status = 400 if form.is_bound else 200
    return render(request, "bilateral/dossier_choose.html", {"form": form}, status=status)


@login_required
@require_GET
def country_dossier(request, code):
    """One page per state: everything the ministry holds on relations with it, as of today or
    of another day (statuses, heads of mission, organisations in common, what is overdue)."""
    state = get_object_or_404(Country.objects.visible_to(request.user), alpha_2=code.upper())
    form = OnDayForm(request.GET)
    valid = form.is_valid()
    day = form.cleaned_data["on"] if valid else None
    context = {
        **dossier.dossier(state, request.user, day),
        "engagements_chart": dossier.engagements_chart(
            state, request.user, day or timezone.localdate()
        ),
        "form": form,
    }
    return render(request, "bilateral/dossier.html", context, status=200 if valid else 400)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_briefing(request, pk):
    """The briefing for an engagement; its talking points can be edited here."""
    record_type = registry[Engagement]
    engagement = get_object_or_404(record_type.model.objects.visible_to(request.user), pk=pk)
    can_edit = record_type.user_can(request.user, "change")
    form = TalkingPointsForm(
        request.POST or None, initial={"talking_points": engagement.talking_points}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with record_write(request.user):
                save_changes(
                    engagement, request.user, talking_points=form.cleaned_data["talking_points"]
                )
            messages.success(request, _("The talking points were saved."))
            return redirect("bilateral:engagement_briefing", pk=engagement.pk)
    context = {**dossier.briefing(engagement, request.user), "form": form, "can_edit": can_edit}
    return render(
        request,
        "bilateral/briefing.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
