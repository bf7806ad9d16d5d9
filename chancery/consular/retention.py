"""Retention of registrations abroad: a stay that ended more than
CHANCERY_REGISTRATION_RETENTION_DAYS ago is purged with the person's records that hang off it,
leaving in the change log that a record was purged, and when, never whose it was."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from chancery.core.reads import neutral_label

from .models import Registration
from .models.registrations import retention_days

BATCH = 500
# what a redacted entry keeps of its additional data: how a record was read, and a writer who is
# no user (the public); the path of a read is kept without its query string
KEPT = ("surface", "actor")


def expired(today=None, days=None):
    """The registrations whose stay ended more than `days` (the retention period) before
    `today`: a stay that ended exactly `days` ago is still kept. Every registration, whoever
    may see it: retention is the ministry's duty, not a user's."""
    days = retention_days() if days is None else days
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=days)
    return Registration.objects.filter(leaves_on__lt=cutoff)


@dataclass
class Purge:
    """What a purge deleted, or with `dry_run` would delete: registrations and, by verbose
    name, the records that went with them (crisis checks, deliveries)."""

    dry_run: bool
    retention_days: int
    registrations: int = 0
    dependants: Counter = field(default_factory=Counter)

    def __str__(self):
        verb = "would be purged" if self.dry_run else "purged"
        text = f"{self.registrations} registrations abroad {verb}"
        text += f" (retention {self.retention_days} days)"
        if self.dependants:
            parts = ", ".join(f"{n} {name}" for name, n in sorted(self.dependants.items()))
            text += f", with {parts}"
        return text + (". Nothing was deleted." if self.dry_run else ".")


def purge_registrations(*, dry_run=False, today=None) -> Purge:
    """Delete the expired registrations and what cascades from them (a crisis check, a
    delivery: each is the person's; a crisis message or a case is not, and stays, a case's
    person losing only the link), in one transaction. The change log then holds, for each
    deleted record, a delete entry naming it only by type and key, and its earlier entries are
    stripped of what they said about it (see `_redact`)."""
    days = retention_days()
    result = Purge(dry_run=dry_run, retention_days=days)
    with transaction.atomic():
        registrations = list(expired(today, days).select_for_update().order_by("pk"))
        if not registrations:
            return result
        collector = Collector(using=router.db_for_write(Registration))
        collector.collect(registrations)
        doomed = {model: sorted(o.pk for o in objects) for model, objects in collector.data.items()}
        result.registrations = len(doomed.pop(Registration))
        for model, pks in doomed.items():
            result.dependants[str(model._meta.verbose_name_plural)] += len(pks)
        for queryset in collector.fast_deletes:  # rows without signals, deleted in bulk
            meta = queryset.model._meta
            if not meta.auto_created:  # the links to priorities and sources go uncounted
                result.dependants[str(meta.verbose_name_plural)] += queryset.count()
        result.dependants = Counter({name: n for name, n in result.dependants.items() if n})
        if dry_run:
            return result
        # what the log needs, taken before the delete empties the records' keys
        links = {model: _links_to_registration(model, collector.data[model]) for model in doomed}
        left_on = {r.pk: r.leaves_on for r in registrations}
        logged = {Registration: sorted(left_on), **doomed}
        logged = {model: pks for model, pks in logged.items() if auditlog.contains(model)}
        # auditlog's own delete entries would name the person (`str()` of the record): ours do not
        with disable_auditlog():
            collector.delete()
        for model, pks in logged.items():
            _redact_earlier_entries(model, pks)
        entries = [
            _purge_entry(Registration, pk, days, {"left_on": left_on[pk].isoformat()})
            for pk in logged.get(Registration, [])
        ]
        for model, pks in logged.items():
            if model is not Registration:
                entries += [
                    _purge_entry(model, pk, days, {"registration": links[model].get(pk)})
                    for pk in pks
                ]
        LogEntry.objects.bulk_create(entries, batch_size=BATCH)
    return result


def _links_to_registration(model, objects):
    """Which registration each of `objects` hung off, where it has a key to one."""
    names = [f.attname for f in model._meta.concrete_fields if f.related_model is Registration]
    if not names:
        return {}
    return {o.pk: getattr(o, names[0]) for o in objects}


def _purge_entry(model, pk, days, extra):
    return LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(pk),
        object_id=pk,
        object_repr=neutral_label(model, pk),
        action=LogEntry.Action.DELETE,
        changes_text="",
        actor=None,
        additional_data={"purged": True, "retention_days": days, **extra},
    )


def _redact_earlier_entries(model, pks):
    """Strip the change log's earlier entries of the purged records of what they said about
    them. This rewrites log entries, the one path that does: erasure must reach the log too."""
    content_type = ContentType.objects.get_for_model(model)
    for start in range(0, len(pks), BATCH):
        keys = [str(pk) for pk in pks[start : start + BATCH]]
        entries = list(LogEntry.objects.filter(content_type=content_type, object_pk__in=keys))
        for entry in entries:
            _redact(entry, model)
        LogEntry.objects.bulk_update(
            entries,
            ["object_repr", "changes", "changes_text", "serialized_data", "additional_data"],
            batch_size=BATCH,
        )


def _redact(entry, model):
    """Keep who did what to the record and when; drop its name (`str()` of a registration is
    the person's), the values changed, the copy of the record, and the query string of a read
    (a search for the person's name)."""
    entry.object_repr = neutral_label(model, entry.object_pk)
    entry.changes = None
    entry.changes_text = ""
    entry.serialized_data = None
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    kept = {key: data[key] for key in KEPT if key in data}
    if data.get("path"):
        kept["path"] = urlsplit(data["path"]).path
    entry.additional_data = {**kept, "redacted": True}
