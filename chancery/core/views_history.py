"""The history browser: every change to the records a user may see, filtered and paginated; a
record's versions, any two of them compared; an earlier version restored as a new change."""

from collections import defaultdict

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from . import history, keyset
from .conflicts import VERSION_FIELD, version_of
from .filters import LogEntryFilterSet
from .keys import fits
from .models import clearance_of
from .reads import neutral_label
from .registry import registry
from .restore import RestoreConflict, restore_version

PERMISSION = "accounts.read_history"
PER_PAGE = 50

ACTIONS = [(action, history.ACTION_NAMES[action]) for action in history.CHANGES]


class HistoryFilterSet(LogEntryFilterSet):
    """The history browser's filters: the log entry filters and the action."""

    action = django_filters.ChoiceFilter(choices=ACTIONS, label=gettext_lazy("Action"))


def _record_type(app_label, model_name):
    rt = registry.by_label(f"{app_label}.{model_name}")
    if rt is None:
        raise Http404(_("No such record type."))
    return rt


def _row(described, names):
    entry = described["entry"]
    model = history.entry_model(entry)
    rt = registry.get(model)
    return {
        **described,
        "record_type": capfirst(rt.verbose_name) if rt else entry.content_type_id,
        "record": names[entry.pk],
        "versions_url": reverse(
            "history_record", args=[rt.app_label, rt.model_name, entry.object_id]
        )
        if rt
        else "",
    }


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def history_list(request):
    """Every change to the records the user may see, newest first. Filtered by a record type,
    only that type's rule of sight is asked."""
    chosen = request.GET.get("record_type", "")
    record_types = [rt for rt in registry if rt.model._meta.label_lower == chosen] or list(registry)
    entries = (
        history.visible_entries(request.user, record_types)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    filterset, entries = HistoryFilterSet.for_request(request, entries)
    context = log_page(
        request,
        filterset,
        entries,
        lambda page: entry_rows(page, request.user),
    )
    template = "core/_history_table.html" if request.htmx else "core/history_list.html"
    return render(request, template, context, status=context["status"])


def entry_rows(page, user):
    """The entries as the history browser lists them: each described and its record named
    as `user` may read it."""
    names = record_names(page, user)
    return [_row(row, names) for row in history.describe(page, user)]


def record_names(entries, user):
    """How each entry names its record to `user` (by entry key): by the name it had then, unless
    that version linked to a record out of the user's sight (a name may take in a linked record's
    name: an office named by its organ); then as a read of the record names it now, or, deleted,
    by its type and number. A query per record type and per linked model."""
    shown = history.named_in_sight(entries, user)
    wanted = defaultdict(set)
    for entry in entries:
        if entry.pk not in shown:
            wanted[entry.content_type_id].add(int(entry.object_id))
    now = {}
    for content_type_id, pks in wanted.items():
        record_type = registry.get(ContentType.objects.get_for_id(content_type_id).model_class())
        if record_type is not None:
            for record in record_type.list_queryset(user).filter(pk__in=pks):
                now[(content_type_id, record.pk)] = str(record)
    names = {}
    for entry in entries:
        if entry.pk in shown:
            names[entry.pk] = entry.object_repr
            continue
        name = now.get((entry.content_type_id, int(entry.object_id)))
        model = history.entry_model(entry)
        names[entry.pk] = name or neutral_label(model, entry.object_id)
    return names


def log_page(request, filterset, entries, rows):
    """The context of a page of log entries (this browser, the personal-data read log): the
    filters, the page the cursor asks for (`keyset`: no count, no offset), its entries as `rows`
    makes them, and the query of the filters, which the Older and Newer links carry with their
    cursor. A cursor that is not valid gives no entries and a message (`cursor_error`); the
    page then answers 400, as it does for a filter that is not valid."""
    params = request.GET.copy()
    for name in (keyset.BEFORE, keyset.AFTER):
        params.pop(name, None)
    cursor_error = ""
    try:
        before, after = (
            keyset.parse_cursor(request.GET[name]) if request.GET.get(name) else None
            for name in (keyset.BEFORE, keyset.AFTER)
        )
    except keyset.BadCursor as error:
        cursor_error, before, after = str(error), None, None
    page = (
        keyset.Page()
        if cursor_error or filterset.errors
        else keyset.page_of(entries, PER_PAGE, before=before, after=after)
    )
    return {
        "filterset": filterset,
        "page": page,
        "rows": rows(page.entries),
        "query": params.urlencode(),
        "cursor_error": cursor_error,
        "status": 400 if cursor_error or filterset.errors else 200,
    }


def _readable(record_type, pk, user):
    """The record (None if deleted) whose history `user` may read; 404 for one they may not see
    or that never was, alike, so that nothing leaks."""
    model = record_type.model
    # read as its page reads it: named without a link out of the user's sight
    record = record_type.list_queryset(user).filter(pk=pk).first()
    if record is not None:
        return record
    if not model._base_manager.filter(pk=pk).exists() and history.may_see_deleted(user, model):
        content_type = ContentType.objects.get_for_model(model)
        if history.deleted_within(content_type, clearance_of(user)).filter(object_id=pk).exists():
            return None
    raise Http404(_("No such record, or you may not see it."))


def _entry_id(request, name):
    value = request.GET.get(name, "")
    if not value.isdigit() or not fits(value):
        return None
    return int(value)


def _versions_page(request, rt, pk, record, status=200, conflict=None):
    user = request.user
    entries = (
        history.entries_of(rt.model, pk, user).select_related("actor").order_by("-timestamp", "-pk")
    )
    comparison = None
    if "a" in request.GET or "b" in request.GET:
        first, second = _entry_id(request, "a"), _entry_id(request, "b")
        if first is None or second is None:
            return render(
                request,
                "core/record_history.html",
                {
                    **_context(rt, pk, record, user),
                    "error": _("Choose two versions to compare (a and b)."),
                },
                status=400,
            )
        chosen = {e.pk: e for e in entries.filter(pk__in=[first, second])}
        if first not in chosen or second not in chosen:
            raise Http404(_("No such version of this record."))
        comparison = {
            "first": chosen[first],
            "second": chosen[second],
            "rows": history.compare(rt, chosen[first], chosen[second], user),
        }
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    versions = history.describe(page.object_list, user, model=rt.model)
    for version in versions:
        version["kept"] = history.version_fields(version["entry"]) is not None
    context = {
        **_context(rt, pk, record, user),
        "page": page,
        "versions": versions,
        "comparison": comparison,
        "conflict": conflict,
    }
    return render(request, "core/record_history.html", context, status=status)


def _context(rt, pk, record, user):
    return {
        "record_type": rt,
        "pk": pk,
        "object": record,
        "deleted": record is None,
        "personal": bool(rt.personal_fields),
        "can_restore": rt.user_can(user, "add" if record is None else "change"),
        "version_field": VERSION_FIELD,
        "record_version": version_of(record) if record is not None else "",
        "list_url": rt.list_url,
    }


@login_required
@require_GET
def record_history(request, app_label, model_name, pk):
    """A record's versions, newest first (each entry is the version it made); `?a=&b=` compares
    two of them. Any reader of the record may see its history, as its page shows its changes."""
    rt = _record_type(app_label, model_name)
    record = _readable(rt, pk, request.user)
    return _versions_page(request, rt, pk, record)


@login_required
@require_POST
def restore(request, app_label, model_name, pk, entry_id):
    """Restore the version `entry_id` of a record as a new change (a deleted record's, as its
    re-creation). Needs the change (or add) permission and the right to see the record."""
    rt = _record_type(app_label, model_name)
    record = _readable(rt, pk, request.user)
    if not rt.user_can(request.user, "add" if record is None else "change"):
        raise PermissionDenied(_("You may not restore records of this type."))
    entry = history.entries_of(rt.model, pk, request.user).filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("No such version of this record."))
    try:
        restored = restore_version(
            rt, entry, request.user, version=request.POST.get(VERSION_FIELD, "")
        )
    except RestoreConflict as conflict:
        return _versions_page(request, rt, pk, record, status=409, conflict=conflict.messages)
    messages.success(
        request,
        _("Restored the version of %(when)s as a new change.")
        % {"when": entry.timestamp.strftime("%Y-%m-%d %H:%M:%S")},
    )
    return redirect(reverse("history_record", args=[rt.app_label, rt.model_name, restored.pk]))
