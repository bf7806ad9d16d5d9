"""What each priority has behind it, as a user sees it: linked records counted, and the newest."""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from chancery.core.registry import registry

from .models import Priority


@dataclass
class PrioritySummary:
    priority: Priority
    count: int = 0
    newest: object = None
    newest_at: object = None
    by_type: list = field(default_factory=list)


def _linked(record_type, user):
    return record_type.model.objects.visible_to(user).filter(priorities=OuterRef("pk")).order_by()


def priority_summaries(user, priorities=None) -> list[PrioritySummary]:
    """One query for all counts and newest keys, then one per record type holding a newest; of
    every priority, or of those of the queryset `priorities`."""
    annotations = {}
    types = list(registry)
    for index, rt in enumerate(types):
        linked = _linked(rt, user)
        annotations[f"count_{index}"] = Coalesce(
            Subquery(
                linked.values("priorities").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
        newest = linked.order_by("-created_at", "-pk")
        annotations[f"newest_pk_{index}"] = Subquery(newest.values("pk")[:1])
        annotations[f"newest_at_{index}"] = Subquery(newest.values("created_at")[:1])
    priorities = Priority.objects.all() if priorities is None else priorities
    if annotations:
        priorities = priorities.annotate(**annotations)
    summaries, wanted = [], {}
    for priority in priorities:
        summary = PrioritySummary(priority)
        best = None
        for index, rt in enumerate(types):
            count = getattr(priority, f"count_{index}")
            if count:
                summary.count += count
                summary.by_type.append((rt, count))
            at = getattr(priority, f"newest_at_{index}")
            if at is not None and (best is None or at > best[1]):
                best = (index, at, getattr(priority, f"newest_pk_{index}"))
        if best:
            summary.newest_at = best[1]
            wanted.setdefault(best[0], set()).add(best[2])
            summary.newest = (best[0], best[2])
        summaries.append(summary)
    fetched = {
        (index, obj.pk): obj
        for index, pks in wanted.items()
        for obj in types[index].model.objects.visible_to(user).filter(pk__in=pks)
    }
    for summary in summaries:
        if summary.newest:
            summary.newest = fetched.get(summary.newest)
    return summaries
