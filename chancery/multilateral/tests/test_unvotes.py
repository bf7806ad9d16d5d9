"""The UN General Assembly roll-call and vote import, on the real unvotes files: every vote row is
stored once and as the file says, a repeat writes nothing, a bad row writes nothing and is named,
the original coding stores what the tidy layout does, and the command reports."""

import csv
import datetime
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.core.models import SYSTEM
from chancery.multilateral.models import Organ, Resolution, Subject, Vote
from chancery.multilateral.unvotes import UnVotesImportError, import_roll_calls, import_votes
from chancery.reference.countries import load_countries
from chancery.reference.models import Country, Organization

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


@pytest.fixture
def unga(db):
    load_countries()
    un = Organization.objects.create(acronym="UN", name="United Nations", kind="universal")
    return Organ.objects.create(
        name="United Nations General Assembly", acronym="UNGA", kind="plenary", organization=un
    )


@pytest.fixture
def imported(unga):
    """Sessions 70-74 imported: their roll calls, then the votes file; returns the results."""
    started = time.perf_counter()
    calls = import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions=SESSIONS)
    cast = import_votes(votes_text(), SYSTEM, unga)
    return calls, cast, time.perf_counter() - started


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_every_vote_row_of_the_file_is_stored_once_in_well_under_a_minute(imported, unga):
    _calls, cast, seconds = imported
    rows = rows_of(VOTES)

    assert cast.layout == "tidy"
    assert cast.created == len(rows) == Vote.objects.filter(resolution__organ=unga).count()
    assert seconds < 60  # about 3 s on SQLite; a per-row path would take minutes


@pytest.mark.django_db
def test_three_votes_are_stored_as_the_raw_file_gives_them(imported, unga):
    rows = rows_of(VOTES)
    stored = stored_votes(unga)

    for _line, row in (rows[0], rows[len(rows) // 2], rows[-1]):
        assert stored[(int(row["rcid"]), alpha_2(row["country_code"]))] == CODING[row["vote"]]


@pytest.mark.django_db
def test_azerbaijans_votes_are_all_stored(imported):
    in_file = Counter(row["vote"] for _line, row in rows_of(VOTES) if row["country_code"] == "AZ")

    stored = Counter(Vote.objects.filter(state__alpha_2="AZ").values_list("vote", flat=True))

    assert sum(in_file.values()) > 0
    assert stored == Counter({CODING[vote]: count for vote, count in in_file.items()})


@pytest.mark.django_db
def test_the_counts_of_yes_abstain_and_no_equal_the_files(imported):
    in_file = Counter(row["vote"] for _line, row in rows_of(VOTES))

    stored = Counter(Vote.objects.values_list("vote", flat=True))

    assert stored == Counter({CODING[vote]: count for vote, count in in_file.items()})


@pytest.mark.django_db
def test_serbia_coded_yu_in_the_data_is_stored_as_serbia(imported):
    in_file = [row for _line, row in rows_of(VOTES) if row["country_code"] == "YU"]

    assert len(in_file) == Vote.objects.filter(state__alpha_2="RS").count() > 0


@pytest.mark.django_db
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


def session_70(unga):
    """The roll calls of session 70 imported, and the first rows of the votes file (on them)."""
    import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})
    return votes_text().splitlines()[:11]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("5394,Atlantis,XX,yes", "country_code 'XX' is no country Chancery knows"),
        ("5394,Azerbaijan,AZ,maybe", "vote 'maybe' is yes, abstain or no"),
        ("5394,Azerbaijan,AZ,1", "vote '1' is yes, abstain or no"),
        ("99999,Azerbaijan,AZ,yes", "no roll call 99999 of UNGA (import the roll calls first)"),
        ("5394,Canada,CA,no", "a second vote of CA on roll call 5394; first on line 3"),
    ],
)
def test_a_bad_vote_row_is_refused_naming_the_line_and_value_and_nothing_is_written(
    unga, bad_row, message
):
    lines = session_70(unga)
    text = "\n".join([*lines, bad_row, "5394,Azerbaijan,AZ,yes"]) + "\n"

    with pytest.raises(UnVotesImportError) as refused:
        import_votes(text, SYSTEM, unga)

    assert refused.value.errors == [f"Line 12: {message}."]
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_changed_vote_is_updated_and_the_others_left_unchanged(unga):
    lines = session_70(unga)
    import_votes("\n".join(lines) + "\n", SYSTEM, unga)
    rcid, _name, code, vote = lines[1].split(",")
    changed = "abstain" if vote != "abstain" else "no"

    result = import_votes("\n".join([lines[0], f"{rcid},x,{code},{changed}"]), SYSTEM, unga)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert stored_votes(unga)[(int(rcid), code)] == CODING[changed]
    assert Vote.objects.count() == len(lines) - 1


