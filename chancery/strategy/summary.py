"""What each priority has behind it, as a user sees it: linked records counted, and the newest."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q

from chancery.core.charts import YearOf
from chancery.core.compiled import rows_of
from chancery.core.models import rule_signature
from chancery.core.registry import registry

from .models import Priority


@dataclass
class PrioritySummary:
    priority: Priority
    count: int = 0
    newest: object = None
    newest_at: object = None
    by_type: list = field(default_factory=list)
    chart: object = None


def _per_priority(record_type, user):
    """{priority key: (count, newest created_at)} of the records of a type the user may see: one
    GROUP BY over the type's links to priorities, the access rule applied once, not per
    priority; its SQL compiled once per rule (every home page asks it of every type)."""
    counts = (
        record_type.model.objects.visible_to(user)
        .filter(priorities__isnull=False)
        .order_by()
        .values_list("priorities")
        .annotate(n=Count("pk"), newest=Max("created_at"))
    )
    rows = rows_of(counts, "counts by priority", record_type.model, *rule_signature(user))
    return {priority: (n, newest) for priority, n, newest in rows}


def _newest(record_type, user, wanted):
    """{priority key: the newest record of the type linked to it}, for `wanted`, a dict
    {priority key: its newest created_at} (one query)."""
    condition = Q()
    for priority, at in wanted.items():
        condition |= Q(priorities=priority, created_at=at)
    found = {}
    records = (
        record_type.model.objects.visible_to(user)
        .filter(condition)
        .annotate(linked_priority=F("priorities"))
        .order_by("-pk")
    )
    for record in records:
        if wanted.get(record.linked_priority) == record.created_at:
            found.setdefault(record.linked_priority, record)
    return found


def priority_summaries(user, priorities=None) -> list[PrioritySummary]:
    """Every priority (or those of the queryset `priorities`) with its records counted by type
    and its newest record: one aggregate query per record type, then one per type holding a
    newest record, however many records there are."""
    types = list(registry)
    counted = [_per_priority(rt, user) for rt in types]
    priorities = Priority.objects.all() if priorities is None else priorities
    summaries, wanted = [], {}
    for priority in priorities:
        summary = PrioritySummary(priority)
        best = None
        for index, rt in enumerate(types):
            count, at = counted[index].get(priority.pk, (0, None))
            if count:
                summary.count += count
                summary.by_type.append((rt, count))
            if at is not None and (best is None or at > best[1]):
                best = (index, at)
        if best:
            summary.newest_at = best[1]
            wanted.setdefault(best[0], {})[priority.pk] = best[1]
            summary.newest = (best[0], priority.pk)
        summaries.append(summary)
    fetched = {
        (index, priority): record
        for index, asked in wanted.items()
        for priority, record in _newest(types[index], user, asked).items()
    }
    for summary in summaries:
        if summary.newest:
            summary.newest = fetched.get(summary.newest)
    return summaries


def priorities_over_years(user, since, until):
    """{priority key: {year: records}} of the records `user` may see, each counted in the year of
    its own date (its type's `dated_by`) from `since` to `until`: one GROUP BY per dated type,
    the access rule applied once in each."""
    found = {}
    first, last = datetime.date(since, 1, 1), datetime.date(until, 12, 31)
    for record_type in registry:
        if record_type.dated_by is None:
            continue
        day = record_type.dated_by
        rows = (
            record_type.model.objects.visible_to(user)
            .filter(priorities__isnull=False, **{f"{day}__gte": first, f"{day}__lte": last})
            .order_by()
            .values_list("priorities", YearOf(day))
            .annotate(n=Count("pk"))
        )
        for priority, year, n in rows_of(
            rows, "priorities over years", record_type.model, *rule_signature(user), since, until
        ):
            years = found.setdefault(priority, {})
            years[year] = years.get(year, 0) + n
    return found
