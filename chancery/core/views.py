"""Generic views every registered record type gets: list, detail, create, edit, delete, export,
and the global search. All of them read through `visible_to`."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import FileField, ProtectedError, RestrictedError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import reads, search
from .conflicts import VERSION_FIELD, EditConflict, differences, version_of
from .display import display_value, get_field, label_for, related_object
from .exports import FORMATS, export
from .forms import SearchForm
from .history import history_for
from .languages import remember_language
from .models import Record
from .paging import CappedPaginator
from .registry import choices_for, registry
from .services import RecordNotVisibleAfterSave, record_write, referrers_in_sight, save_form


class RecordTypeMixin(LoginRequiredMixin):
    """Gives a view its record type and the queryset the user may see."""

    record_type = None

    def get_queryset(self):
        return self.record_type.list_queryset(self.request.user)

    def get_object(self):
        try:
            return self.record_type.export_queryset(self.request.user).get(pk=self.kwargs["pk"])
        except self.record_type.model.DoesNotExist as exc:
            raise Http404(_("No such record, or you may not see it.")) from exc

    def can(self, action):
        return self.record_type.user_can(self.request.user, action)

    def base_context(self):
        rt = self.record_type
        return {
            "record_type": rt,
            "can_add": self.can("add"),
            "can_change": self.can("change"),
            "can_delete": self.can("delete"),
            "list_url": reverse(rt.url_name("list")),
        }


class RecordListView(RecordTypeMixin, View):
    """Filter, sort and paginate; an htmx request gets only the table."""

    def get(self, request):
        rt = self.record_type
        filterset = rt.filterset_class(
            request.GET or None, queryset=self.get_queryset(), request=request
        )
        queryset = filterset.qs if filterset.is_bound else filterset.queryset
        if filterset.is_bound and not filterset.is_valid():
            queryset = queryset.none()
        page = CappedPaginator(queryset, rt.paginate_by).get_page(request.GET.get("page"))
        reads.log_reads(request, rt.model, [o.pk for o in page.object_list], reads.LIST)
        params = request.GET.copy()
        params.pop("page", None)
        sort_params = request.GET.copy()
        sort_params.pop("sort", None)
        sort_params.pop("page", None)
        current_sort = request.GET.get("sort", "")
        columns = [
            {
                "name": name,
                "label": _column_label(rt, name),
                "sort": name if name in rt.sortable_fields else None,
                "sorted": current_sort.lstrip("-") == name,
                "descending": current_sort.startswith("-"),
            }
            for name in rt.list_display
        ]
        rows = [
            {
                "object": obj,
                "cells": [_cell(obj, name) for name in rt.list_display],
            }
            for obj in page.object_list
        ]
        context = {
            **self.base_context(),
            "filterset": filterset,
            "page": page,
            "columns": columns,
            "rows": rows,
            "query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
            "current_sort": current_sort,
            "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page")),
            "export_formats": list(FORMATS),
        }
        template = "core/_record_table.html" if request.htmx else "core/record_list.html"
        return render(request, template, context, status=400 if filterset.errors else 200)


def _cell(obj, name):
    if name == "__str__":
        return {"value": str(obj), "link": obj.get_absolute_url()}
    related = related_object(obj, name)
    link = related.get_absolute_url() if isinstance(related, Record) else None
    if isinstance(get_field(type(obj), name), FileField) and getattr(obj, name):
        # a file is served by the record type's own view (`get_<field>_url`), which checks access
        link = getattr(obj, f"get_{name}_url")()
    return {"value": display_value(obj, name), "link": link}


class RecordDetailView(RecordTypeMixin, View):
    """A record, the records that refer to it, and its change history."""

    def get(self, request, pk):
        obj = self.get_object()
        rt = self.record_type
        reads.log_reads(request, rt.model, [obj.pk], reads.PAGE)
        fields = []
        for name in rt.detail_fields:
            field = rt.model._meta.get_field(name)
            if field.many_to_many:
                value = [
                    {"value": str(o), "link": o.get_absolute_url()}
                    for o in _visible_m2m(obj, name, request.user)
                ]
            else:
                value = _cell(obj, name)
            fields.append(
                {"label": label_for(rt.model, name), "many": field.many_to_many, "value": value}
            )
        context = {
            **self.base_context(),
            "object": obj,
            "fields": fields,
            "related": _related_records(obj, request, rt.related_shown_apart),
            "history": history_for(obj, request.user),
            **rt.detail_context(obj, request),
        }
        return render(request, rt.detail_template, context)


def _visible_m2m(obj, name, user):
    """The linked records the user may see: as fetched with `obj` (`export_queryset` fetches
    them through `visible_to`), else asked for."""
    related = getattr(obj, name).all()
    if name in getattr(obj, "_prefetched_objects_cache", {}):
        return related
    return related.visible_to(user) if issubclass(related.model, Record) else related


def _related_records(obj, request, apart=(), limit=50):
    """Registered records that point at `obj` (by a foreign key, or by citing it as a source),
    as the user may see them, but for the models shown `apart`; one query per relation. Shown
    personal records are logged as read."""
    user = request.user
    sections = []
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if relation.one_to_one or model not in registry or model in apart:
            continue
        rt = registry[relation.related_model]
        queryset = rt.list_queryset(user).filter(**{relation.field.name: obj})
        items = list(queryset[: limit + 1])
        reads.log_reads(request, rt.model, [o.pk for o in items[:limit]], reads.PAGE)
        if items:
            sections.append(
                {
                    "record_type": rt,
                    "label": f"{rt.verbose_name_plural} ({relation.field.verbose_name})",
                    "columns": [_column_label(rt, n) for n in rt.list_display],
                    "rows": [[_cell(o, n) for n in rt.list_display] for o in items[:limit]],
                    "more": len(items) > limit,
                    "list_url": _list_url_of(rt, relation.field.name, obj),
                }
            )
    return sections


def _list_url_of(record_type, field, obj):
    """The list of `record_type` filtered to the records whose `field` is `obj`, if it can be
    filtered so; else the whole list."""
    if field in record_type.filterset_class.base_filters:
        return f"{record_type.list_url}?{urlencode({field: obj.pk})}"
    return record_type.list_url


def _column_label(rt, name):
    return rt.verbose_name if name == "__str__" else label_for(rt.model, name)


class RecordFormMixin(RecordTypeMixin, PermissionRequiredMixin):
    template_name = "core/record_form.html"
    action = "change"

    def get_permission_required(self):
        meta = self.record_type.model._meta
        return [f"{meta.app_label}.{self.action}_{meta.model_name}"]

    def render_form(self, form, obj=None, status=200, version=None, conflict=None):
        context = {
            **self.base_context(),
            "form": form,
            "object": obj,
            "version_field": VERSION_FIELD,
            "version": version_of(obj) if version is None and obj is not None else version,
            "conflict": conflict,
        }
        return render(self.request, self.template_name, context, status=status)

    def handle(self, form, obj=None):
        version = self.request.POST.get(VERSION_FIELD, "") if obj is not None else None
        if not form.is_valid():
            return self.render_form(form, obj, status=400, version=version)
        try:
            saved = save_form(form, self.request.user, version=version)
        except RecordNotVisibleAfterSave as exc:
            form.add_error("classification", str(exc))
            return self.render_form(form, obj, status=400, version=version)
        except EditConflict:
            # the form keeps what the user wrote; saving it again, now knowingly, overwrites.
            # What is saved now is shown as a read of it would show it
            current = self.get_object()
            details = {"current": current, "changes": differences(form, current)}
            return self.render_form(
                form, obj, status=409, version=version_of(current), conflict=details
            )
        # named as a read of it names it (its name may take in a link out of the user's sight)
        saved = self.get_queryset().get(pk=saved.pk)
        messages.success(self.request, _("Saved %(record)s.") % {"record": saved})
        return redirect(saved.get_absolute_url())


class RecordCreateView(RecordFormMixin, View):
    action = "add"

    def get(self, request):
        """An empty form, or one started from the page that links here (`?candidacy=3` on
        "Record a pledge"): only the form's own fields are taken, and only as a start."""
        form_class = self.record_type.form_class
        initial = {
            name: value for name, value in request.GET.items() if name in form_class.base_fields
        }
        return self.render_form(form_class(initial=initial, user=request.user))

    def post(self, request):
        form = self.record_type.form_class(request.POST, request.FILES, user=request.user)
        return self.handle(form)


