"""States past: the historic states of COW's state system and ISO 3166-3, and who succeeded whom.

`historic_states.csv` holds one row per historic state (its ISO 3166-3 code, or Chancery's own
beginning with X for a state ISO never coded; its COW code; its names in English, Azerbaijani and
Russian; its first and last day). `successions.csv` links predecessor and successor with the kind
of succession and its day. Both are loaded by `chancery load-reference`, idempotently.
"""

import csv
import datetime
from pathlib import Path

from chancery.core.services import record_write

from .models import Country, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"
HISTORIC_CSV = DATA_DIR / "historic_states.csv"
SUCCESSIONS_CSV = DATA_DIR / "successions.csv"


def _rows(path):
    with Path(path).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _save_if_changed(instance, values, counts):
    changed = instance.pk is None or any(getattr(instance, k) != v for k, v in values.items())
    if not changed:
        counts["unchanged"] += 1
        return
    counts["created" if instance.pk is None else "updated"] += 1
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()


def load_historic_states(path=HISTORIC_CSV) -> dict:
    """Create or update one Country per historic state; counts of created, updated, unchanged."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with record_write(None):
        existing = Country.objects.filter(alpha_4__isnull=False).in_bulk(field_name="alpha_4")
        for row in _rows(path):
            values = {
                "name": row["name"],
                "name_az": row["name_az"],
                "name_ru": row["name_ru"],
                "cow_code": int(row["cow_code"]) if row["cow_code"] else None,
                "start": datetime.date.fromisoformat(row["start"]),
                "end": datetime.date.fromisoformat(row["end"]),
            }
            country = existing.get(row["alpha_4"]) or Country(alpha_4=row["alpha_4"])
            _save_if_changed(country, values, counts)
    return counts


def by_code():
    """Every state by its page key (alpha-2, or ISO 3166-3 / X code)."""
    return {country.code: country for country in Country.objects.all()}


def load_successions(path=SUCCESSIONS_CSV) -> dict:
    """Create or update one Succession per row; a code that names no state stops the load."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    states = by_code()
    rows = _rows(path)
    unknown = sorted(
        {code for row in rows for code in (row["predecessor"], row["successor"])} - set(states)
    )
    if unknown:
        raise ValueError(f"{Path(path).name}: no state has the code(s) {', '.join(unknown)}")
    with record_write(None):
        existing = {(s.predecessor_id, s.successor_id): s for s in Succession.objects.all()}
        for row in rows:
            predecessor, successor = states[row["predecessor"]], states[row["successor"]]
            values = {
                "kind": row["kind"],
                "date": datetime.date.fromisoformat(row["date"]),
                "notes": row["notes"],
            }
            succession = existing.get((predecessor.pk, successor.pk)) or Succession(
                predecessor=predecessor, successor=successor
            )
            _save_if_changed(succession, values, counts)
    return counts


def predecessors_of(state, user=None):
    """Every state `state` succeeded, directly or through others, nearest first: a list of
    (predecessor, succession) where the succession is the link that leads towards `state`.
    Only successions and states `user` may see are followed (all, without a user)."""
    successions = Succession.objects.select_related("predecessor", "successor")
    if user is not None:
        successions = successions.visible_to(user)
    into = {}
    for succession in successions:
        into.setdefault(succession.successor_id, []).append(succession)
    found, seen, frontier = [], {state.pk}, [state.pk]
    while frontier:
        following = []
        for pk in frontier:
            for succession in sorted(into.get(pk, ()), key=lambda s: s.date, reverse=True):
                if succession.predecessor_id not in seen:
                    seen.add(succession.predecessor_id)
                    found.append((succession.predecessor, succession))
                    following.append(succession.predecessor_id)
        frontier = following
    return found


def record_counts(state, user, with_predecessors=False):
    """What Chancery holds of `state` (and, if asked, of each of its predecessors): memberships,
    treaty actions and UN votes, as `user` may see them; a few queries whatever the numbers.
    Returns rows of (state, succession or None, counts by what) and their totals."""
    from django.apps import apps

    chain = [(state, None)] + (predecessors_of(state, user) if with_predecessors else [])
    pks = [s.pk for s, _succession in chain]
    counted = {}
    sources = []
    if apps.is_installed("chancery.multilateral"):
        from chancery.multilateral.votes import visible_votes

        membership = apps.get_model("multilateral", "Membership")
        sources += [
            ("memberships", membership.objects.visible_to(user)),
            ("votes", visible_votes(user)),
        ]
    if apps.is_installed("chancery.bilateral"):
        party = apps.get_model("bilateral", "AgreementParty")
        sources.append(("treaty_actions", party.objects.visible_to(user)))
    from django.db.models import Count

    for what, queryset in sources:
        for row in queryset.filter(state__in=pks).values("state").annotate(n=Count("pk")):
            counted[(row["state"], what)] = row["n"]
    whats = [what for what, _queryset in sources]
    rows = [
        (s, succession, {what: counted.get((s.pk, what), 0) for what in whats})
        for s, succession in chain
    ]
    totals = {what: sum(counts[what] for _s, _succ, counts in rows) for what in whats}
    return rows, totals
