"""Writing records: who changed them, in one transaction, still visible to the writer after."""

from collections import defaultdict
from contextlib import contextmanager

from auditlog.context import set_extra_data
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from .conflicts import check_version


class RecordNotVisibleAfterSave(Exception):
    """The writer could no longer see what they wrote (e.g. classified above their clearance)."""

    def __init__(self):
        super().__init__(_("You cannot save a record that you would not be allowed to see."))


def _real_user(user):
    return user if isinstance(user, models.Model) else None


@contextmanager
def record_write(user):
    """A transaction in which the change log names `user` as the actor. An actor that is no user
    but says how to be logged (`log_as`: the public, on a page without log-in) is noted in the
    entry's additional data instead, so that the history does not read as the system's."""
    context = {"actor": _real_user(user), "remote_addr": None, "remote_port": None}
    log_as = getattr(user, "log_as", None)
    if log_as:
        context["additional_data"] = {"actor": log_as}
    with transaction.atomic(), set_extra_data(context):
        yield


def stamp(instance, user):
    user = _real_user(user)
    if user is None:
        return
    if instance.pk is None:
        instance.created_by = user
    instance.updated_by = user


def ensure_visible(instance, user):
    """Roll back the surrounding transaction if the writer cannot see the saved record."""
    if not type(instance).objects.visible_to(user).filter(pk=instance.pk).exists():
        raise RecordNotVisibleAfterSave()


def save_changes(instance, user, **values):
    """Set `values` on a record and save it as `user`, inside the caller's `record_write`."""
    for name, value in values.items():
        setattr(instance, name, value)
    stamp(instance, user)
    instance.save()
    return instance


def save_form(form, user, version=None):
    """Save a RecordForm as `user`, logging the change and checking visibility afterwards. An
    edit that names the `version` it started from is refused (`EditConflict`) if the record was
    saved since."""
    with record_write(user):
        if version is not None and form.instance.pk is not None:
            check_version(form.instance, version)
        instance = form.save(commit=False)
        stamp(instance, user)
        instance.save()
        form.save_m2m()
        ensure_visible(instance, user)
    return instance


def save_if_changed(form, user, check_visible=True):
    """Save a valid form inside the caller's `record_write`, unless it changes nothing (so that a
    repeated import writes nothing, not even a change-log entry). Returns the outcome
    ("created", "updated" or "unchanged") and the instance."""
    existing = form.instance.pk is not None
    if existing and not form.has_changed():
        return "unchanged", form.instance
    instance = form.save(commit=False)
    stamp(instance, user)
    instance.save()
    form.save_m2m()
    if check_visible:
        ensure_visible(instance, user)
    return ("updated" if existing else "created"), instance


def referrers_in_sight(error, user, limit=10):
    """Of the records that refuse a delete (a ProtectedError's or RestrictedError's), the first
    `limit` that `user` may see, and whether they may see more. The refusal is the same whether
    they may see any or not (the record must stay whole); it names only these."""
    from .registry import registry

    objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    by_model = defaultdict(set)
    for obj in objects:
        by_model[type(obj)].add(obj.pk)
    found = []
    for model, pks in by_model.items():
        record_type = registry.get(model)
        if record_type is not None and len(found) <= limit:
            found += list(record_type.list_queryset(user).filter(pk__in=pks)[: limit + 1])
    return found[:limit], len(found) > limit


def refresh_statistics(*models_written):
    """After a bulk write, PostgreSQL's planner statistics of the tables written: planned with
    none, a join over hundreds of thousands of fresh rows becomes a loop over all of them (until
    autovacuum gets to the table). SQLite is left alone: its ANALYZE made the history browser
    slower."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_written)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if tables else "ANALYZE")
