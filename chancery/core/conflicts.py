"""No lost updates: an edit names the version of the record it started from, and is refused if
someone saved the record since. The version is the record's `updated_at`, which every save
renews; a form carries it in a hidden field, the API as the ETag."""

import copy
import hashlib

from django.utils.translation import gettext as _

from .display import display_value, get_field

VERSION_FIELD = "_version"


class EditConflict(Exception):
    """The record changed since the edit began; `current` is the record as it is saved now."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("Someone else saved this record after you opened it."))


def version_of(record) -> str:
    return record.updated_at.isoformat() if record.updated_at else ""


def etag_of(record) -> str:
    digest = hashlib.sha256(f"{record.pk}:{version_of(record)}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def check_version(record, expected, token=version_of):
    """Lock the record's row and raise EditConflict if its stored version is not `expected`
    (as `token` writes it). Call inside the write's transaction, so nobody saves in between."""
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if token(current) != expected:
        raise EditConflict(current)


def differences(form, current):
    """The fields where what the user submitted differs from what is saved now: label, the
    user's value and the saved one, as a page shows them. `current` is the record as its reader
    may see it (`export_queryset`); a link to a record the user may not see is no difference, as
    the save keeps it."""
    saved = type(form)(form.data, form.files, instance=current, user=form.user)
    theirs = copy.copy(current)
    for name, value in form.cleaned_data.items():
        field = get_field(type(current), name)
        if field is not None and not field.many_to_many and name not in form.hidden.single:
            setattr(theirs, name, value)
    for name in getattr(form, "partial_dates", ()):  # the precision typed with the date
        setattr(theirs, f"{name}_precision", getattr(form.instance, f"{name}_precision"))
    rows = []
    for name in saved.changed_data:
        if name not in form.cleaned_data or name in form.hidden.single:
            continue
        field = get_field(type(current), name)
        if field is not None and field.many_to_many:
            yours = ", ".join(str(item) for item in form.cleaned_data[name]) or "—"
        else:
            yours = display_value(theirs, name)
        rows.append(
            {
                "label": form.fields[name].label or name,
                "yours": yours,
                "saved": display_value(current, name),
            }
        )
    return rows
