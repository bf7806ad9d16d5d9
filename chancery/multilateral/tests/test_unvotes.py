"""The UN General Assembly roll-call and vote import, on the real unvotes files: every vote row is
stored once and as the file says, a repeat writes nothing, and the command reports. Sessions 70-74
are imported once for the module, by the command as an operator runs it; a test that imports
again has its writes rolled back. Rows refused or changed, the original coding and the roll calls
alone, on an organ with nothing imported: test_unvotes_on_an_empty_organ.py."""

import csv
import datetime
import importlib
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import SYSTEM
from chancery.multilateral.models import Organ, Resolution, Vote
from chancery.multilateral.unvotes import import_roll_calls, import_votes
from chancery.reference.countries import load_countries
from chancery.reference.models import Country, Organization
from conftest import loaded_once_per_module

# Copies of /work/shared/data/real (README.txt, item 4); provenance in data/README.md.
DATA = Path(__file__).resolve().parent.parent / "data"
ROLL_CALLS = DATA / "unvotes_roll_calls.csv"
VOTES = DATA / "unvotes_votes_sessions70-74.csv"
SESSIONS = set(range(70, 75))
CODING = {"yes": Vote.Choice.YES, "abstain": Vote.Choice.ABSTAIN, "no": Vote.Choice.NO}
VOTES_HEADER = "rcid,country,country_code,vote\n"


def rows_of(path):
    """The file's data rows, with their line numbers, as the csv module reads them."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(enumerate(csv.DictReader(f), start=2))


def roll_calls_text():
    return ROLL_CALLS.read_text(encoding="utf-8")


def votes_text():
    return VOTES.read_text(encoding="utf-8")


def alpha_2(code):
    """The tidy file's country code as Chancery's: it codes Serbia by Yugoslavia's YU."""
    return "RS" if code == "YU" else code


def stored_votes(organ):
    return {
        (roll_call, state): vote
        for roll_call, state, vote in Vote.objects.filter(resolution__organ=organ).values_list(
            "resolution__roll_call", "state__alpha_2", "vote"
        )
    }


def create_unga():
    """Every country, the UN and its General Assembly (UNGA), which the import fills."""
    load_countries()
    un = Organization.objects.create(acronym="UN", name="United Nations", kind="universal")
    return Organ.objects.create(
        name="United Nations General Assembly", acronym="UNGA", kind="plenary", organization=un
    )


FIRST_IMPORT = {}


def import_sessions_70_to_74_by_the_command():
    """The General Assembly, then `chancery import-un-votes` with the roll calls and the votes of
    sessions 70-74: the result of each import, the seconds the command took and what it printed
    are kept in FIRST_IMPORT."""
    create_unga()
    command = importlib.import_module("chancery.multilateral.management.commands.import-un-votes")
    results = {}

    def keeping(name, run_import):
        def run_and_keep(*args, **kwargs):
            results[name] = run_import(*args, **kwargs)
            return results[name]

        return run_and_keep

    printed = StringIO()
    started = time.perf_counter()
    with (
        mock.patch.object(command, "import_roll_calls", keeping("calls", import_roll_calls)),
        mock.patch.object(command, "import_votes", keeping("cast", import_votes)),
    ):
        call_command(
            "import-un-votes",
            "--roll-calls",
            str(ROLL_CALLS),
            "--votes",
            str(VOTES),
            "--sessions",
            "70-74",
            stdout=printed,
        )
    FIRST_IMPORT.update(results, seconds=time.perf_counter() - started, printed=printed.getvalue())


sessions_70_to_74_for_the_module = loaded_once_per_module(import_sessions_70_to_74_by_the_command)


@pytest.fixture
def imported(sessions_70_to_74_for_the_module, db):
    """Sessions 70-74 imported once for the module: their roll calls, then the votes file;
    returns the results and the seconds the import took."""
    return FIRST_IMPORT["calls"], FIRST_IMPORT["cast"], FIRST_IMPORT["seconds"]


@pytest.fixture
def unga(imported):
    return Organ.objects.get(acronym="UNGA")


