"""The registry: a record type declared once gets its pages, API, exports, search and history.

Each app declares its record types in `records.py` with `@register`; see
docs/adding-a-record-type.md.
"""

from functools import cached_property, lru_cache

from auditlog.registry import auditlog
from django import forms
from django.db import models
from django.db.models import Prefetch
from django.urls import get_script_prefix, path, reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify

from . import (
    keys,  # noqa: F401  (registers the <key:...> URL converter)
    search,
)
from .links import ordering_passes_optional_links, sorted_in_sight
from .models import Record

FORM_EXCLUDE = ("created_at", "updated_at", "created_by", "updated_by")
PRECISION_SUFFIX = "_precision"


def page_url(name: str) -> str:
    """The address of the page named `name` that takes no argument: reversed once per site
    prefix (every page's menu names some fifty)."""
    return _page_url(name, get_script_prefix())


@lru_cache(maxsize=1024)
def _page_url(name, prefix):
    return reverse(name)


class RecordType:
    """How a record type appears in Chancery. Subclass, set `model`, and register it.

    Everything else has a sensible default derived from the model.
    """

    model: type[Record]
    slug: str | None = None
    list_display: tuple[str, ...] = ()
    list_filter: tuple[str, ...] = ()
    # a person's data: never written to the change log, so a purge leaves none of it behind
    personal_fields: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] | None = None
    form_fields: tuple[str, ...] | None = None
    # foreign keys fetched with each listed row (default: those in list_display)
    list_select_related: tuple[str, ...] | None = None
    # how a data set names a record of this type, and which fields identify an entry's record
    natural_keys: tuple[str, ...] = ()
    dataset_keys: tuple[str, ...] = ()
    paginate_by = 25
    # the date field that places a record in time (an engagement's start, a document's date):
    # the year the charts of records over the years count it in; None for a record of no date
    dated_by: str | None = None
    detail_template = "core/record_detail.html"
    # related record types the type's own detail template shows in its own way, left out of the
    # generic "related records" panel (a track shows its rounds and draft versions itself)
    related_shown_apart: tuple = ()

    def __init__(self):
        meta = self.model._meta
        self.app_label = meta.app_label
        self.model_name = meta.model_name
        self.slug = self.slug or slugify(str(meta.verbose_name_plural))
        if not self.list_display:
            self.list_display = ("__str__",)

    def __repr__(self):
        return f"<RecordType {self.app_label}.{self.model_name}>"

    # names -------------------------------------------------------------------------------
    @property
    def area_label(self):
        """The area the type belongs to, as the top bar's menu of records names it."""
        from django.apps import apps

        return apps.get_app_config(self.app_label).verbose_name

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.model_name}_{action}"

    def user_can(self, user, action: str) -> bool:
        """Whether the user's role allows `action` (add, change, delete) on this type."""
        return user.has_perm(f"{self.app_label}.{action}_{self.model_name}")

    def detail_context(self, obj, request) -> dict:
        """What a type's own detail template needs beyond the generic page (override)."""
        return {}

    @property
    def list_url(self) -> str:
        return page_url(self.url_name("list"))

    # fields ------------------------------------------------------------------------------
    @cached_property
    def editable_fields(self) -> list[str]:
        if self.form_fields is not None:
            return list(self.form_fields)
        meta = self.model._meta
        return [
            f.name
            for f in [*meta.concrete_fields, *meta.many_to_many]
            if f.editable and not f.auto_created and f.name not in FORM_EXCLUDE
        ]

    @cached_property
    def detail_fields(self) -> list[str]:
        """Fields shown on the detail page and exported: all but the precision companions."""
        names = ["id", *self.editable_fields, *FORM_EXCLUDE]
        return [n for n in names if not n.endswith(PRECISION_SUFFIX)]

    @cached_property
    def relation_fields(self) -> list[str]:
        """Foreign keys among the listed and exported fields, fetched with a join."""
        names = set(self.list_display) | set(self.detail_fields)
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if (f.many_to_one or f.one_to_one) and f.name in names
        ]

    @cached_property
    def sortable_fields(self) -> list[str]:
        if self.ordering_fields is not None:
            return list(self.ordering_fields)
        concrete = {f.name for f in self.model._meta.concrete_fields}
        return [n for n in self.list_display if n in concrete]

    def list_queryset(self, user, depth=0):
        related = self.list_select_related
        if related is None:
            related = [n for n in self.relation_fields if n in self.list_display]
        return self._with_related(self.model.objects.visible_to(user), user, related, (), depth)

    @cached_property
    def lookup_fields(self) -> list[str]:
        """The search fields a type-to-find select asks of (`core:lookup`): names, titles and
        references, not long texts, which a few typed letters would find everywhere."""
        return [n for n in self.search_fields if not _is_long_text(self.model, n)]

    def export_queryset(self, user):
        m2m = [f.name for f in self.model._meta.many_to_many if f.name in self.detail_fields]
        return self._with_related(
            self.model.objects.visible_to(user), user, self.relation_fields, m2m, 0
        )

    def _with_related(self, queryset, user, foreign_keys, many_to_many, depth):
        """Fetch related objects in a constant number of queries. Related *records* come through
        `visible_to` (with what their own names need): one the user may not see reads as empty,
        never by its name."""
        joined, fetched = [], []
        for name in [*foreign_keys, *many_to_many]:
            target = self.model._meta.get_field(name).related_model
            if issubclass(target, Record):
                target_type = registry.get(target)
                if target_type is not None and depth < 2:
                    inner = target_type.list_queryset(user, depth + 1)
                else:
                    inner = target.objects.visible_to(user)
                fetched.append(Prefetch(name, queryset=inner))
            elif name in foreign_keys:
                joined.append(name)
            else:
                fetched.append(name)
        if joined:  # select_related() without names would join every required key, unchecked
            queryset = queryset.select_related(*joined)
        if ordering_passes_optional_links(self.model):
            queryset = sorted_in_sight(queryset, self.model._meta.ordering, user)
        return queryset.prefetch_related(*fetched)

    # built classes -----------------------------------------------------------------------
    @cached_property
    def filterset_class(self):
        from .filters import RecordFilterSet, RecordOrdering

        meta = type("Meta", (), {"model": self.model, "fields": list(self.list_filter)})
        return type(
            f"{self.model.__name__}FilterSet",
            (RecordFilterSet,),
            {
                "Meta": meta,
                "record_type": self,
                "sort": RecordOrdering(fields=[(name, name) for name in self.sortable_fields]),
            },
        )

    @cached_property
    def form_class(self):
        from .forms import RecordForm, formfield_for

        return forms.modelform_factory(
            self.model,
            form=RecordForm,
            fields=self.editable_fields,
            formfield_callback=formfield_for,
        )

    @cached_property
    def serializer_class(self):
        from .api import RecordSerializer

        fields = ["id", "display", *self.editable_fields, *FORM_EXCLUDE]
        meta = type("Meta", (), {"model": self.model, "fields": fields})
        return type(f"{self.model.__name__}Serializer", (RecordSerializer,), {"Meta": meta})

    @cached_property
    def viewset_class(self):
        from .api import RecordViewSet

        return type(
            f"{self.model.__name__}ViewSet",
            (RecordViewSet,),
            {
                "record_type": self,
                "serializer_class": self.serializer_class,
                "filterset_class": self.filterset_class,
                "queryset": self.model.objects.all(),
            },
        )

    def urls(self):
        from . import views

        kwargs = {"record_type": self}
        prefix = f"{self.slug}/"
        return [
            path(prefix, views.RecordListView.as_view(**kwargs), name=f"{self.model_name}_list"),
            path(
                f"{prefix}add/",
                views.RecordCreateView.as_view(**kwargs),
                name=f"{self.model_name}_add",
            ),
            path(
                f"{prefix}export/<str:fmt>/",
                views.RecordExportView.as_view(**kwargs),
                name=f"{self.model_name}_export",
            ),
            path(
                f"{prefix}<key:pk>/",
                views.RecordDetailView.as_view(**kwargs),
                name=f"{self.model_name}_detail",
            ),
            path(
                f"{prefix}<key:pk>/edit/",
                views.RecordUpdateView.as_view(**kwargs),
                name=f"{self.model_name}_edit",
            ),
            path(
                f"{prefix}<key:pk>/delete/",
                views.RecordDeleteView.as_view(**kwargs),
                name=f"{self.model_name}_delete",
            ),
        ]


