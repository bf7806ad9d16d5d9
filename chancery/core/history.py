"""A record's change history as a user may read it: the changes of one record, the history
browser's entries of every record the user may see, and the versions (snapshots) kept with them.

auditlog keeps foreign keys as primary keys and many-to-many changes as the names of the objects
added or removed. Related *records* are named only where `visible_to` lets the reader see them;
many-to-many names, which cannot be checked, are not shown at all. Each change entry keeps a
snapshot of the record as it was after the change (`serialized_data`), the version the browser
compares and restores.
"""

import functools
import operator

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import (
    BigIntegerField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import Regex
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .display import label_for
from .models import (
    DESK_MODELS,
    PUBLIC,
    Classification,
    DatePrecision,
    Record,
    clearance_of,
    desk_paths,
    personal_data_missions,
    sees_every_desk,
    show_partial_date,
)
from .reads import holds_personal_data

HIDDEN = "—"
# the actions that change a record; reads of personal data (ACCESS) are the read log's
CHANGES = (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE)
# what each entry did, in the page's language (auditlog's own names are in English only)
ACTION_NAMES = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),
    LogEntry.Action.ACCESS: gettext_lazy("Read"),
}


def history_for(obj, user, limit=100):
    """The newest `limit` changes of `obj` that `user` may read (see `readable_versions`), with
    values as `user` may read them; the number of queries does not grow with the number of
    changes."""
    entries = list(
        entries_of(type(obj), obj.pk, user)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    return describe(entries, user, model=type(obj))


def describe(entries, user, model=None):
    """Entries (of `model`, or each of its own content type's) as a page shows them; the related
    records their changes name are fetched once per related model, as `user` may see them."""
    pairs = [(model or entry_model(entry), entry) for entry in entries]
    names = _related_names([(kind, e) for kind, e in pairs if not _first_seen(e)], user)
    return [
        {
            "entry": entry,
            "action": ACTION_NAMES.get(entry.action, entry.get_action_display()),
            "timestamp": entry.timestamp,
            "actor": entry.actor or _actor_noted(entry),
            "first_seen": _first_seen(entry),
            "changes": [
                _change(kind, field_name, values, names)
                for field_name, values in (entry.changes_dict or {}).items()
            ]
            if kind is not None and not _first_seen(entry)
            else [],
        }
        for kind, entry in pairs
    ]


def _first_seen(entry):
    """Whether the entry follows a version its reader may not see: its changes' old values are
    that version's, so it shows only as the first version the reader may see."""
    return bool(getattr(entry, "after_hidden", False))


def entry_model(entry):
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _actor_noted(entry):
    """Who wrote an entry without being a user, as `services.record_write` noted it."""
    noted = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    if noted.get("actor") == PUBLIC.log_as:
        return str(PUBLIC)
    return None


def _field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


def _is_link(field):
    return field.many_to_one or field.one_to_one


def _related_names(pairs, user):
    """For each related model named in the entries, the names of the objects `user` may see."""
    wanted = {}
    for model, entry in pairs:
        if model is None:
            continue
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and _is_link(field) and isinstance(values, list):
                wanted.setdefault(field.related_model, set()).update(
                    int(v) for v in values if v not in (None, "None", "") and str(v).isdigit()
                )
    return _names_of(wanted, user)


def _names_of(wanted, user):
    """{model: {pk: name}} of the wanted objects, records only as far as `user` may see them."""
    names = {}
    for related, pks in wanted.items():
        queryset = related._default_manager.filter(pk__in=pks)
        if issubclass(related, Record):
            queryset = related.objects.visible_to(user).filter(pk__in=pks)
        names[related] = {o.pk: str(o) for o in queryset}
    return names


def _change(model, name, values, names):
    field = _field(model, name)
    label = label_for(model, name)
    if field is None or not isinstance(values, list):
        return {"label": label, "old": "", "new": _("changed")}
    if field.many_to_many:
        return {"label": label, "old": "", "new": _("changed")}
    old, new = [*values, None, None][:2]
    if _is_link(field):
        known = names.get(field.related_model, {})
        return {"label": label, "old": _name(old, known), "new": _name(new, known)}
    if field.choices:
        choices = {str(k): str(v) for k, v in field.choices}
        return {
            "label": label,
            "old": choices.get(str(old), _plain(old)),
            "new": choices.get(str(new), _plain(new)),
        }
    return {"label": label, "old": _plain(old), "new": _plain(new)}


def _name(value, known):
    if value in (None, "None", ""):
        return HIDDEN
    return known.get(int(value), HIDDEN) if str(value).isdigit() else HIDDEN


def _plain(value):
    return HIDDEN if value in (None, "None", "") else value


# the browser: which entries a user may read -------------------------------------------------


def may_see_deleted(user, model) -> bool:
    """Whether `user` may read the last versions of deleted records of `model`: a deleted record
    has no desk left to decide by, so only those who see every desk do (and never a person's
    record, unless they may read every mission's personal data)."""
    if clearance_of(user) is None:
        return False
    if not (user.is_superuser or user.has_perm("accounts.see_every_desk")):
        return False
    return not holds_personal_data(model) or personal_data_missions(user) is None


def deleted_within(content_type, clearance):
    """Object ids of records of one type whose last entry is their deletion, its snapshot (the
    record's last version) classified within `clearance`."""
    return _deletions_within(clearance).filter(content_type=content_type).values("object_id")


def _deletions_within(clearance):
    """The deletions that are the last entry of their record, of any type, whose snapshot is
    classified within `clearance`."""
    # the key compared as a value (`+ 0`): the record's own entries are found by its index
    later = LogEntry.objects.alias(key_met=F("pk") + 0).filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        key_met__gt=OuterRef("pk"),
    )
    return LogEntry.objects.filter(
        action=LogEntry.Action.DELETE,
        serialized_data__fields__classification__lte=int(clearance),
    ).exclude(Exists(later))


