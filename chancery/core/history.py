"""A record's change history as a user may read it.

auditlog keeps foreign keys as primary keys and many-to-many changes as the names of the objects
added or removed. Related *records* are named only where `visible_to` lets the reader see them;
many-to-many names, which cannot be checked, are not shown at all.
"""

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .display import label_for
from .models import PUBLIC, Record

HIDDEN = "—"


def history_for(obj, user, limit=100):
    """The newest `limit` changes of `obj`, with values as `user` may read them; the number of
    queries does not grow with the number of changes."""
    entries = list(
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit]
    )
    model = type(obj)
    names = _related_names(model, entries, user)
    return [
        {
            "action": entry.get_action_display(),
            "timestamp": entry.timestamp,
            "actor": entry.actor or _actor_noted(entry),
            "changes": [
                _change(model, field_name, values, names)
                for field_name, values in (entry.changes_dict or {}).items()
            ],
        }
        for entry in entries
    ]


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


def _related_names(model, entries, user):
    """For each related model named in the entries, the names of the objects `user` may see."""
    wanted = {}
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and _is_link(field) and isinstance(values, list):
                wanted.setdefault(field.related_model, set()).update(
                    int(v) for v in values if v not in (None, "None", "") and str(v).isdigit()
                )
    names = {}
    for related, pks in wanted.items():
        queryset = related.objects.filter(pk__in=pks)
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
