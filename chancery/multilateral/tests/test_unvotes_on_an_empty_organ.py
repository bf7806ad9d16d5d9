"""The UN General Assembly vote and roll-call import on an organ with nothing imported yet: a bad
row is refused naming its line and value and nothing is written, a changed row is updated, the
original coding stores what the tidy layout does, every roll call of the file lands, and the
command refuses what it cannot import. The countries and the Assembly are written once for the
module. Sessions 70-74 imported whole: test_unvotes.py."""

import gzip
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chancery.core.models import SYSTEM
from chancery.multilateral.models import Organ, Resolution, Subject, Vote
from chancery.multilateral.tests.test_unvotes import (
    CODING,
    ROLL_CALLS,
    VOTES,
    VOTES_HEADER,
    alpha_2,
    create_unga,
    roll_calls_text,
    rows_of,
    stored_votes,
    votes_text,
)
from chancery.multilateral.unvotes import UnVotesImportError, import_roll_calls, import_votes
from chancery.reference.models import Country
from conftest import loaded_once_per_module

assembly_for_the_module = loaded_once_per_module(create_unga)


@pytest.fixture
def unga(assembly_for_the_module, db):
    """The General Assembly, with nothing imported (every country loaded)."""
    return Organ.objects.get(acronym="UNGA")


def session_70(unga):
    """The roll calls of session 70 imported, and the first rows of the votes file (on them)."""
    import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})
    return votes_text().splitlines()[:11]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("5394,Azerbaijan,AZ,maybe", "vote 'maybe' is not one of yes, abstain, no"),
        ("5394,Azerbaijan,AZ,1", "vote '1' is not one of yes, abstain, no"),
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


def test_a_changed_vote_is_updated_and_the_others_left_unchanged(unga):
    lines = session_70(unga)
    import_votes("\n".join(lines) + "\n", SYSTEM, unga)
    rcid, _name, code, vote = lines[1].split(",")
    changed = "abstain" if vote != "abstain" else "no"

    result = import_votes("\n".join([lines[0], f"{rcid},x,{code},{changed}"]), SYSTEM, unga)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert stored_votes(unga)[(int(rcid), code)] == CODING[changed]
    assert Vote.objects.count() == len(lines) - 1


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


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("5394,70,373,1,4", "vote '4' is not one of 1, 2, 3, 8, 9"),
        ("5394,70,373,1,yes", "vote 'yes' is not one of 1, 2, 3, 8, 9"),
    ],
)
def test_a_bad_row_in_the_original_coding_is_refused_naming_the_line_and_value(unga, row, message):
    session_70(unga)
    text = f"rcid,session,ccode,member,vote\n5394,70,2,1,3\n{row}\n"

    with pytest.raises(UnVotesImportError) as refused:
        import_votes(text, SYSTEM, unga)

    assert refused.value.errors == [f"Line 3: {message}."]
    assert not Vote.objects.exists()


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


def test_a_roll_call_file_with_another_header_is_refused(unga):
    with pytest.raises(UnVotesImportError) as refused:
        import_roll_calls(votes_text(), SYSTEM, unga)

    [error] = refused.value.errors
    assert error.startswith("Line 1: expected the roll calls of the unvotes data (rcid, session")
    assert not Resolution.objects.exists()


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


def test_a_changed_roll_call_is_updated_and_the_others_left_unchanged(unga):
    first = import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})
    text = roll_calls_text().replace("R/70/5,", "A/RES/70/5,", 1)

    result = import_roll_calls(text, SYSTEM, unga, sessions={70})

    assert (result.created, result.updated) == (0, 1)
    assert result.unchanged == first.created - 1
    assert Resolution.objects.get(roll_call=5394).symbol == "A/RES/70/5"


def test_a_roll_call_another_organ_holds_is_refused(unga):
    other = Organ.objects.create(
        name="Another assembly", acronym="AA", kind="plenary", organization=unga.organization
    )
    import_roll_calls(roll_calls_text(), SYSTEM, other, sessions={70})

    with pytest.raises(UnVotesImportError) as refused:
        import_roll_calls(roll_calls_text(), SYSTEM, unga, sessions={70})

    assert "rcid 5394 is already the roll call of R/70/5" in refused.value.errors[0]
    assert not Resolution.objects.filter(organ=unga).exists()


def test_the_command_refuses_an_organ_that_does_not_exist(unga):
    with pytest.raises(CommandError, match="No organ with the acronym or name 'UNSC'"):
        call_command("import-un-votes", "--roll-calls", str(ROLL_CALLS), "--organ", "UNSC")


def test_the_command_writes_no_roll_call_when_the_votes_are_refused(unga, tmp_path):
    bad = tmp_path / "votes.csv"
    bad.write_text(VOTES_HEADER + "5394,Atlantis,XX,yes\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"(?s)Nothing was imported.*country_code 'XX'"):
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


def test_each_unknown_code_is_named_once_with_its_rows_and_report_unknown_imports_the_rest(
    unga, tmp_path, caplog
):
    """Unknown codes refuse the file, each named once; with --report-unknown the rest lands
    from a gzipped file, and the log says so only once the import committed."""
    lines = session_70(unga)
    unknown = ["5394,Atlantis,XX,yes", "5395,Atlantis,XX,no", "5394,Zanzibar,,yes"]
    text = "\n".join([*lines, *unknown]) + "\n"
    with pytest.raises(UnVotesImportError) as refused:
        import_votes(text, SYSTEM, unga)
    assert refused.value.errors == [
        "country_code 'XX' (Atlantis) is no country Chancery knows: 2 rows, the first on line 12.",
        "country_code '' (Zanzibar) is no country Chancery knows: 1 rows, the first on line 14.",
    ]
    original = "rcid,session,ccode,member,vote\n5394,70,2,1,3\n5394,70,999,1,1\n"
    with pytest.raises(UnVotesImportError, match=r"ccode '999' \(-\) is no country"):
        import_votes(original, SYSTEM, unga)
    assert not Vote.objects.exists()

    gzipped = tmp_path / "votes.csv.gz"
    gzipped.write_bytes(gzip.compress(text.encode()))
    printed = StringIO()
    with caplog.at_level(logging.INFO, logger="chancery.multilateral.unvotes"):
        call_command(
            "import-un-votes",
            "--roll-calls",
            str(ROLL_CALLS),
            "--votes",
            str(gzipped),
            "--sessions",
            "70",
            "--report-unknown",
            stdout=printed,
        )
        assert "votes created" not in caplog.text  # the test's transaction is still open

    assert Vote.objects.count() == len(lines) - 1
    assert "3 rows left out, of 2 codes or names placed on no country" in printed.getvalue()
    assert "'XX' (Atlantis) is no country Chancery knows: 2 rows" in printed.getvalue()


def test_a_blank_code_is_placed_by_the_name(unga):
    session_70(unga)
    text = "rcid,country,country_code,vote\n5394,Federal Republic of Germany,,yes\n"

    import_votes(text, SYSTEM, unga)

    assert stored_votes(unga) == {(5394, "DE"): Vote.Choice.YES}