def visible_entries(user, record_types):
    """The change entries (never reads) `user` may read, in one query however many: per record
    type, those of the records `visible_to` lets through, and, for who may see them, those of
    deleted records whose last version is within the user's clearance; of these, only the
    versions `user` could have read as they were (`readable_versions`)."""
    clearance = clearance_of(user)
    if clearance is None:
        return LogEntry.objects.none()
    content_types = ContentType.objects.get_for_models(*[rt.model for rt in record_types])
    reader = _Reader(user)
    visible, gone, versions = [], [], []
    for model, content_type in content_types.items():
        of_type = Q(type_met=content_type.pk)
        visible.append(of_type & _of_records(model.objects.visible_to(user)))
        if may_see_deleted(user, model):
            gone.append(of_type & ~_of_records(model._base_manager.all()))
        _add_to_group(versions, reader.versions_of(model), content_type.pk)
    if not visible:
        return LogEntry.objects.none()
    condition = _any(visible)
    if gone:
        deleted = _deletions_within(clearance).filter(content_type=OuterRef("content_type"))
        condition |= _any(gone) & _of_records(deleted, key="object_id")
    # types whose versions a user reads alike are asked together: for who sees every desk,
    # one condition for every type (the query is then a fraction of the size)
    if len(versions) == 1:
        readable = versions[0][0]
    else:
        readable = _any([Q(type_met__in=types) & rule for rule, types in versions])
    # the action and the type are asked of each entry met (`+ 0`), not by their indexes: so
    # the database walks the index of (timestamp, key), newest first, and stops after a page
    # (a filter by record type adds its own condition on the type, whose index then serves)
    changes = _met().filter(action_met__in=CHANGES)
    return _marked(changes.filter(condition, readable), readable)


def _add_to_group(groups, rule, content_type_id):
    for known, types in groups:
        if known == rule:
            types.append(content_type_id)
            return
    groups.append((rule, [content_type_id]))


def _met():
    """The log entries with their action and type as values read from each entry met."""
    return LogEntry.objects.alias(action_met=F("action") + 0, type_met=F("content_type_id") + 0)


def _of_records(records, key="pk"):
    """Entries of one of `records` (whose `key` is the entry's object id), asked entry by entry
    by an index, so that a page of the newest entries reads as many records as it shows, not
    every record of the type first. The test is written twice: `key = object_id` alone lets
    PostgreSQL read every record of the type up front into a hash (a hashed subplan), which
    `key - object_id = 0`, not a plain equality, keeps it from."""
    matching = records.filter(**{key: OuterRef("object_id")})
    gap = ExpressionWrapper(F(key) - OuterRef("object_id"), output_field=BigIntegerField())
    return Q(Exists(matching.alias(key_gap=gap).filter(key_gap=0)))


def entries_of(model, pk, user):
    """The change entries of the record `pk` of `model`, existing or deleted, whose versions
    `user` could have read (`readable_versions`); the caller has checked that `user` may read
    the record's history at all."""
    content_type = ContentType.objects.get_for_model(model)
    versions = readable_versions(model, user)
    return _marked(
        LogEntry.objects.filter(
            versions, content_type=content_type, object_id=pk, action__in=CHANGES
        ),
        versions,
    )