def test_the_roll_calls_of_sessions_70_to_74_become_resolutions_of_the_organ(imported, unga):
    calls, _cast, _seconds = imported
    rows = [row for _line, row in rows_of(ROLL_CALLS)]
    wanted = [row for row in rows if int(row["session"]) in SESSIONS]

    embargo = Resolution.objects.get(roll_call=5394)

    assert calls.created == len(wanted) == Resolution.objects.filter(organ=unga).count()
    assert calls.skipped == len(rows) - len(wanted)
    assert (embargo.organ, embargo.symbol, embargo.session) == (unga, "R/70/5", 70)
    assert (embargo.date, embargo.important) == (datetime.date(2015, 10, 27), True)
    assert embargo.title == embargo.description  # no short description: the long one
    assert embargo.title.startswith("Necessity of ending the economic, commercial")
    assert [s.name for s in embargo.subjects.all()] == ["Economic development"]


def test_every_vote_row_of_the_file_is_stored_once_in_well_under_a_minute(imported, unga):
    _calls, cast, seconds = imported
    rows = rows_of(VOTES)

    assert cast.layout == "tidy"
    assert cast.created == len(rows) == Vote.objects.filter(resolution__organ=unga).count()
    assert seconds < 60  # about 3 s on SQLite; a per-row path would take minutes


def test_three_votes_are_stored_as_the_raw_file_gives_them(imported, unga):
    rows = rows_of(VOTES)
    stored = stored_votes(unga)

    for _line, row in (rows[0], rows[len(rows) // 2], rows[-1]):
        assert stored[(int(row["rcid"]), alpha_2(row["country_code"]))] == CODING[row["vote"]]


def test_azerbaijans_votes_are_all_stored(imported):
    in_file = Counter(row["vote"] for _line, row in rows_of(VOTES) if row["country_code"] == "AZ")

    # by the state's key, not a join on its code: PostgreSQL, with no statistics of the rows the
    # test just wrote, once planned that join as a loop over every vote (527 s)
    azerbaijan = Country.objects.get(alpha_2="AZ")
    stored = Counter(Vote.objects.filter(state=azerbaijan).values_list("vote", flat=True))

    assert sum(in_file.values()) > 0
    assert stored == Counter({CODING[vote]: count for vote, count in in_file.items()})


def test_the_counts_of_yes_abstain_and_no_equal_the_files(imported):
    in_file = Counter(row["vote"] for _line, row in rows_of(VOTES))

    stored = Counter(Vote.objects.values_list("vote", flat=True))

    assert stored == Counter({CODING[vote]: count for vote, count in in_file.items()})


def test_serbia_coded_yu_in_the_data_is_stored_as_serbia(imported):
    in_file = [row for _line, row in rows_of(VOTES) if row["country_code"] == "YU"]

    assert len(in_file) == Vote.objects.filter(state__alpha_2="RS").count() > 0


def test_a_second_import_of_the_same_files_writes_nothing(imported, unga):
    calls, cast, _seconds = imported

    with CaptureQueriesContext(connection) as queries:
        calls_again = import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions=SESSIONS)
        cast_again = import_votes(votes_text(), SYSTEM, unga)

    assert (calls_again.created, calls_again.updated, calls_again.subjects_created) == (0, 0, 0)
    assert calls_again.unchanged == calls.created
    assert (cast_again.created, cast_again.updated, cast_again.unchanged) == (0, 0, cast.created)
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert writes == []


def test_the_command_imports_sessions_70_to_74_and_reports_the_counts(imported, unga):
    printed = FIRST_IMPORT["printed"]  # the module's import was the command's

    calls = Resolution.objects.filter(organ=unga).count()
    votes = Vote.objects.count()
    assert printed.splitlines() == [
        f"{unga}: {calls} roll calls created, 0 updated, 0 unchanged, "
        f"{len(rows_of(ROLL_CALLS)) - calls} of other sessions skipped; 6 subjects created.",
        f"Votes (tidy layout): {votes} created, 0 updated, 0 unchanged.",
    ]
    assert votes == len(rows_of(VOTES))