@pytest.mark.django_db
def test_the_original_coding_stores_what_the_tidy_layout_gives_with_absent_and_not_a_member(
    unga,
):
    organ = Organ.objects.create(
        name="A fresh assembly", acronym="FA", kind="plenary", organization=unga.organization
    )
    import_roll_calls(roll_calls_text(), SYSTEM, organ, sessions={70})
    session_70_rcids = set(
        Resolution.objects.filter(organ=organ).values_list("roll_call", flat=True)
    )
    tidy = [row for _line, row in rows_of(VOTES) if int(row["rcid"]) in session_70_rcids]
    in_file = {alpha_2(row["country_code"]) for _line, row in rows_of(VOTES)}
    voted = {}
    for row in tidy:
        voted.setdefault(int(row["rcid"]), set()).add(alpha_2(row["country_code"]))
    # a roll call on which some member cast no vote, and the two after it
    rcid = min(r for r, states in voted.items() if in_file - states)
    chosen_rcids = sorted(r for r in voted if r >= rcid)[:3]
    chosen = [row for row in tidy if int(row["rcid"]) in chosen_rcids]
    cow = dict(Country.objects.filter(cow_code__isnull=False).values_list("alpha_2", "cow_code"))
    absent = sorted(in_file - voted[rcid])[0]  # a member that cast no vote on this roll call
    not_member = sorted(set(cow) - in_file)[0]  # a state with a COW code that never voted

    original = ["rcid,session,ccode,member,vote"]
    expected = {}
    for row in chosen:
        code = alpha_2(row["country_code"])
        original.append(f"{row['rcid']},70,{cow[code]},1,{CODING[row['vote']].value}")
        expected[(int(row["rcid"]), code)] = CODING[row["vote"]]
    original.append(f"{rcid},70,{cow[absent]},1,8")
    original.append(f"{rcid},70,{cow[not_member]},0,9")
    expected[(rcid, absent)] = Vote.Choice.ABSENT
    expected[(rcid, not_member)] = Vote.Choice.NOT_MEMBER

    result = import_votes("\n".join(original) + "\n", SYSTEM, organ)

    assert result.layout == "original"
    assert result.created == len(chosen) + 2
    assert stored_votes(organ) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("5394,70,260,1,1", "ccode '260' is no country Chancery knows"),  # the German Fed. Rep.
        ("5394,70,373,1,4", "vote '4' is none of 1, 2, 3, 8 or 9"),
        ("5394,70,373,1,yes", "vote 'yes' is none of 1, 2, 3, 8 or 9"),
    ],
)
def test_a_bad_row_in_the_original_coding_is_refused_naming_the_line_and_value(unga, row, message):
    session_70(unga)
    text = f"rcid,session,ccode,member,vote\n5394,70,2,1,3\n{row}\n"

    with pytest.raises(UnVotesImportError) as refused:
        import_votes(text, SYSTEM, unga)

    assert refused.value.errors == [f"Line 3: {message}."]
    assert not Vote.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "rcid,state,ballot",
        "rcid,country,country_code,ccode,vote",  # both codes: which one counts?
        "rcid,session,importantvote,date,unres,amend,para,short,descr,issues",
        "",
    ],
)
def test_a_votes_header_that_is_neither_layout_is_refused_with_a_clear_message(unga, header):
    session_70(unga)

    with pytest.raises(UnVotesImportError) as refused:
        import_votes(f"{header}\n5394,Azerbaijan,AZ,yes\n", SYSTEM, unga)

    [error] = refused.value.errors
    assert error.startswith("Line 1: expected the votes of the unvotes data")
    assert "Voeten's original coding" in error
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_roll_call_file_with_another_header_is_refused(unga):
    with pytest.raises(UnVotesImportError) as refused:
        import_roll_calls(votes_text(), SYSTEM, unga)

    [error] = refused.value.errors
    assert error.startswith("Line 1: expected the roll calls of the unvotes data (rcid, session")
    assert not Resolution.objects.exists()


