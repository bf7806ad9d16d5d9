"""Consular pages: the log of reads of personal data, for auditors (who read which person's record,
when, from which page or endpoint), filtered, paginated and exported as CSV. The log names a
record only by its type and key, so reading it reads no one's personal data."""

import csv

import django_filters
from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chancery.core import reads
from chancery.core.exports import spreadsheet_safe
from chancery.core.filters import LogEntryFilterSet
from chancery.core.registry import registry
from chancery.core.views_history import log_page

PERMISSION = "accounts.read_access_log"

SURFACES = [
    (reads.PAGE, gettext_lazy("Record page")),
    (reads.LIST, gettext_lazy("List")),
    (reads.SEARCH, gettext_lazy("Search")),
    (reads.EXPORT, gettext_lazy("Export")),
    (reads.API, gettext_lazy("API")),
]


def personal_types():
    """The record types holding a person's data, whose reads are logged."""
    return [rt for rt in registry if reads.holds_personal_data(rt.model)]


class AccessLogFilterSet(LogEntryFilterSet):
    """One filterset for the page and its export: the log entry filters over the personal record
    types, and the surface read from."""

    surface = django_filters.ChoiceFilter(
        field_name="additional_data__surface", choices=SURFACES, label=gettext_lazy("Surface")
    )

    @classmethod
    def record_types(cls):
        return personal_types()


def access_entries():
    return (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def _row(entry):
    model = entry.content_type.model_class()
    data = entry.additional_data or {}
    return {
        "at": timezone.localtime(entry.timestamp),
        "user": entry.actor.get_username() if entry.actor else "",
        "record_type": capfirst(model._meta.verbose_name) if model else entry.content_type.model,
        "record": entry.object_repr,
        "surface": dict(SURFACES).get(data.get("surface"), data.get("surface", "")),
        "path": data.get("path", ""),
        "address": entry.remote_addr or "",
    }


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def access_log(request):
    """The reads of personal data, newest first."""
    filterset, entries = AccessLogFilterSet.for_request(request, access_entries())
    context = log_page(request, filterset, entries, lambda page: [_row(e) for e in page])
    return render(request, "consular/access_log.html", context, status=context["status"])


COLUMNS = (
    gettext_lazy("When"),
    gettext_lazy("User"),
    gettext_lazy("Record type"),
    gettext_lazy("Record"),
    gettext_lazy("Surface"),
    gettext_lazy("Path"),
    gettext_lazy("Address"),
)


class _Echo:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, value):
        return value


def _csv_lines(entries):
    writer = csv.writer(_Echo())
    yield writer.writerow([str(column) for column in COLUMNS])
    for entry in entries.iterator(chunk_size=2000):
        row = _row(entry)
        row["at"] = row["at"].isoformat()
        yield writer.writerow([spreadsheet_safe(value) for value in row.values()])


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def access_log_export(request):
    """The filtered log as CSV; a filter that is not valid is refused, never ignored."""
    filterset, entries = AccessLogFilterSet.for_request(request, access_entries())
    if filterset.errors:
        messages = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        return HttpResponse(
            "\n".join(messages), status=400, content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="personal-data-reads-{day}.csv"'
    return response


urlpatterns = [
    path("access-log/", access_log, name="access_log"),
    path("access-log/export/", access_log_export, name="access_log_export"),
]
