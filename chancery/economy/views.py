"""Pages of the economy area beyond the registry's: the development aid report and its CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chancery.core.exports import spreadsheet_safe

from .forms import AidReportForm
from .models import AidProject
from .report import GROUPINGS, aid_charts, aid_totals, csv_rows


def _asked(request):
    """The report's form and the aid projects it totals (None when it was asked wrongly)."""
    form = AidReportForm(request.GET or None, request.user)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, form.narrow(AidProject.objects.visible_to(request.user))


@login_required
@require_GET
def aid_report(request):
    """Aid totals by recipient, sector and year, per currency, of what the user may see."""
    form, projects = _asked(request)
    context = {"form": form, "groupings": GROUPINGS}
    if projects is None:
        return render(request, "economy/aid_report.html", context, status=400)
    context.update(
        totals=aid_totals(projects), charts=aid_charts(projects), query=request.GET.urlencode()
    )
    return render(request, "economy/aid_report.html", context)


@login_required
@require_GET
def aid_report_csv(request):
    """The aid report as CSV: a line per grouping, group and currency."""
    form, projects = _asked(request)
    if projects is None:
        return render(
            request, "economy/aid_report.html", {"form": form, "groupings": GROUPINGS}, status=400
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="aid-report-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Grouping"),
            _("Group"),
            _("Currency"),
            _("Projects"),
            _("Without an amount"),
            _("Total"),
        ]
    )
    for row in csv_rows(aid_totals(projects)):
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response
