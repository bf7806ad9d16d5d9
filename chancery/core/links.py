"""Links to records a user may not see. Such a link reads as empty to that user, on a page, in the
API and in a sort, and whatever they save keeps it as it is: a form, an API write or a restore
never changes what its user cannot see (docs/security.md, "Side paths")."""

import functools
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .display import get_field
from .models import Record

DISAGREES = _(
    "This change would not agree with a linked record that you may not see; nothing was saved. "
    "Ask someone who may see it."
)


def record_links(model, names):
    """The fields among `names` that link a record of `model` to other records: (name, field)."""
    for name in names:
        field_ = get_field(model, name)
        if (
            field_ is not None
            and field_.is_relation
            and field_.concrete
            and issubclass(field_.related_model, Record)
        ):
            yield name, field_


@dataclass
class HiddenLinks:
    """The links of a stored record to records one user may not see: the key of each single
    link, and the keys of each many-to-many link's members out of sight."""

    model: type
    single: dict = field(default_factory=dict)
    many: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.single or self.many)

    def records(self):
        """The records the single links lead to, by field name (to keep them, never to show)."""
        found = {}
        for name, pk in self.single.items():
            target = self.model._meta.get_field(name).related_model
            found[name] = target._base_manager.get(pk=pk)
        return found

    def with_members(self, name, chosen):
        """The members a many-to-many link is set to: those chosen, and those out of sight."""
        hidden = self.many.get(name)
        if not hidden:
            return chosen
        return [*(getattr(item, "pk", item) for item in chosen), *hidden]

    def names(self):
        """The names of the records out of sight, as a message could give them."""
        names = {str(record) for record in self.records().values()}
        for name, pks in self.many.items():
            target = self.model._meta.get_field(name).related_model
            names |= {str(record) for record in target._base_manager.filter(pk__in=pks)}
        return {name for name in names if name}

    def mask(self, errors):
        """Validation messages ({field: [message]}) that name nothing out of sight: a message of
        a field linking out of sight, or naming a record out of sight, says only that the change
        would not agree with it (the model's rules still hold the record whole)."""
        if not self:
            return errors
        names = self.names()
        masked = {}
        for name, messages in errors.items():
            if (
                name in self.single
                or name in self.many
                or any(hidden in str(message) for hidden in names for message in messages)
            ):
                messages = [DISAGREES]
            masked[name] = list(dict.fromkeys(str(message) for message in messages))
        return masked


def hidden_links(record, names, user) -> HiddenLinks:
    """The links among `names` of the stored `record` to records `user` may not see: read from
    the database, not from the instance, which a form may already have changed."""
    hidden = HiddenLinks(model=type(record))
    if record.pk is None or user is None or user.is_superuser:  # a superuser sees every record
        return hidden
    model = type(record)
    links = dict(record_links(model, names))
    single = {n: f for n, f in links.items() if not f.many_to_many}
    if single:
        attnames = [f.attname for f in single.values()]
        stored = model._base_manager.filter(pk=record.pk).values(*attnames).first() or {}
        for name, field_ in single.items():
            pk = stored.get(field_.attname)
            visible = field_.related_model.objects.visible_to(user)
            if pk is not None and not visible.filter(pk=pk).exists():
                hidden.single[name] = pk
    for name, field_ in links.items():
        if field_.many_to_many:
            # the link table itself: the record's members as a page prefetched them are only
            # those in sight
            through = field_.remote_field.through
            source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
            visible = field_.related_model.objects.visible_to(user).values("pk")
            pks = list(
                through.objects.filter(**{source: record.pk})
                .exclude(**{f"{target}__in": visible})
                .values_list(target, flat=True)
            )
            if pks:
                hidden.many[name] = pks
    return hidden


# sorting and filtering ------------------------------------------------------------------------


def _field(model, name):
    """The field `name` of `model`; None for the key or an annotation (what a sort may name)."""
    return None if name == "pk" else get_field(model, name)


def _optional_link(model, field):
    """Whether a record of `model` may be in sight while `field` leads out of it: an optional
    link to a record, not required once set (a required one is in sight with the record)."""
    return (
        field.null
        and issubclass(field.related_model, Record)
        and field.name not in getattr(model, "required_links", ())
    )


def optional_hops(model, path):
    """The optional links along the lookup `path` (its last part excepted): (the lookup to the
    link, the model it leads to)."""
    hops, found = [], []
    for part in path.split("__")[:-1]:
        field = _field(model, part)
        if field is None or not (field.many_to_one or field.one_to_one):
            break
        hops.append(part)
        if _optional_link(model, field):
            found.append(("__".join(hops), field.related_model))
        model = field.related_model
    return found


def in_sight(model, path, user):
    """The condition that every optional link along the lookup `path` (its last part excepted)
    leads to a record `user` may see; None when the path passes no optional link."""
    condition = None
    for lookup, target in optional_hops(model, path):
        step = models.Q(**{f"{lookup}__in": target.objects.visible_to(user).values("pk")})
        condition = step if condition is None else condition & step
    return condition


@functools.cache
def ordering_passes_optional_links(model):
    """Whether the model's own ordering compares values behind optional links."""
    return any(
        optional_hops(model, path)
        for name in model._meta.ordering
        for path, _descending in sort_paths(model, name)
    )


def sort_paths(model, name, descending=False, depth=0):
    """The (lookup, descending) pairs a sort by `name` ("-" for descending) orders by: a link
    orders by its model's own ordering, as the database would, spelt out so that each step can be
    masked."""
    if name.startswith("-"):
        name, descending = name[1:], not descending
    target = model
    for part in name.split("__"):
        field = _field(target, part)
        target = field.related_model if field is not None and field.is_relation else None
        if target is None:
            break
    if target is None or depth > 2:
        return [(name, descending)]
    return [
        pair
        for inner in target._meta.ordering or ["pk"]
        for pair in sort_paths(
            model,
            f"{name}__{inner.lstrip('-')}",
            descending != inner.startswith("-"),
            depth + 1,
        )
    ]


def sorted_in_sight(queryset, names, user):
    """`queryset` ordered by `names`, a link out of `user`'s sight sorting as an empty one: the
    value behind it is never compared (two probe records could otherwise narrow it down)."""
    model = queryset.model
    ordering = []
    for name in names:
        for path, descending in sort_paths(model, name):
            condition = in_sight(model, path, user)
            value = models.F(path)
            if condition is not None:
                value = models.Case(models.When(condition, then=value), default=None)
            ordering.append(value.desc() if descending else value.asc())
    return queryset.order_by(*ordering)