def _marked(entries, versions):
    """`entries`, each marked `after_hidden` when the change before it (of the same record) is a
    version outside `versions`: a downgrade, or the first change made after a record was raised
    above the reader; one subquery, whatever the number of entries."""
    previous = (
        LogEntry.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            action__in=CHANGES,
        )
        .filter(
            Q(timestamp__lt=OuterRef("timestamp"))
            | Q(timestamp=OuterRef("timestamp"), pk__lt=OuterRef("pk"))
        )
        .order_by("-timestamp", "-pk")
        .values("pk")[:1]
    )
    return entries.annotate(previous_entry=Subquery(previous)).annotate(
        after_hidden=Exists(_met().filter(pk=OuterRef("previous_entry")).exclude(versions))
    )


# which versions a user may read --------------------------------------------------------------

SNAPSHOT = "serialized_data__fields"
CLASSIFICATION = f"{SNAPSHOT}__classification"
NOTHING = Q(pk__in=[])


def readable_versions(model, user):
    """The condition on the change entries of `model`'s records that keeps the versions `user`
    could have read as the record was then: the version's classification within the user's
    clearance and, for a version restricted or above, the desk rule applied to what the version
    concerns (`_Reader.concerning_mine`). An entry that keeps no snapshot counts as the record's
    current classification, which `visible_to` has already judged. The record itself must be
    visible too: the caller's business (`visible_entries`, `views_history._readable`)."""
    return _Reader(user).versions_of(model)


class _Reader:
    """What decides which versions a user may read: the clearance, and the keys of the desks
    (read once, by the user's field of them) unless the desk rule spares the user."""

    def __init__(self, user):
        self.clearance = clearance_of(user)
        self.desks = None
        if self.clearance is not None and not sees_every_desk(user):
            self.desks = {name: [] for name in DESK_MODELS.values()}
            held = [
                getattr(user, name)
                .annotate(desk_field=Value(name))
                .values_list("desk_field", "pk")
                .order_by()
                for name in self.desks
            ]
            for name, pk in held[0].union(*held[1:], all=True):
                self.desks[name].append(pk)

    def versions_of(self, model):
        if self.clearance is None:
            return NOTHING
        unkept = Q(**{f"{CLASSIFICATION}__isnull": True})
        within = Q(**{f"{CLASSIFICATION}__lte": int(self.clearance)}) | unkept
        if self.desks is None or model.personal_data_mission is not None:
            return within
        paths = desk_paths(model)
        if not paths:
            return within
        below_restricted = Q(**{f"{CLASSIFICATION}__lt": int(Classification.RESTRICTED)}) | unkept
        return within & (below_restricted | self.concerning_mine(model, paths))

    def concerning_mine(self, model, paths):
        """A version concerns the states and organisations its snapshot links to directly
        (`state`, `countries`) or, if it links to none, those the record links to directly now;
        and, either way, those the record reaches now through other records (an agreement's
        parties), which no snapshot holds. True when that is nothing or one of the desks."""
        held, mine = [], []
        direct, beyond = ([], []), ([], [])  # (links to one of the desks, links at all)
        for lookup, desks in paths:
            keys = self.desks[desks]
            if lookup == "pk":  # a state or an organisation concerns itself
                return Q(object_id__in=keys)
            now = direct if _in_snapshot(model, lookup) else beyond
            now[0].append(Q(**{f"{lookup}__in": keys}))
            now[1].append(Q(**{f"{lookup}__isnull": False}))
            if now is direct:
                text = _snapshot_text(lookup)
                held.append(Q(Regex(text, "[0-9]")))
                if keys:
                    mine.append(Q(Regex(text, _any_of(keys))))
        records = model._base_manager

        def now(conditions):
            if not conditions:
                return NOTHING
            return _of_records(records.filter(_any(conditions)))

        unheld = ~_any(held)
        return (
            _any(mine)
            | (unheld & now(direct[0]))
            | now(beyond[0])
            | (unheld & ~now(direct[1]) & ~now(beyond[1]))
        )


def _any(conditions):
    return functools.reduce(operator.or_, conditions, NOTHING)


def _in_snapshot(model, lookup):
    """Whether a desk lookup is a link of the record's own, which its snapshot holds."""
    if "__" in lookup:
        return False
    field = _field(model, lookup)
    return field is not None and (field.concrete or field.many_to_many) and not field.auto_created