@pytest.mark.django_db
def test_every_roll_call_is_imported_and_one_without_text_is_titled_by_its_number(unga):
    rows = rows_of(ROLL_CALLS)
    issues = {i for _line, row in rows for i in row["issues"].split("; ") if i}

    result = import_roll_calls(roll_calls_text(), SYSTEM, unga)

    assert result.created == len(rows) == Resolution.objects.count()
    assert result.subjects_created == len(issues) == Subject.objects.count()
    assert Resolution.objects.get(roll_call=6027).title == "Roll call 6027"
    assert Resolution.objects.filter(important=True).count() == len(
        [row for _line, row in rows if row["importantvote"] == "1"]
    )


@pytest.mark.django_db
def test_a_changed_roll_call_is_updated_and_the_others_left_unchanged(unga):
    first = import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})
    text = roll_calls_text().replace("R/70/5,", "A/RES/70/5,", 1)

    result = import_roll_calls(text, SYSTEM, unga, sessions={70})

    assert (result.created, result.updated) == (0, 1)
    assert result.unchanged == first.created - 1
    assert Resolution.objects.get(roll_call=5394).symbol == "A/RES/70/5"


@pytest.mark.django_db
def test_a_roll_call_another_organ_holds_is_refused(unga):
    other = Organ.objects.create(
        name="Another assembly", acronym="AA", kind="plenary", organization=unga.organization
    )
    import_roll_calls(roll_calls_text(), SYSTEM, other, sessions={70})

    with pytest.raises(UnVotesImportError) as refused:
        import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})

    assert "rcid 5394 is already the roll call of R/70/5" in refused.value.errors[0]
    assert not Resolution.objects.filter(organ=unga).exists()


@pytest.mark.django_db
def test_the_command_imports_sessions_70_to_74_and_reports_the_counts(unga):
    out = StringIO()

    call_command(
        "import-un-votes",
        "--roll-calls",
        str(ROLL_CALLS),
        "--votes",
        str(VOTES),
        "--sessions",
        "70-74",
        stdout=out,
    )

    calls = Resolution.objects.filter(organ=unga).count()
    votes = Vote.objects.count()
    assert out.getvalue().splitlines() == [
        f"{unga}: {calls} roll calls created, 0 updated, 0 unchanged, "
        f"{len(rows_of(ROLL_CALLS)) - calls} of other sessions skipped; 6 subjects created.",
        f"Votes (tidy layout): {votes} created, 0 updated, 0 unchanged.",
    ]
    assert votes == len(rows_of(VOTES))


@pytest.mark.django_db
def test_the_command_refuses_an_organ_that_does_not_exist(unga):
    with pytest.raises(CommandError, match="No organ with the acronym or name 'UNSC'"):
        call_command("import-un-votes", "--roll-calls", str(ROLL_CALLS), "--organ", "UNSC")


@pytest.mark.django_db
def test_the_command_writes_no_roll_call_when_the_votes_are_refused(unga, tmp_path):
    bad = tmp_path / "votes.csv"
    bad.write_text(VOTES_HEADER + "5394,Atlantis,XX,yes\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"(?s)Nothing was imported.*Line 2: country_code 'XX'"):
        call_command(
            "import-un-votes",
            "--roll-calls",
            str(ROLL_CALLS),
            "--votes",
            str(bad),
            "--sessions",
            "70",
        )

    assert not Resolution.objects.exists()
