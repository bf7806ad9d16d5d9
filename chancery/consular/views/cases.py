"""Consular pages: a case's workflow steps and journal, and the cases past their deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.core import reads
from chancery.core.guards import record_to_change
from chancery.core.registry import registry

from .. import workflow
from ..forms.cases import EntryForm, StepForm
from ..models import Case, CasePerson


def case_context(case, request):
    """What the case page shows beyond the generic record page (CaseType.detail_context)."""
    user = request.user
    persons = list(CasePerson.objects.visible_to(user).filter(case=case).order_by("name", "pk"))
    reads.log_reads(request, CasePerson, [p.pk for p in persons], reads.PAGE)
    can_act = registry[Case].user_can(user, "change")
    steps = [
        {
            "value": to,
            "label": Case.Status(to).label,
            "reopening": (case.status, to) in Case.REOPENING,
            "assigning": to == Case.Status.ASSIGNED,
        }
        for to in case.allowed_steps()
    ]
    return {
        "persons": persons,
        "journal": case.journal.select_related("author"),
        "deadline": case.deadline,
        "in_breach": case.breaches_deadline(),
        "steps": steps,
        "can_act": can_act,
        "step_form": StepForm(case=case) if can_act else None,
        "entry_form": EntryForm() if can_act else None,
    }


def _case_to_change(request, pk):
    """The case, if the user may see it (else 404) and change it (else 403)."""
    return record_to_change(request.user, Case, pk)


def _refused(request, case, errors):
    context = {"object": case, "errors": errors, "record_type": registry[Case]}
    return render(request, "consular/refused.html", context, status=400)


def _form_errors(form):
    return [error for errors in form.errors.values() for error in errors]


@login_required
@require_POST
def case_step(request, pk):
    """Take a case one step in its workflow; a step the workflow does not allow is refused."""
    case = _case_to_change(request, pk)
    form = StepForm(request.POST, case=case)
    if not form.is_valid():
        return _refused(request, case, _form_errors(form))
    to, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
    try:
        if to == Case.Status.ASSIGNED:
            officer = form.cleaned_data["officer"] or request.user
            workflow.assign(case, officer, request.user, reason)
        else:
            workflow.move(case, to, request.user, reason)
    except ValidationError as exc:
        return _refused(request, case, exc.messages)
    messages.success(
        request, _("The case is now %(status)s.") % {"status": case.get_status_display()}
    )
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def case_journal(request, pk):
    """Add a note or a contact to a case's journal."""
    case = _case_to_change(request, pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, _form_errors(form))
    data = form.cleaned_data
    try:
        workflow.add_entry(case, data["kind"], data["text"], request.user, at=data["at"])
    except ValidationError as exc:
        return _refused(request, case, exc.messages)
    messages.success(request, _("The journal of this case was updated."))
    return redirect(case.get_absolute_url())


@login_required
@require_GET
def case_breaches(request):
    """The open cases whose first contact is late, as the user may read them, and how many there
    are of all the cases the user may count."""
    now = timezone.now()
    user = request.user
    open_cases = Case.objects.visible_to(user).filter(status__in=Case.OPEN)
    cases = list(
        workflow.breaches(open_cases, now)
        .select_related("mission", "country", "officer")
        .order_by("opened_at")[:500]
    )
    reads.log_reads(request, Case, [c.pk for c in cases], reads.LIST)
    countable = Case.objects.countable_by(user)
    context = {
        "cases": cases,
        "open_count": workflow.breaches(countable.filter(status__in=Case.OPEN), now).count(),
        "total_count": workflow.breaches(countable, now).count(),
        "record_type": registry[Case],
    }
    return render(request, "consular/cases/breaches.html", context)


urlpatterns = [
    path("assistance-cases/breaches/", case_breaches, name="case_breaches"),
    path("assistance-cases/<key:pk>/step/", case_step, name="case_step"),
    path("assistance-cases/<key:pk>/journal/", case_journal, name="case_journal"),
]
