"""Every registered record type keeps its full history: auditlog logs it with a snapshot of each
version, many-to-many links included, a person's data left out. A new type is covered without a
new test."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import ProtectedError

from chancery.conflict.models.evidence import EvidenceIsPermanent
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.services import record_write
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.testapp.models import Dispatch
from chancery.strategy.models import Priority

RECORD_TYPES = list(registry)


def type_id(record_type):
    return f"{record_type.app_label}.{record_type.model_name}"


def kept_fields(record_type):
    """The fields every snapshot of the type must hold: all but the noise and a person's data."""
    model = record_type.model
    personal = set(record_type.personal_fields)
    names = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    names -= {"updated_at", *personal}
    if not personal:  # a person's type serializes only the logged concrete fields
        names |= {f.name for f in model._meta.many_to_many}
    return names


def test_every_registered_type_is_in_the_registry_test():
    assert Dispatch in registry
    assert len(RECORD_TYPES) > 10


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_every_type_is_logged_with_snapshots(record_type):
    model = record_type.model
    options = auditlog.get_serialize_options(model)
    fields = auditlog.get_model_fields(model)

    assert auditlog.contains(model)
    assert options["serialize_data"] is True
    assert options["serialize_auditlog_fields_only"] is bool(record_type.personal_fields)
    assert set(record_type.personal_fields) <= set(fields["exclude_fields"])


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_creating_changing_and_deleting_keep_full_snapshots(record_type, make_user):
    user = make_user("keeper", Classification.SECRET, role=None, is_superuser=True)
    model = record_type.model
    with record_write(user):
        record = RecordFactory(user).make(model)
    pk = record.pk
    with record_write(user):
        record.classification = Classification.CONFIDENTIAL
        record.save()
    priority = Priority.objects.create(code="kept", order=1, title="Kept", short_title="Kept")
    with record_write(user):
        record.priorities.add(priority)
    try:
        with record_write(user):
            record.delete()
        deleted = True
    except (ProtectedError, EvidenceIsPermanent):  # evidence is kept forever
        deleted = False

    log = LogEntry.objects.get_for_model(model).filter(object_id=pk).order_by("pk")
    actions = [e.action for e in log]
    assert actions[:2] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    if deleted:
        assert actions[-1] == LogEntry.Action.DELETE
    for entry in log:
        assert entry.serialized_data["pk"] == pk
        snapshot = entry.serialized_data["fields"]
        assert kept_fields(record_type) <= set(snapshot), entry
        assert not set(record_type.personal_fields) & set(snapshot)
        assert entry.actor == user
    assert log[1].serialized_data["fields"]["classification"] == Classification.CONFIDENTIAL
    linked = log[2]
    assert linked.changes_dict["priorities"]["operation"] == "add"
    if not record_type.personal_fields:  # a person's type keeps only its concrete fields
        assert linked.serialized_data["fields"]["priorities"] == [priority.pk]
