"""Figures over the whole of a type (a map's counts by state, a chart's records by year), kept
until anything changes.

Counting every engagement by state or by year takes about a second at a ministry's size; the
answer changes only when a record does. A figure is therefore kept in the cache under everything
that decides what its user may count (the access rule's signature, their desks and missions)
and under the newest entry of the change log, which every save, delete, restore and import
writes: the first change after it makes the next page count afresh. What a user may not count
never enters another user's figure, and a figure never outlives the records behind it.
"""

import hashlib

from auditlog.models import LogEntry
from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from .models import rule_signature

KEPT_SECONDS = 3600


def sight_of(user) -> tuple:
    """Everything that decides which records `user` may see or count (three small queries, asked
    once per request: kept on the user object, as `rule_signature` is)."""
    kept_sight = user.__dict__.get("_chancery_sight")
    if kept_sight is None:
        kept_sight = (
            rule_signature(user),
            tuple(user.desk_states.order_by("pk").values_list("pk", flat=True)),
            tuple(user.desk_organisations.order_by("pk").values_list("pk", flat=True)),
            tuple(user.consular_missions.order_by("pk").values_list("pk", flat=True)),
        )
        user.__dict__["_chancery_sight"] = kept_sight
    return kept_sight


# how far back a change committed late is still seen (see `latest_changes`)
RECENT_ENTRIES = 1000


def latest_changes() -> tuple:
    """The newest entry of the change log, and how many of the entries just before it are
    committed: on PostgreSQL a transaction may commit after a later one took the next key, and
    its change then shows in the count though not in the newest key."""
    newest = LogEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
    recent = LogEntry.objects.filter(pk__gt=newest - RECENT_ENTRIES).count()
    return newest, recent


def kept(user, name, compute, *asked):
    """`compute()`, or what it answered for the same user's sight, the same question (`name`,
    `asked`) and today, if nothing has changed since."""
    key = repr((name, asked, sight_of(user), latest_changes(), timezone.localdate()))
    key = "figures:" + hashlib.sha256(key.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found