class Registry:
    """All record types, in the order they were registered."""

    def __init__(self):
        self._types: dict[type[models.Model], RecordType] = {}

    def register(self, record_type_class: type[RecordType]) -> type[RecordType]:
        record_type = record_type_class()
        model = record_type.model
        if not issubclass(model, Record):
            raise TypeError(f"{model.__name__} must extend core.models.Record to be registered")
        if model in self._types:
            raise ValueError(f"{model.__name__} is already registered")
        self._types[model] = record_type
        if record_type.search_fields:
            search.keep_in_step(model)
        if not auditlog.contains(model):
            personal = list(record_type_class.personal_fields)
            auditlog.register(
                model,
                serialize_data=True,
                serialize_auditlog_fields_only=bool(personal),
                m2m_fields={f.name for f in model._meta.many_to_many},
                exclude_fields=["updated_at", *personal],
            )
        return record_type_class

    def unregister(self, model):
        """Remove a record type (used by tests that register a type of their own)."""
        self._types.pop(model, None)
        if auditlog.contains(model):
            auditlog.unregister(model)

    def __iter__(self):
        return iter(list(self._types.values()))

    def __contains__(self, model):
        return model in self._types

    def __getitem__(self, model) -> RecordType:
        return self._types[model]

    def get(self, model) -> RecordType | None:
        return self._types.get(model)

    def by_label(self, label: str) -> RecordType | None:
        """The type of the model labelled `label` ("bilateral.agreement"), if registered."""
        return next((rt for rt in self if rt.model._meta.label_lower == label), None)

    def for_app(self, app_label: str) -> list[RecordType]:
        return [rt for rt in self if rt.app_label == app_label]

    def urls_for_app(self, app_label: str) -> list:
        return [url for rt in self.for_app(app_label) for url in rt.urls()]

    def searchable(self) -> list[RecordType]:
        return [rt for rt in self if rt.search_fields]


registry = Registry()
register = registry.register


def _is_long_text(model, path):
    *links, name = path.split("__")
    for link in links:
        model = model._meta.get_field(link).related_model
    return isinstance(model._meta.get_field(name), models.TextField)


def choices_for(model, user):
    """The records of `model` that `user` may pick in a form or a filter, fetched with what
    their names need (a candidacy is named by its state and organ), in a constant number of
    queries."""
    record_type = registry.get(model)
    if record_type is None:
        return model.objects.visible_to(user)
    return record_type.list_queryset(user)


def autodiscover():
    autodiscover_modules("records")
