"""Conflict pages beyond the registry's: the casualties and damage report and its CSV, an evidence
file's download and check, and what the evidence, track and draft version pages add."""

import base64
import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.core.exports import spreadsheet_safe
from chancery.core.guards import record_to_change
from chancery.core.registry import registry

from . import diff
from .forms import ReportForm
from .models import DraftVersion, Evidence, EvidenceCheck, NegotiationRound
from .report import Filters, csv_rows, incident_report, report_charts

CHECKS_SHOWN = 10


# the report -------------------------------------------------------------------------------------
def _asked(request):
    """The report's form and the filters it asks for; None for filters asked wrongly."""
    form = ReportForm(request.GET or None, request.user)
    if not request.GET:
        return form, Filters()
    return form, (form.filters() if form.is_valid() else None)


@login_required
@require_GET
def incident_report_page(request):
    """Casualties and damage by period, by settlement and by object type."""
    form, filters = _asked(request)
    if filters is None:
        return render(request, "conflict/incident_report.html", {"form": form}, status=400)
    context = {
        "form": form,
        "tables": incident_report(request.user, filters),
        "charts": report_charts(request.user, filters),
        "csv_url": f"{reverse('conflict:incident_report_csv')}?{request.GET.urlencode()}",
    }
    return render(request, "conflict/incident_report.html", context)


@login_required
@require_GET
def incident_report_csv(request):
    """The report as tidy CSV rows, with the same questions."""
    form, filters = _asked(request)
    if filters is None:
        return render(request, "conflict/incident_report.html", {"form": form}, status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="casualties-and-damage-{stamp}.csv"'
    writer = csv.writer(response)
    for row in csv_rows(incident_report(request.user, filters)):
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


# evidence ---------------------------------------------------------------------------------------
def _visible_evidence(request, pk):
    evidence = Evidence.objects.visible_to(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404(_("No such evidence, or you may not see it."))
    return evidence


@login_required
@require_GET
def evidence_file(request, pk):
    """The file, to a user who may see the evidence, named as it was received and with the
    SHA-256 taken on receipt (Repr-Digest, RFC 9530) for the reader to check."""
    evidence = _visible_evidence(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The evidence's file is missing.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
    digest = base64.b64encode(bytes.fromhex(evidence.sha256)).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


@require_POST
@login_required
def verify_evidence(request, pk):
    """Check the stored file against its SHA-256 now, and keep the result: a change to the
    evidence's custody, for who may change evidence."""
    evidence = record_to_change(request.user, Evidence, pk)
    check = EvidenceCheck.verify(evidence, EvidenceCheck.Via.PAGE, request.user)
    if check.result == EvidenceCheck.Result.OK:
        messages.success(request, _("The stored file matches its SHA-256."))
    else:
        messages.error(request, check.get_result_display())
    return redirect(evidence.get_absolute_url())


def evidence_context(evidence, request):
    """The evidence page: the checks of its file, and the way to a new version."""
    rt = registry[Evidence]
    checks = list(evidence.checks.select_related("checked_by")[:CHECKS_SHOWN])
    replace_url = None
    replaced = Evidence.objects.visible_to(request.user).filter(replaces=evidence).exists()
    if rt.user_can(request.user, "add") and not replaced:
        replace_url = (
            f"{reverse(rt.url_name('add'))}?incident={evidence.incident_id}&replaces={evidence.pk}"
        )
    return {
        "checks": checks,
        "latest_check": checks[0] if checks else None,
        "replace_url": replace_url,
        "verify_url": reverse("conflict:evidence_verify", args=[evidence.pk])
        if rt.user_can(request.user, "change")
        else None,
    }


# negotiations -----------------------------------------------------------------------------------
def track_context(track, request):
    """The track page: its rounds in order and the versions of its draft texts, with what each
    version changed (NegotiationTrackType shows them apart from the generic related records)."""
    user = request.user
    rounds = list(
        registry[NegotiationRound].list_queryset(user).filter(track=track).order_by("date", "pk")
    )
    versions = (
        DraftVersion.objects.visible_to(user)
        .filter(track=track)
        .order_by("instrument", "date", "pk")
    )
    return {"rounds": rounds, "versions": diff.versions_with_changes(versions)}


def draft_context(version, request):
    """The version page: its differences from the version before it."""
    previous = diff.previous_version(version, request.user)
    rows = diff.line_diff(previous.text, version.text) if previous else []
    added, removed = diff.counts(rows)
    return {"previous": previous, "diff": rows, "added": added, "removed": removed}
