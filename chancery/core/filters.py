"""The filterset every record type's list page, API and export share."""

import datetime

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter

from chancery.strategy.models import Priority

from .keys import bounded
from .links import in_sight, sorted_in_sight
from .models import Classification, Record
from .registry import choices_for, registry
from .widgets import LookupSelect, LookupSelectMultiple


def _visible_queryset(model):
    def queryset(request):
        return choices_for(model, getattr(request, "user", None))

    return queryset


class YearFilter(django_filters.NumberFilter):
    """A year of the calendar (1 to 9999), a whole number: a year lookup cannot ask of any
    other (a 400 names the field, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", datetime.MINYEAR)
        kwargs.setdefault("max_value", datetime.MAXYEAR)
        super().__init__(*args, **kwargs)


class RecordOrdering(django_filters.OrderingFilter):
    """Sorting by the chosen columns, then by primary key so that pages are stable; an empty
    choice keeps the model's own order, also ended by the primary key (PostgreSQL returns rows
    of equal sort keys in any order, so that a row could move from one page to the next)."""

    def filter(self, qs, value):
        fields = [self.get_ordering_value(v) for v in value or [] if v]
        if not fields:
            return ended_by_key(qs)
        return sorted_in_sight(qs, [*fields, "pk"], getattr(self.parent.request, "user", None))


def ended_by_key(queryset):
    """`queryset` in its own order (or its model's), with the primary key last."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if any(str(field).lstrip("-") in ("pk", queryset.model._meta.pk.name) for field in order):
        return queryset
    return queryset.order_by(*order, "pk")


def _by_key(filter_rows, model):
    """A filter through a many-valued link (the states of an engagement) as a condition on the
    key, `pk IN (the keys it matches)`, where django-filter joins the link and makes the rows
    DISTINCT: a database then compares every column of every row, texts and all, to drop the
    repeats (an export of 10,000 engagements with their talking points)."""

    def filter(queryset, value):
        every = model._base_manager.all()
        matched = filter_rows(every, value)
        if matched is every:  # nothing chosen
            return queryset
        keys = matched.order_by().values("pk")
        keys.query.distinct = False
        return queryset.filter(pk__in=keys)

    return filter


class RecordFilterSet(django_filters.FilterSet):
    """Free-text search, classification and priority on every record type, plus the type's own
    `list_filter` fields. Choices of related records go through `visible_to`."""

    record_type = None

    q = django_filters.CharFilter(method="search", label=_("Search"))
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, label=_("Classification")
    )
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities",
        queryset=Priority.objects.all(),
        label=_("Priority"),
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            # the form field of a filter is made for this page, in its language: one made on
            # the class's own filter (the API schema reads them) has no label or another's
            filter_.__dict__.pop("_field", None)
            if name not in self.declared_filters:
                filter_.label = label_for_filter(
                    self._meta.model, filter_.field_name, filter_.lookup_expr, filter_.exclude
                )
        for filter_ in self.filters.values():
            model = getattr(getattr(filter_, "queryset", None), "model", None)
            if model is not None and issubclass(model, Record):
                filter_.queryset = _visible_queryset(model)
                if "widget" not in filter_.extra:
                    lookup = LookupSelect
                    if issubclass(filter_.field_class, forms.ModelMultipleChoiceField):
                        lookup = LookupSelectMultiple
                    filter_.extra["widget"] = lookup(model, filter_.extra.get("to_field_name"))
            if model is not None:
                filter_.field_class = bounded(filter_.field_class)
            if filter_.distinct:
                filter_.filter = _by_key(filter_.filter, self._meta.model)

    def filter_queryset(self, queryset):
        """The filters' choices are records the user may see; a filter through a link (a head of
        mission by the mission's sending state) also passes only links the user may see, so that
        a hidden link filters as an empty one."""
        queryset = super().filter_queryset(queryset)
        user = getattr(self.request, "user", None)
        for name, value in self.form.cleaned_data.items():
            path = getattr(self.filters[name], "field_name", None)
            if value in (None, "", [], ()) or not path or name in ("q", "sort"):
                continue
            condition = in_sight(self._meta.model, path, user)
            if condition is not None:
                queryset = queryset.filter(condition)
        return queryset

    def search(self, queryset, name, value):
        fields = self.record_type.search_fields
        if not value.strip() or not fields:
            return queryset
        return queryset.searched(getattr(self.request, "user", None), value.strip())


def _day_starts(day):
    """When `day` begins in the current time zone, in UTC: a range of the timestamp, which its
    index answers (a `__date` lookup reads every entry); None beyond the calendar's ends."""
    try:
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return start.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        return None


class LogEntryFilterSet(django_filters.FilterSet):
    """Filters of a page of log entries (the history browser, the personal-data read log): who,
    which record type (of `record_types()`), from and to which day."""

    user = django_filters.ModelChoiceFilter(
        field_name="actor", queryset=get_user_model().objects.order_by("username"), label=_("User")
    )
    record_type = django_filters.ChoiceFilter(method="of_type", label=_("Record type"))
    since = django_filters.DateFilter(method="from_day", label=_("From"))
    until = django_filters.DateFilter(method="to_day", label=_("To"))

    class Meta:
        model = LogEntry
        fields = []

    @classmethod
    def record_types(cls):
        return list(registry)

    @classmethod
    def for_request(cls, request, entries):
        """The filterset of the request's query and the entries it lets through: all of them
        without a query, none when a filter is not valid (the page then answers 400)."""
        filterset = cls(request.GET or None, queryset=entries)
        if not filterset.is_bound:
            return filterset, entries
        if not filterset.is_valid():
            return filterset, entries.none()
        return filterset, filterset.qs

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.filters["user"]
        user.field_class = bounded(user.field_class)
        self.filters["record_type"].extra["choices"] = [
            (rt.model._meta.label_lower, capfirst(rt.verbose_name)) for rt in self.record_types()
        ]

    def from_day(self, queryset, name, value):
        start = _day_starts(value)
        return queryset if start is None else queryset.filter(timestamp__gte=start)

    def to_day(self, queryset, name, value):
        end = _day_starts(value + datetime.timedelta(days=1)) if value < datetime.date.max else None
        return queryset if end is None else queryset.filter(timestamp__lt=end)

    def of_type(self, queryset, name, value):
        model = next(rt.model for rt in self.record_types() if rt.model._meta.label_lower == value)
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))
