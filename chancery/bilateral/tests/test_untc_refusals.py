"""The UNTC status-table import refuses a bad table naming the line, and writes nothing; so does
the command, and it refuses what it cannot import. Countries are loaded once for the module;
every test starts with no agreement party. The six real tables, and what the command reports of
them: test_untc.py."""

import pytest
from django.core.management import CommandError, call_command

from chancery.bilateral.models import AgreementParty
from chancery.bilateral.tests.test_untc import (
    ALGERIA,
    ALGERIA_REVERSED,
    ICCPR_HEADER,
    TABLES,
    ZIMBABWE,
    ZIMBABWE_BAD,
    agreement_for,
    party_log_entries,
    table,
)
from chancery.bilateral.untc import UntcImportError, import_untc_status
from chancery.core.models import SYSTEM
from chancery.reference.countries import load_countries
from conftest import loaded_once_per_module

countries_for_the_module = loaded_once_per_module(load_countries)


@pytest.fixture
def countries(countries_for_the_module, db):
    """Every country, loaded once for the module; no agreement and no party."""


@pytest.mark.parametrize(
    "header",
    [
        "Country,Signed,Ratified",
        "Participant,Signature",
        "",
        # every action has a letter, so a date without one would mean nothing
        'Participant,Signature,"Accession(a), Succession(d)"',
    ],
)
def test_a_table_with_a_wrong_header_is_refused_naming_line_1(countries, header):
    iccpr = agreement_for("4-4")
    text = header + "\nAlgeria,10 Dec 1968,12 Sep 1989\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    assert len(refused.value.errors) == 1
    assert refused.value.errors[0].startswith("Line 1:")
    assert not AgreementParty.objects.exists()


@pytest.mark.parametrize(
    ("row", "cell"),
    [
        ("Algeria,10 Dec 1968,sometime in 1989", "sometime in 1989"),
        ("Algeria,10 Dec 1968,12 Sep 89", "12 Sep 89"),
        ("Algeria,10 Dec 1968,31 Feb 1989", "31 Feb 1989"),
        ("Algeria,10 Dec 1968,12 Sep 1989 x", "12 Sep 1989 x"),
        ("Algeria,December 1968,12 Sep 1989", "December 1968"),
        # a year cut short must not become the year 68
        ("Algeria,10 Dec 68,12 Sep 1989", "10 Dec 68"),
    ],
)
def test_a_cell_that_is_not_a_date_is_refused_naming_the_line_and_participant(countries, row, cell):
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + "Afghanistan,,24 Jan 1983 a\n" + row + "\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 3 (Algeria): ")
    assert f"'{cell}'" in error
    assert not AgreementParty.objects.exists()


def test_a_ratification_before_the_signature_is_refused_naming_the_line_participant_and_dates(
    countries,
):
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + "Afghanistan,,24 Jan 1983 a\nAlgeria,12 Sep 1989,10 Dec 1968\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 3 (Algeria): ")
    assert "ratification (10 December 1968)" in error
    assert "signature (12 September 1989)" in error


def test_a_table_mixing_good_and_bad_rows_writes_nothing(countries):
    iccpr = agreement_for("4-4")
    # Algeria (line 4) ratifying before it signs; Zimbabwe (the last line) with a bad year
    bad = table("4-4").replace(ALGERIA, ALGERIA_REVERSED).replace(ZIMBABWE, ZIMBABWE_BAD)

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(bad, iccpr, SYSTEM)

    assert [error.split(":")[0] for error in refused.value.errors] == [
        "Line 4 (Algeria)",
        f"Line {len(bad.splitlines())} (Zimbabwe)",
    ]
    assert not AgreementParty.objects.exists()
    assert party_log_entries() == 0


def test_a_state_named_twice_is_refused_in_words_an_editor_can_read(countries):
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + ALGERIA + "\nAfghanistan,,24 Jan 1983 a\n" + ALGERIA + "\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 4 (Algeria): ")
    assert "__all__" not in error
    assert not AgreementParty.objects.exists()


def test_the_command_refuses_an_unknown_agreement(countries):
    agreement_for("4-4")

    with pytest.raises(CommandError, match="'IV-99'"):
        call_command("import-untc-status", str(TABLES / "4-4.csv"), agreement="IV-99")

    assert not AgreementParty.objects.exists()


def test_the_command_refuses_bad_rows_and_imports_nothing(countries, tmp_path):
    agreement_for("4-4")
    path = tmp_path / "4-4.csv"
    path.write_text(table("4-4").replace(ALGERIA, ALGERIA_REVERSED), encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        call_command("import-untc-status", str(path), agreement="IV-4")

    assert "Line 4 (Algeria): ratification: " in str(refused.value)
    assert not AgreementParty.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_it_cannot_read(tmp_path):
    agreement_for("4-4")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import-untc-status", str(tmp_path / "missing.csv"), agreement="IV-4")
