"""Voting alignment between states: the share of identical votes, abstention counted as half
agreement (the public agreement index), computed by the database in one aggregate query.

Two votes cast, a and b in the coding 1 yes, 2 abstain, 3 no, agree by 1 - |a - b| / 2. Only the
resolutions on which both states cast a vote count: absent, not a member and no row are left out.
Every query pairs the votes of the other states (the base rows) with the state's own vote on the
same resolution, through one self-join of votes; both sides are read through `visible_votes`."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Value
from django.db.models.functions import Abs, Cast, ExtractYear

from chancery.reference.models import Country

from .models import Vote
from .votes import visible_votes

MINIMUM = 10  # votes in common below which a state is not ranked: too few to say much
RANKED_SHOWN = 10  # states shown at each end of the ranking


def _score():
    """The agreement index of the paired rows: 1 minus half the mean distance between votes.
    Cast to float before averaging, so no database divides integers."""
    distance = Cast(Abs(F("vote") - F("resolution__votes__vote")), FloatField())
    return Value(1.0) - Avg(distance) / Value(2.0)


def _paired(state, user, start=None, end=None, subject=None):
    """The votes cast by other states, each joined with `state`'s vote cast on the same
    resolution, within the period and the subject. The conditions on `resolution__votes` are
    given in one `filter()` so that they, and `_score`'s F(), all use the same join."""
    others = visible_votes(user).filter(vote__in=Vote.CAST)
    if start is not None:
        others = others.filter(resolution__date__gte=start)
    if end is not None:
        others = others.filter(resolution__date__lte=end)
    if subject is not None:
        others = others.filter(resolution__subjects=subject)
    return others.filter(
        resolution__votes__state=state,
        resolution__votes__vote__in=Vote.CAST,
        resolution__votes__in=visible_votes(user).filter(state=state),
    )


def agreement_by_year(state, other, user, start=None, end=None, subject=None):
    """[(year, score 0..1, votes compared)] of `state` and `other`, by year."""
    rows = (
        _paired(state, user, start, end, subject)
        .filter(state=other)
        .annotate(year=ExtractYear("resolution__date"))
        .values("year")
        .annotate(score=_score(), n=Count("pk"))
        .order_by("year")
    )
    return [(row["year"], row["score"], row["n"]) for row in rows]


def agreement_over(state, other, user, start=None, end=None, subject=None):
    """(score 0..1, votes compared) of `state` and `other` over the period; (None, 0) when
    they never both cast a vote on the same resolution."""
    found = (
        _paired(state, user, start, end, subject)
        .filter(state=other)
        .aggregate(score=_score(), n=Count("pk"))
    )
    if not found["n"]:
        return None, 0
    return found["score"], found["n"]


def ranking(state, user, start=None, end=None, subject=None, minimum=MINIMUM):
    """[(country, score 0..1, votes compared)] of every other state with at least `minimum`
    votes in common with `state`, most aligned first (then most votes compared, then name)."""
    rows = list(
        _paired(state, user, start, end, subject)
        .exclude(state=state)
        .values("state")
        .annotate(score=_score(), n=Count("pk"))
        .filter(n__gte=minimum)
        .order_by("-score", "-n", "state__name", "state")
    )
    countries = Country.objects.visible_to(user).in_bulk([row["state"] for row in rows])
    return [
        (countries[row["state"]], row["score"], row["n"])
        for row in rows
        if row["state"] in countries
    ]


@dataclass(frozen=True)
class Chart:
    """The geometry of the score-by-year chart, drawn as SVG by the template."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: str
    dots: list
    gridlines: list
    years: list


def chart(by_year, width=640, height=240, most_labels=12):
    """Where the template draws the scores by year: a point per year (x by year, y by score),
    gridlines at 0, 50 and 100 %, and at most `most_labels` year labels so that they never
    overlap."""
    if not by_year:
        return None
    left, right, top, bottom = 44, width - 12, 12, height - 28
    first, last = by_year[0][0], by_year[-1][0]
    span = max(last - first, 1)

    def x(year):
        if first == last:
            return (left + right) / 2
        return left + (right - left) * (year - first) / span

    def y(score):
        return bottom - (bottom - top) * score

    dots = [
        {"x": round(x(year), 1), "y": round(y(score), 1), "year": year, "percent": score * 100}
        for year, score, _n in by_year
    ]
    step = -(-(last - first + 1) // most_labels)  # ceiling division
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=" ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        dots=dots,
        gridlines=[{"y": round(y(share / 100), 1), "percent": share} for share in (0, 50, 100)],
        years=[{"x": round(x(year), 1), "year": year} for year in range(first, last + 1, step)],
    )