class RecordUpdateView(RecordFormMixin, View):
    action = "change"

    def get(self, request, pk):
        obj = self.get_object()
        return self.render_form(self.record_type.form_class(instance=obj, user=request.user), obj)

    def post(self, request, pk):
        obj = self.get_object()
        # the form's instance takes what the user sent, and a link out of their sight as it is:
        # the page names the record as it was read
        form = self.record_type.form_class(
            request.POST, request.FILES, instance=self.get_object(), user=request.user
        )
        return self.handle(form, obj)


class RecordDeleteView(RecordFormMixin, View):
    action = "delete"
    template_name = "core/record_confirm_delete.html"

    def get(self, request, pk):
        obj = self.get_object()
        return render(request, self.template_name, {**self.base_context(), "object": obj})

    def post(self, request, pk):
        obj = self.get_object()
        try:
            with record_write(request.user):
                obj.delete()
        except (ProtectedError, RestrictedError) as error:
            context = {
                **self.base_context(),
                "object": obj,
                "error": _("This record cannot be deleted: other records refer to it."),
            }
            context["referrers"], context["more_referrers"] = referrers_in_sight(
                error, request.user
            )
            return render(request, self.template_name, context, status=409)
        messages.success(request, _("Deleted %(record)s.") % {"record": obj})
        return redirect(self.record_type.url_name("list"))