def _snapshot_text(name):
    """A snapshot's value of a link as text, never null: `12`, `[3, 4]` or empty."""
    text = TextField()
    return Concat(
        Coalesce(KT(f"{SNAPSHOT}__{name}"), Value("", output_field=text), output_field=text),
        Value(" ", output_field=text),
        output_field=text,
    )


def _any_of(keys):
    """A pattern that finds any of `keys` as a whole number in a snapshot's value."""
    return r"(^|[^0-9])(" + "|".join(str(int(k)) for k in keys) + r")([^0-9]|$)"


# versions ----------------------------------------------------------------------------------


def version_fields(entry):
    """The fields of the version an entry keeps, or None if it keeps none."""
    data = entry.serialized_data
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return None
    return data["fields"]


def compare(record_type, first, second, user):
    """Two versions of a record side by side, field by field, as `user` may read them; a row is
    marked changed when what the reader sees differs. A person's data is never in the log."""
    model = record_type.model
    versions = [version_fields(first) or {}, version_fields(second) or {}]
    names = _names_of(_linked_pks(model, record_type.editable_fields, versions), user)
    rows = []
    for name in record_type.editable_fields:
        if name.endswith("_precision"):
            continue
        if name in record_type.personal_fields:
            not_kept = _("not kept in the log (personal data)")
            rows.append(
                {"label": label_for(model, name), "values": [not_kept, not_kept], "changed": False}
            )
            continue
        values = [_version_value(model, name, fields, names) for fields in versions]
        rows.append(
            {"label": label_for(model, name), "values": values, "changed": values[0] != values[1]}
        )
    return rows


def named_in_sight(entries, user):
    """The keys of the entries whose versions link, by single links, only to records `user` may
    see (or to none): their names (`object_repr`, which may take in a linked record's name) may
    be shown. One query per linked model, however many entries."""
    linked = {}
    for entry in entries:
        model = entry_model(entry)
        if model is None:
            continue
        names = [f.name for f in model._meta.concrete_fields if f.is_relation]
        linked[entry.pk] = {
            related: pks
            for related, pks in _linked_pks(model, names, [version_fields(entry) or {}]).items()
            if issubclass(related, Record) and pks
        }
    wanted = {}
    for links in linked.values():
        for related, pks in links.items():
            wanted.setdefault(related, set()).update(pks)
    found = _names_of(wanted, user)
    return {
        key
        for key, links in linked.items()
        if all(pk in found[related] for related, pks in links.items() for pk in pks)
    }


def _linked_pks(model, field_names, versions):
    wanted = {}
    for name in field_names:
        field = _field(model, name)
        if field is None or not field.is_relation:
            continue
        for fields in versions:
            value = fields.get(name)
            pks = value if isinstance(value, list) else [value]
            wanted.setdefault(field.related_model, set()).update(
                pk for pk in pks if isinstance(pk, int)
            )
    return wanted


def _version_value(model, name, fields, names):
    if name not in fields:
        return _("not kept")
    field = model._meta.get_field(name)
    value = fields[name]
    if field.many_to_many:
        known = names.get(field.related_model, {})
        shown = sorted(known[pk] for pk in value or () if pk in known)
        return ", ".join(shown) or HIDDEN
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, HIDDEN)
    if value in (None, ""):
        return HIDDEN
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    precision = fields.get(f"{name}_precision")
    if precision is not None and field.get_internal_type() == "DateField":
        try:
            return show_partial_date(field.to_python(value), precision or DatePrecision.DAY)
        except ValidationError:
            return str(value)
    return str(value)


@receiver(pre_save, sender=LogEntry)
def keep_a_snapshot_of_many_to_many_changes(sender, instance, **kwargs):
    """auditlog logs a many-to-many change without a snapshot; give it one, read back after the
    change, so that every change entry keeps the version it made and restoring it restores the
    links too."""
    if instance.serialized_data is not None or instance.action != LogEntry.Action.UPDATE:
        return
    changes = instance.changes if isinstance(instance.changes, dict) else {}
    if not any(isinstance(v, dict) and v.get("type") == "m2m" for v in changes.values()):
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or not auditlog.contains(model):
        return
    record = model._base_manager.filter(pk=instance.object_pk).first()
    if record is not None:
        # the same serialization auditlog gives the record's other entries
        instance.serialized_data = LogEntry.objects._get_serialized_data_or_none(record)
