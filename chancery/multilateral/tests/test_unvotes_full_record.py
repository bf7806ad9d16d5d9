"""The whole UN General Assembly voting record (870,109 votes, sessions 1-74), imported once for
the module from the shipped csv.gz: every row placed or reported once per unknown code, a second
import writes nothing, and the full-history alignment agrees with a plain Python reading of the
raw file. SQLite only: on PostgreSQL the import alone takes longer than a test may (20 s)."""

import csv
import gzip
import io
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

from chancery.core.models import SYSTEM
from chancery.multilateral.alignment import Sight, agreement_by_year, agreement_over, ranking
from chancery.multilateral.models import Organ, Vote
from chancery.multilateral.tests.test_unvotes import ROLL_CALLS, create_unga
from chancery.multilateral.unvotes import import_roll_calls, import_votes
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
    unga = create_unga()
    import_roll_calls(ROLL_CALLS, SYSTEM, unga)
    started = time.perf_counter()
    FIRST["result"] = import_votes(ALL_VOTES, SYSTEM, unga, report_unknown=True)
    FIRST["seconds"] = time.perf_counter() - started


whole_record_for_the_module = loaded_once_per_module(import_the_whole_record)


@pytest.fixture
def imported(whole_record_for_the_module, db):
    return FIRST["result"]


def test_every_row_is_placed_or_reported_once_per_unknown_code(imported):
    """Until historic states are reference records, those the data codes by retired codes are
    the only ones reported (Serbia's YU is read as Serbia, the blank-coded Federal Republic of
    Germany and Yemen Arab Republic by their names)."""
    assert [(u.code, u.name, u.rows) for u in imported.unknown] == [
        ("CS", "Czechoslovakia", 3752),
        ("YD", "Yemen People's Republic", 2378),
        ("DD", "German Democratic Republic", 2067),
        ("", "Zanzibar", 2),
    ]
    assert imported.created == Vote.objects.count() == ROWS - imported.left_out
    assert (imported.updated, imported.unchanged) == (0, 0)


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


@pytest.mark.parametrize(("first", "second"), [("US", "RU"), ("AZ", "US"), ("IN", "PK")])
def test_full_history_figures_agree_with_the_raw_file(imported, personas, first, second):
    states = Country.objects.in_bulk([first, second], field_name="alpha_2")
    seen = Sight.of(personas["analyst"])
    score, n, by_year = independent_agreement(first, second)

    assert agreement_over(states[first], states[second], seen) == (pytest.approx(score), n)
    assert agreement_by_year(states[first], states[second], seen) == [
        (year, pytest.approx(s), count) for year, (s, count) in by_year.items()
    ]
    ranked = {c.alpha_2: (s, count) for c, s, count in ranking(states[first], seen)}
    assert ranked[second] == (pytest.approx(score), n)
