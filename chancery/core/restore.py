"""Restoring an earlier version of a record as a new change: its editable fields and links set to
the version's snapshot, validated like any edit, saved through `services.record_write` (logged,
actor set), all or nothing. A deleted record's last version is restored as its re-creation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from .conflicts import EditConflict, check_version
from .display import label_for
from .history import version_fields
from .links import HiddenLinks, hidden_links
from .models import Record
from .services import RecordNotVisibleAfterSave, ensure_visible, record_write, stamp
from .uniqueness import check_unique_in_sight


class RestoreConflict(Exception):
    """The version cannot be restored as it stands; nothing was written."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


def restore_version(record_type, entry, user, version=None):
    """Make the record of `entry` what the entry's snapshot says, as `user`; returns the record.
    Only the snapshot's fields are set: a person's data, never in the log, is left as it is. An
    edit that names the `version` it started from is refused if the record was saved since."""
    fields = version_fields(entry)
    if fields is None:
        raise RestoreConflict([_("This entry keeps no version to restore.")])
    model = record_type.model
    hidden = HiddenLinks(model=model)
    try:
        with record_write(user):
            record = model._base_manager.filter(pk=entry.object_id).first()
            if record is not None and version:
                check_version(record, version)
            creating = record is None
            if creating:
                record = model(pk=entry.object_id)
                record.created_by = user if user.pk else None
            else:
                hidden = hidden_links(record, record_type.editable_fields, user)
            links = _set_fields(record_type, record, fields, hidden)
            _check_links(record, links, user)
            stamp(record, user)
            record.full_clean()
            check_unique_in_sight(record, user)
            record.save(force_insert=creating)
            for name, pks in links.items():
                if model._meta.get_field(name).many_to_many:
                    getattr(record, name).set(hidden.with_members(name, pks))
            ensure_visible(record, user)
    except ValidationError as exc:
        raise RestoreConflict(_messages(model, exc, hidden)) from exc
    except (EditConflict, RecordNotVisibleAfterSave, IntegrityError) as exc:
        raise RestoreConflict([str(exc)]) from exc
    return record


def _set_fields(record_type, record, fields, hidden):
    """Set the editable fields the snapshot holds; returns the linked keys, to be checked, by
    field name (a list for a many-to-many field, set after saving). The `hidden` links of the
    record as it is now, to records the restorer may not see, are kept as they are."""
    model = record_type.model
    links = {}
    for name in record_type.editable_fields:
        if name not in fields or name in hidden.single:
            continue
        field = model._meta.get_field(name)
        value = fields[name]
        if field.many_to_many:
            kept = set(hidden.many.get(name, ()))
            links[name] = [pk for pk in value or [] if pk not in kept]
        elif field.is_relation:
            setattr(record, field.attname, value)
            if value is not None:
                links[name] = [value]
        else:
            setattr(record, field.attname, field.to_python(value))
    return links


def _check_links(record, links, user):
    """Every record the version links to must still exist and be visible to the restorer: a
    restore may not link what its user could not pick in the form."""
    model = type(record)
    problems = []
    for name, pks in links.items():
        related = model._meta.get_field(name).related_model
        if issubclass(related, Record):
            found = related.objects.visible_to(user).filter(pk__in=pks)
        else:
            found = related._default_manager.filter(pk__in=pks)
        if found.count() != len(set(pks)):
            problems.append(
                _(
                    "%(field)s: this version refers to a record that no longer exists or that "
                    "you may not see."
                )
                % {"field": label_for(model, name)}
            )
    if problems:
        raise RestoreConflict(problems)


def _messages(model, error, hidden):
    if not hasattr(error, "message_dict"):
        return list(error.messages)
    return [
        f"{label_for(model, name) if name != '__all__' else _('Record')}: {' '.join(messages)}"
        for name, messages in hidden.mask(error.message_dict).items()
    ]
