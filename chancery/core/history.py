"""A record's change history as a user may read it: the changes of one record, the history
browser's entries of every record the user may see, and the versions (snapshots) kept with them.

auditlog keeps foreign keys as primary keys and many-to-many changes as the names of the objects
added or removed. Related *records* are named only where `visible_to` lets the reader see them;
many-to-many names, which cannot be checked, are not shown at all. Each change entry keeps a
snapshot of the record as it was after the change (`serialized_data`), the version the browser
compares and restores.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .display import label_for
from .models import (
    PUBLIC,
    DatePrecision,
    Record,
    clearance_of,
    format_partial_date,
    personal_data_missions,
)
from .reads import holds_personal_data

HIDDEN = "—"
# the actions that change a record; reads of personal data (ACCESS) are the read log's
CHANGES = (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE)


def history_for(obj, user, limit=100):
    """The newest `limit` changes of `obj`, with values as `user` may read them; the number of
    queries does not grow with the number of changes."""
    entries = list(
        LogEntry.objects.get_for_object(obj)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    return describe(entries, user, model=type(obj))


def describe(entries, user, model=None):
    """Entries (of `model`, or each of its own content type's) as a page shows them; the related
    records their changes name are fetched once per related model, as `user` may see them."""
    pairs = [(model or entry_model(entry), entry) for entry in entries]
    names = _related_names(pairs, user)
    return [
        {
            "entry": entry,
            "action": entry.get_action_display(),
            "timestamp": entry.timestamp,
            "actor": entry.actor or _actor_noted(entry),
            "changes": [
                _change(kind, field_name, values, names)
                for field_name, values in (entry.changes_dict or {}).items()
            ]
            if kind is not None
            else [],
        }
        for kind, entry in pairs
    ]


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
            "old": choices.get(str(old), old),
            "new": choices.get(str(new), new),
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
    later = LogEntry.objects.filter(
        content_type=content_type, object_id=OuterRef("object_id"), pk__gt=OuterRef("pk")
    )
    return (
        LogEntry.objects.filter(
            content_type=content_type,
            action=LogEntry.Action.DELETE,
            serialized_data__fields__classification__lte=int(clearance),
        )
        .exclude(Exists(later))
        .values("object_id")
    )


def visible_entries(user, record_types):
    """The change entries (never reads) `user` may read, in one query however many: per record
    type, those of the records `visible_to` lets through, and, for who may see them, those of
    deleted records whose last version is within the user's clearance."""
    clearance = clearance_of(user)
    if clearance is None:
        return LogEntry.objects.none()
    content_types = ContentType.objects.get_for_models(*[rt.model for rt in record_types])
    condition = None
    for model, content_type in content_types.items():
        of_type = Q(content_type=content_type)
        branch = of_type & Q(object_id__in=model.objects.visible_to(user).values("pk"))
        if may_see_deleted(user, model):
            branch |= (
                of_type
                & Q(object_id__in=deleted_within(content_type, clearance))
                & ~Q(object_id__in=model._base_manager.values("pk"))
            )
        condition = branch if condition is None else condition | branch
    if condition is None:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(condition, action__in=CHANGES)


def entries_of(model, pk):
    """Every change entry of the record `pk` of `model`, existing or deleted."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, object_id=pk, action__in=CHANGES)


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
            return format_partial_date(field.to_python(value), precision or DatePrecision.DAY)
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
