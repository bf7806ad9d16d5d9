"""Consular pages: crisis accounting (the live counts, marking each person present, the export
for the mission, messages to everyone in the area)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chancery.core import reads
from chancery.core.exports import spreadsheet_safe
from chancery.core.guards import record_to_change
from chancery.core.models import may_read_personal_data
from chancery.core.registry import registry
from chancery.core.services import ensure_visible, record_write, stamp

from .. import crisis as accounting
from ..forms.crises import MarkForm, MessageForm
from ..models import Crisis, CrisisCheck, CrisisMessage, Delivery, Registration

MARKED_EVENT = "crisis-marked"


def _rows(crisis, request):
    """The people present whom the user may read, each with their check; the reads are logged."""
    registrations = accounting.with_checks(
        accounting.present(crisis, request.user), crisis, request.user
    ).order_by("surname_latin", "given_names_latin", "pk")
    rows = list(registrations)
    _log_rows(request, rows, reads.PAGE)
    return rows


def _log_rows(request, rows, surface):
    reads.log_reads(request, Registration, [r.pk for r in rows], surface)
    reads.log_reads(request, CrisisCheck, [c.pk for r in rows for c in r.checks], surface)


def crisis_context(crisis, request):
    """What the crisis page shows beyond the generic record page (CrisisType.detail_context)."""
    user = request.user
    persons = may_read_personal_data(user)
    context = {
        "counts": accounting.counts(crisis, user),
        "may_read_persons": persons,
        "crisis_messages": list(
            CrisisMessage.objects.visible_to(user).filter(crisis=crisis).select_related("sent_by")
        ),
    }
    if persons:
        deliveries = list(
            Delivery.objects.visible_to(user)
            .filter(message__crisis=crisis)
            .select_related("registration")
            .order_by("message", "registration__surname_latin", "pk")
        )
        reads.log_reads(request, Delivery, [d.pk for d in deliveries], reads.PAGE)
        by_message = {}
        for delivery in deliveries:
            by_message.setdefault(delivery.message_id, []).append(delivery)
        for message in context["crisis_messages"]:
            message.delivery_list = by_message.get(message.pk, [])
        can_send = registry[CrisisMessage].user_can(user, "add")
        context.update(
            rows=_rows(crisis, request),
            can_mark=registry[CrisisCheck].user_can(user, "add"),
            mark_statuses=CrisisCheck.Status.choices,
            can_send=can_send,
            message_form=MessageForm() if can_send else None,
        )
    return context


def _crisis(request, pk):
    return get_object_or_404(Crisis.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def crisis_counts(request, pk):
    """The counts alone, polled by the crisis page (no one is named)."""
    crisis = _crisis(request, pk)
    context = {"object": crisis, "counts": accounting.counts(crisis, request.user)}
    return render(request, "consular/crises/_counts.html", context)


@login_required
@require_POST
def crisis_mark(request, pk, registration):
    """Mark where a person present stands; an htmx request gets the row back."""
    crisis = record_to_change(request.user, Crisis, pk, "consular.add_crisischeck")
    person = get_object_or_404(accounting.present(crisis, request.user), pk=registration)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose one of the statuses."), status=400)
    accounting.mark(crisis, person, form.cleaned_data["status"], request.user)
    if not request.htmx:
        messages.success(request, _("%(person)s was marked.") % {"person": person})
        return redirect(crisis.get_absolute_url())
    row = accounting.with_checks(Registration.objects.filter(pk=person.pk), crisis, request.user)
    rows = list(row)
    _log_rows(request, rows, reads.PAGE)
    context = {
        "object": crisis,
        "row": rows[0],
        "can_mark": True,
        "mark_statuses": CrisisCheck.Status.choices,
    }
    response = render(request, "consular/crises/_person_row.html", context)
    response["HX-Trigger"] = MARKED_EVENT  # the counts refresh at once
    return response


EXPORT_COLUMNS = (
    pgettext_lazy("registration", "Reference"),
    gettext_lazy("Surname"),
    gettext_lazy("Given names"),
    gettext_lazy("Date of birth"),
    gettext_lazy("City"),
    gettext_lazy("Address"),
    gettext_lazy("Phone"),
    gettext_lazy("E-mail"),
    gettext_lazy("From"),
    gettext_lazy("To"),
    gettext_lazy("Responsible mission"),
    gettext_lazy("Status"),
    gettext_lazy("Marked by"),
    gettext_lazy("Marked at"),
)


@login_required
@require_GET
def crisis_export(request, pk):
    """The list of the people present for the mission, as CSV; the reads are logged."""
    crisis = _crisis(request, pk)
    if not may_read_personal_data(request.user):
        raise Http404
    rows = list(
        accounting.with_checks(
            accounting.present(crisis, request.user), crisis, request.user
        ).order_by("surname_latin", "given_names_latin", "pk")
    )
    _log_rows(request, rows, reads.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp_day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="crisis-{crisis.pk}-{stamp_day}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(c) for c in EXPORT_COLUMNS])
    for r in rows:
        check = r.checks[0] if r.checks else None
        writer.writerow(
            spreadsheet_safe(v)
            for v in (
                r.reference,
                r.surname_latin,
                r.given_names_latin,
                r.date_of_birth,
                r.city,
                r.address,
                r.phone,
                r.email,
                r.arrives_on,
                r.leaves_on,
                r.mission,
                check.get_status_display() if check else _("Not yet marked"),
                check.marked_by if check else "",
                timezone.localtime(check.marked_at).isoformat() if check else "",
            )
        )
    return response


def _require_sender(user, action):
    if not (registry[CrisisMessage].user_can(user, action) and may_read_personal_data(user)):
        raise PermissionDenied


@login_required
@require_POST
def crisis_message(request, pk):
    """Write a message and send it at once to everyone present the user may read."""
    crisis = _crisis(request, pk)
    _require_sender(request.user, "add")
    form = MessageForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return HttpResponse(" ".join(errors), status=400)
    with record_write(request.user):
        message = form.save(commit=False)
        message.crisis = crisis
        message.classification = crisis.classification
        stamp(message, request.user)
        message.save()
        ensure_visible(message, request.user)
    deliveries = accounting.send(message, request.user)
    sent = sum(d.status == Delivery.Status.SENT for d in deliveries)
    messages.success(
        request,
        _("The message was sent to %(sent)s of %(total)s people.")
        % {"sent": sent, "total": len(deliveries)},
    )
    return redirect(crisis.get_absolute_url())


@login_required
@require_POST
def message_send(request, pk):
    """Send a message written earlier (e.g. through the generic form); a message is sent once."""
    message = get_object_or_404(CrisisMessage.objects.visible_to(request.user), pk=pk)
    _require_sender(request.user, "change")
    try:
        accounting.send(message, request.user)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    messages.success(request, _("The message was sent."))
    return redirect(message.crisis.get_absolute_url())


urlpatterns = [
    path("crises/<key:pk>/counts/", crisis_counts, name="crisis_counts"),
    path("crises/<key:pk>/mark/<key:registration>/", crisis_mark, name="crisis_mark"),
    path("crises/<key:pk>/export/", crisis_export, name="crisis_export"),
    path("crises/<key:pk>/message/", crisis_message, name="crisis_message"),
    path("crisis-messages/<key:pk>/send/", message_send, name="crisismessage_send"),
]
