"""The filterset every record type's list page, API and export share."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chancery.strategy.models import Priority

from .keys import bounded
from .models import Classification, Record
from .registry import choices_for


def _visible_queryset(model):
    def queryset(request):
        return choices_for(model, getattr(request, "user", None))

    return queryset


class RecordOrdering(django_filters.OrderingFilter):
    """Sorting by the chosen columns, then by primary key so that pages are stable; an empty
    choice keeps the model's own order."""

    def filter(self, qs, value):
        fields = [self.get_ordering_value(v) for v in value or [] if v]
        if not fields:
            return qs
        return qs.order_by(*fields, "pk")


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
        for filter_ in self.filters.values():
            model = getattr(getattr(filter_, "queryset", None), "model", None)
            if model is not None and issubclass(model, Record):
                filter_.queryset = _visible_queryset(model)
            if model is not None:
                filter_.field_class = bounded(filter_.field_class)

    def search(self, queryset, name, value):
        fields = self.record_type.search_fields
        if not value.strip() or not fields:
            return queryset
        return queryset.matching(getattr(self.request, "user", None), fields, value.strip())
