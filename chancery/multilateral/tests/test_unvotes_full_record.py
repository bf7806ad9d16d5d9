"""The whole UN General Assembly voting record (870,109 votes, sessions 1-74), imported once for
the module from the shipped csv.gz: every row placed or reported once per unknown code, a second
import writes nothing, and the full-history alignment agrees with a plain Python reading of the
raw file. SQLite only: on PostgreSQL the import alone takes longer than a test may (20 s)."""

import csv
import functools
import gzip
import io
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection

from chancery.core.models import SYSTEM
from chancery.multilateral.alignment import Sight, agreement_by_year, agreement_over, ranking
from chancery.multilateral.models import Organ, Vote
from chancery.multilateral.tests.test_unvotes import ROLL_CALLS, create_unga
from chancery.multilateral.unvotes import import_roll_calls, import_votes
from chancery.reference.historic import load_historic_states
from chancery.reference.models import Country
from conftest import loaded_once_per_module

ALL_VOTES = Path(__file__).resolve().parent.parent / "data" / "unvotes_votes_all.csv.gz"
ROWS = 870_109
CODING = {"yes": 1, "abstain": 2, "no": 3}
FIRST = {}

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the import of 870,109 votes takes longer on PostgreSQL than a test may (20 s); "
    "the SQL is the same on both, and the smaller imports run there",
)


def import_the_whole_record():
    load_historic_states()
    unga = create_unga()
    import_roll_calls(ROLL_CALLS, SYSTEM, unga)
    started = time.perf_counter()
    FIRST["result"] = import_votes(ALL_VOTES, SYSTEM, unga, report_unknown=True)
    FIRST["seconds"] = time.perf_counter() - started


whole_record_for_the_module = loaded_once_per_module(import_the_whole_record)


@pytest.fixture
def imported(whole_record_for_the_module, db):
    return FIRST["result"]


def test_every_row_is_placed_on_the_state_that_cast_it(imported):
    """Historic states are placed by code, name and day: nothing is unknown, and no vote lands on
    a successor before it held the seat."""
    assert imported.unknown == []
    assert imported.created == Vote.objects.count() == ROWS

    def cast_by(code, before=None, since=None):
        votes = Vote.objects.filter(
            state=Country.objects.get(alpha_2=code)
            if len(code) == 2
            else Country.objects.get(alpha_4=code)
        )
        if before:
            votes = votes.filter(resolution__date__lt=before)
        if since:
            votes = votes.filter(resolution__date__gte=since)
        return votes.count()

    assert cast_by("SUHH") == raw_count("RU", before="1991-12-26") > 0
    assert cast_by("RU", before="1991-12-26") == 0
    assert cast_by("XROC") == raw_count("TW", before="1971-10-25") > 0
    assert (cast_by("TW"), cast_by("CN", before="1971-10-25")) == (0, 0)
    assert cast_by("RS", before="2006-06-05") == 0
    assert cast_by("CSHH") == raw_count("CS")
    assert cast_by("XGFR") == raw_count("", "Federal Republic of Germany", before="1990-10-03")
    assert cast_by("XYAR") == raw_count("", "Yemen Arab Republic", before="1990-05-22") > 0
    assert cast_by("YE", before="1991-01-01") == raw_count(
        "", "Yemen Arab Republic", since="1990-05-22"
    )
    assert cast_by("XUAR") == raw_count("EG", since="1958-02-22", before="1961-09-28") > 0


def raw_count(code, name=None, before=None, since=None):
    """Rows of the raw file with `code` (and `name`) on roll calls dated in the range."""
    return sum(
        n
        for (row_code, row_name, day), n in raw_rows_by_code_name_and_day().items()
        if row_code == code
        and (name is None or row_name == name)
        and (before is None or day < before)
        and (since is None or day >= since)
    )


@functools.cache
def raw_rows_by_code_name_and_day():
    with ROLL_CALLS.open(encoding="utf-8", newline="") as f:
        dates = {row["rcid"]: row["date"] for row in csv.DictReader(f)}
    with gzip.open(ALL_VOTES, "rt", encoding="utf-8", newline="") as f:
        return Counter(
            (row["country_code"], row["country"], dates[row["rcid"]]) for row in csv.DictReader(f)
        )


def test_a_second_import_writes_nothing(imported):
    again = import_votes(ALL_VOTES, SYSTEM, Organ.objects.get(acronym="UNGA"), report_unknown=True)

    assert (again.created, again.updated, again.unchanged) == (0, 0, imported.created)


def independent_agreement(first, second):
    """(score, n, {year: (score, n)}) of two ISO codes, read from the raw files alone."""
    with ROLL_CALLS.open(encoding="utf-8", newline="") as f:
        years = {row["rcid"]: int(row["date"][:4]) for row in csv.DictReader(f)}
    votes = defaultdict(dict)
    with gzip.open(ALL_VOTES, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(io.TextIOWrapper(f.buffer, encoding="utf-8")):
            if row["country_code"] in (first, second):
                votes[row["rcid"]][row["country_code"]] = CODING[row["vote"]]
    by_year = defaultdict(list)
    for rcid, cast in votes.items():
        if first in cast and second in cast:
            by_year[years[rcid]].append(1 - abs(cast[first] - cast[second]) / 2)
    every = [score for scores in by_year.values() for score in scores]
    return (
        sum(every) / len(every),
        len(every),
        {year: (sum(s) / len(s), len(s)) for year, s in sorted(by_year.items())},
    )


@pytest.mark.parametrize(
    ("first", "second", "predecessors"),
    [("US", "RU", ["SUHH"]), ("AZ", "US", []), ("IN", "PK", [])],
)
def test_full_history_figures_agree_with_the_raw_file(
    imported, personas, first, second, predecessors
):
    """The data code the Soviet Union's votes RU: Russia with its predecessor answers for them."""
    states = Country.objects.in_bulk([first, second], field_name="alpha_2")
    side = [states[second], *Country.objects.filter(alpha_4__in=predecessors)]
    seen = Sight.of(personas["analyst"])
    score, n, by_year = independent_agreement(first, second)

    assert agreement_over(states[first], side, seen) == (pytest.approx(score), n)
    assert agreement_by_year(states[first], side, seen) == [
        (year, pytest.approx(s), count) for year, (s, count) in by_year.items()
    ]
    if not predecessors:
        ranked = {c.alpha_2: (s, count) for c, s, count in ranking(states[first], seen)}
        assert ranked[second] == (pytest.approx(score), n)