class RecordExportView(RecordTypeMixin, View):
    """The filtered list as CSV, XLSX or JSON."""

    def get(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404(_("Unknown export format."))
        rt = self.record_type
        filterset = rt.filterset_class(
            request.GET or None, queryset=rt.export_queryset(request.user), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            return render(
                request,
                "core/record_list.html",
                {**self.base_context(), "filterset": filterset, "rows": [], "columns": []},
                status=400,
            )
        return export(rt, filterset.qs, fmt, request)


class SearchView(LoginRequiredMixin, TemplateView):
    """One box that searches every record type the user may see, best matches first.

    Each type is first asked for its candidates: the records whose own words hold the search,
    the newest `candidates_up_to` the index finds, best match first (`search.OwnMatches`), then
    those found through a linked record the user may see, newest first. Among those, by key, it
    is asked which the user may see, so that a common word costs what a rare one does and the
    page says "50+" rather than count every match. Only when too few candidates are in sight
    and there are more is the type searched whole. The first `per_type` are then fetched with
    what their names need. The number of queries depends on the types that match, never on how
    many records do."""

    template_name = "core/search.html"
    per_type = 10
    counted_up_to = 50
    candidates_up_to = 500

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if context["form"].errors else 200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = SearchForm(self.request.GET or None, user=user, record_types=registry.searchable())
        wanted = form.cleaned_data if form.is_valid() else {}
        query = wanted.get("q") or ""
        words = search.words_of(query)
        own, groups = search.OwnMatches(words, user, self.candidates_up_to), []
        if words:
            own.ask([rt.model for rt in registry.searchable()])
        for rt in registry.searchable() if words else ():
            narrowed = search.narrowing(rt, wanted)
            if narrowed is None:
                continue
            keys = self._found(rt, user, words, narrowed, own)
            if not keys:
                continue
            shown = keys[: self.per_type]
            found = {o.pk: o for o in rt.list_queryset(user).filter(pk__in=shown)}
            items = [found[pk] for pk in shown if pk in found]
            reads.log_reads(self.request, rt.model, [o.pk for o in items], reads.SEARCH)
            groups.append(
                {
                    "record_type": rt,
                    "items": items,
                    "more": len(keys) > len(items),
                    "count": min(len(keys), self.counted_up_to),
                    "count_is_capped": len(keys) > self.counted_up_to,
                    "list_url": reverse(rt.url_name("list")) + "?" + urlencode({"q": query}),
                }
            )
        context.update(
            {
                "form": form,
                "query": query,
                "search_query": query,
                "words": words,
                "groups": groups,
            }
        )
        return context

    def _found(self, rt, user, words, narrowed, own):
        """The keys of up to `counted_up_to` + 1 records of `rt` the search finds and `user` may
        see, best first: those found by their own words (`own`), then, if too few, those found
        through a linked record the user may see, newest first (asked only if a linked type
        holds the words at all)."""
        if search.out_of_sight(rt.model, user):
            return []
        cap = max(self.per_type, self.counted_up_to) + 1
        model, up_to = rt.model, self.candidates_up_to
        visible = model.objects.visible_to(user).filter(narrowed)
        candidates, more = own[model]
        keys = _in_sight(visible, candidates, more, cap, lambda: search.holding(model, words))
        linked_models = search.linked_models(model)
        if len(keys) < cap and any(own[linked][0] for linked in linked_models):
            # through the best few of each linked type: more if any of those has more
            through = search.through_links(model, words, user, own)
            candidates = _keys(
                model._base_manager.filter(through).exclude(pk__in=candidates), up_to + 1
            )
            more = len(candidates) > up_to or any(own[linked][1] for linked in linked_models)
            keys += _in_sight(
                visible.exclude(pk__in=keys),
                candidates[:up_to],
                more,
                cap - len(keys),
                lambda: search.through_links(model, words, user),
            )
        return keys


def _in_sight(visible, candidates, more, up_to, whole):
    """The first `up_to` of `candidates` in `visible`, in their order; if fewer and there are
    more candidates than those, the newest `up_to` of `visible` that meet the condition `whole()`
    gives."""
    if not candidates:
        return []
    seen = set(visible.filter(pk__in=candidates).values_list("pk", flat=True))
    keys = [pk for pk in candidates if pk in seen][:up_to]
    if len(keys) < up_to and more:
        keys = _keys(visible.filter(whole()), up_to)
    return keys


def _keys(records, up_to):
    """The keys of the newest `up_to` of `records`, each once (a record found through two of
    its links is one record)."""
    return list(records.order_by("-pk").values_list("pk", flat=True).distinct()[:up_to])


LOOKUP_ANSWERS = 20


@require_GET
@login_required
def lookup(request, label):
    """The records of one type that a type-to-find select offers for the typed text `q` (by the
    type's `lookup_fields`, or its key when digits are typed), among those the user may pick,
    first 20 in the type's order: `{"results": [{"value", "text"}], "more": bool}`. `key` names
    the unique field a select submits instead of the primary key."""
    rt = registry.by_label(label)
    if rt is None:
        raise Http404(_("Unknown record type."))
    key = request.GET.get("key") or "pk"
    # a unique field a form may submit (an ISO code), never one of a person's data
    if key != "pk" and not any(
        f.name == key and f.unique and f.concrete and f.editable and key not in rt.personal_fields
        for f in rt.model._meta.get_fields()
    ):
        return JsonResponse({"error": _("Unknown key field.")}, status=400)
    try:
        text = forms.CharField(required=False, max_length=200).clean(request.GET.get("q", ""))
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    user, records = request.user, choices_for(rt.model, request.user)
    if text:
        found = (
            records.matching(user, rt.lookup_fields, text) | records.searched(user, text)
            if rt.lookup_fields
            else None
        )
        if text.isdigit() and len(text) <= 18:
            by_key = records.filter(pk=int(text))
            found = by_key if found is None else found | by_key
        records = found if found is not None else records.none()
    page = list(records[: LOOKUP_ANSWERS + 1])
    shown = page[:LOOKUP_ANSWERS]
    reads.log_reads(request, rt.model, [o.pk for o in shown], reads.SEARCH)
    return JsonResponse(
        {
            "results": [{"value": str(getattr(o, key)), "text": str(o)} for o in shown],
            "more": len(page) > LOOKUP_ANSWERS,
        }
    )


@require_GET
def choose_language(request, code):
    """The language chosen from the top bar: kept in a cookie and for the signed-in user, and the
    page asked from shown again. A link, not a form, so that a page carries no token or address
    of its own for it (a page that answers like a missing one must read the same)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    if request.user.is_authenticated and request.user.language != code:
        # a preference, not a record: no change-log entry, no version
        get_user_model().objects.filter(pk=request.user.pk).update(language=code)
    response = HttpResponseRedirect(back)
    remember_language(response, code)
    return response
