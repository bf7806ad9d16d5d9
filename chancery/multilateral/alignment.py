"""Voting alignment between states: the share of identical votes, abstention counted as half
agreement (the public agreement index), computed by the database in one aggregate query per
answer.

Two votes cast, a and b in the coding 1 yes, 2 abstain, 3 no, agree by 1 - |a - b| / 2. Only the
resolutions on which both sides cast a vote count: absent, not a member and no row are left out.
Each answer is one self-join of votes on the resolution (the first side's votes, the
resolution, the other side's votes), grouped by year, by subject or by the other state, read from
the indexes `vote_cast_by_state` and `vote_cast_on_resolution` alone.

What the reader may see is decided once per request (`Sight`): the organs, the classification
and the states within their reach (`visible_to`, as everywhere), written into the query's WHERE
as constants, instead of a visibility subquery per vote row. A side is a state or a list of
states (a state with its predecessors): every pair of votes cast by the two sides on one
resolution counts once."""

from dataclasses import dataclass

from django.db import connection

from chancery.core.models import clearance_of
from chancery.reference.models import Country

from .models import Organ, Resolution, Subject, Vote

MINIMUM = 10  # votes in common below which a state is not ranked: too few to say much
RANKED_SHOWN = 10  # states shown at each end of the ranking
CAST = tuple(int(choice) for choice in Vote.CAST)
PROBED = 20  # states of the other side up to which the index is searched for each


@dataclass(frozen=True)
class Sight:
    """What a reader may see of the votes, read once: the classification up to which they see
    resolutions, the organs and the states they see. A resolution is visible when its
    classification is within the clearance and its organ is visible (`Resolution.visible_to`
    asks no more; a test holds the two to agree); a vote, when its resolution and its state are."""

    clearance: int | None
    organs: frozenset
    states: frozenset
    subjects: frozenset

    @classmethod
    def of(cls, user):
        """The sight of `user` (three small queries: organs, states, subjects)."""
        clearance = clearance_of(user)
        if clearance is None:
            return cls(None, frozenset(), frozenset(), frozenset())
        return cls(
            clearance,
            frozenset(Organ.objects.visible_to(user).values_list("pk", flat=True)),
            frozenset(Country.objects.visible_to(user).values_list("pk", flat=True)),
            frozenset(Subject.objects.visible_to(user).values_list("pk", flat=True)),
        )


def sight(viewer):
    """A `Sight`, from one or from a user."""
    return viewer if isinstance(viewer, Sight) else Sight.of(viewer)


def _side(states, seen):
    """The keys of the visible states of a side: a state, a key, or a list of them."""
    if states is None:
        return []
    if not isinstance(states, list | tuple | set | frozenset):
        states = [states]
    return sorted({getattr(s, "pk", s) for s in states} & seen.states)


def _in(column, values):
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _year(column):
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def _paired(first, others, seen, start, end, subject, group, having=""):
    """Run the self-join of the votes of the `first` states with those of `others`, grouped by
    `group` (an SQL expression over a, b, r and s); rows (group, mean distance, pairs)."""
    if seen.clearance is None or not first or not others or not seen.organs:
        return []
    vote, resolution = (
        connection.ops.quote_name(Vote._meta.db_table),
        connection.ops.quote_name(Resolution._meta.db_table),
    )
    subjects = connection.ops.quote_name(Resolution.subjects.through._meta.db_table)
    where, params = [], []
    for condition, values in (
        _in("a.state_id", first),
        _in("a.vote", CAST),
        # many states (the ranking's): checked on each row found, never looked up one by one
        # in the index (SQLite would probe it for every state: four times as slow); "+"
        # keeps the planner from it
        _in("b.state_id" if len(others) <= PROBED else "+b.state_id", others),
        _in("b.vote", CAST),
        _in("r.organ_id", sorted(seen.organs)),
    ):
        where.append(condition)
        params += values
    where.append("r.classification <= %s")
    params.append(seen.clearance)
    if start is not None:
        where.append("r.date >= %s")
        params.append(start)
    if end is not None:
        where.append("r.date <= %s")
        params.append(end)
    join = ""
    if subject is not None:
        join = f" JOIN {subjects} s ON s.resolution_id = r.id AND s.subject_id = %s"
        params.insert(0, getattr(subject, "pk", subject))
    elif "s." in group:
        join = f" JOIN {subjects} s ON s.resolution_id = r.id"
        condition, values = _in("s.subject_id", sorted(seen.subjects) or [0])
        where.append(condition)
        params += values
    sql = (
        f"SELECT {group} AS grouped, AVG(CAST(ABS(a.vote - b.vote) AS DOUBLE PRECISION)), "
        f"COUNT(*) FROM {vote} a JOIN {resolution} r ON r.id = a.resolution_id{join} "
        f"JOIN {vote} b ON b.resolution_id = a.resolution_id "
        f"WHERE {' AND '.join(where)} GROUP BY {group}{having} ORDER BY grouped"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(key, 1 - distance / 2, n) for key, distance, n in cursor.fetchall()]


def agreement_by_year(state, other, viewer, start=None, end=None, subject=None):
    """[(year, score 0..1, votes compared)] of `state` and `other` (each a state or a list of
    states), by year."""
    seen = sight(viewer)
    return _paired(
        _side(state, seen),
        _side(other, seen),
        seen,
        start,
        end,
        subject,
        _year("r.date"),
    )


def agreement_by_subject(state, other, viewer, start=None, end=None):
    """[(subject, score 0..1, votes compared)] of `state` and `other` by subject (a resolution
    of several subjects counts in each), the subjects the reader may see, by name."""
    seen = sight(viewer)
    rows = _paired(_side(state, seen), _side(other, seen), seen, start, end, None, "s.subject_id")
    subjects = Subject.objects.in_bulk([key for key, _score, _n in rows])
    found = [(subjects[key], score, n) for key, score, n in rows if key in subjects]
    return sorted(found, key=lambda row: (row[0].name.casefold(), row[0].pk))


def agreement_over(state, other, viewer, start=None, end=None, subject=None):
    """(score 0..1, votes compared) of `state` and `other` over the period; (None, 0) when
    they never both cast a vote on the same resolution."""
    seen = sight(viewer)
    rows = _paired(_side(state, seen), _side(other, seen), seen, start, end, subject, "1")
    if not rows or not rows[0][2]:
        return None, 0
    return rows[0][1], rows[0][2]


def ranking(state, viewer, start=None, end=None, subject=None, minimum=MINIMUM):
    """[(country, score 0..1, votes compared)] of every other visible state with at least
    `minimum` votes in common with `state` (a state or a list of states), most aligned first
    (then most votes compared, then name)."""
    seen = sight(viewer)
    first = _side(state, seen)
    others = sorted(seen.states - set(first))
    rows = _paired(
        first,
        others,
        seen,
        start,
        end,
        subject,
        "b.state_id",
        having=f" HAVING COUNT(*) >= {int(minimum)}",
    )
    if not rows:
        return []
    countries = Country.objects.in_bulk([key for key, _score, _n in rows])
    ranked = [(countries[key], score, n) for key, score, n in rows if key in countries]
    return sorted(ranked, key=lambda row: (-row[1], -row[2], row[0].name, row[0].pk))
