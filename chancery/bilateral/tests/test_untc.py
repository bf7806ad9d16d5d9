"""The UNTC status-table import, on six real tables: every row lands or is named, acts and dates
are read right, a repeat writes nothing, a bad table writes nothing, and the command reports."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from chancery.bilateral.models import Agreement, AgreementParty, PartyStatus
from chancery.bilateral.untc import UntcImportError, import_untc_status
from chancery.core.models import SYSTEM
from chancery.reference.countries import load_countries

# Byte copies of zmjones/untreaties (see /work/shared/data/real/README.txt, item 8); a copy
# beside the tests is preferred so that the suite does not depend on the shared folder.
_LOCAL_TABLES = Path(__file__).resolve().parent.parent / "data" / "untc-status"
TABLES = _LOCAL_TABLES if _LOCAL_TABLES.is_dir() else Path("/work/shared/data/real/untc-status")

# UNTC number -> the participants that are not states, with their line in the table.
NON_STATES = {
    "4-4": [],
    "4-3": [],
    "4-11": [],
    "27-7": [(61, "European Union")],
    "27-8": [(60, "European Union")],
    "18-12": [(58, "European Union")],
}

D = datetime.date
ACTS = ("signature", *AgreementParty.CONSENT_ACTS)


def table(number):
    return (TABLES / f"{number}.csv").read_text(encoding="utf-8")


def data_rows(number):
    """The table's rows after the header that are not blank, counted by the csv module."""
    with (TABLES / f"{number}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return [row for row in rows[1:] if any(cell.strip() for cell in row)]


def agreement_for(number, **extra):
    chapter, no = number.split("-")
    roman = {"4": "IV", "18": "XVIII", "27": "XXVII"}[chapter]
    return Agreement.objects.create(
        title=f"UNTC {number}",
        kind=Agreement.Kind.CONVENTION,
        scope=Agreement.Scope.MULTILATERAL,
        reference=f"{roman}-{no}",
        **extra,
    )


def party(agreement, alpha_2):
    return AgreementParty.objects.get(agreement=agreement, state__alpha_2=alpha_2)


def acts_of(agreement, alpha_2):
    """The party's signature and consent dates, leaving out the acts it did not perform."""
    found = party(agreement, alpha_2)
    return {act: getattr(found, act) for act in ACTS if getattr(found, act) is not None}


def party_log_entries():
    return LogEntry.objects.get_for_model(AgreementParty).count()


ALGERIA = "Algeria,10 Dec 1968,12 Sep 1989"
ALGERIA_REVERSED = "Algeria,12 Sep 1989,10 Dec 1968"
ZIMBABWE = "Zimbabwe,,13 May 1991 a"
ZIMBABWE_BAD = "Zimbabwe,,13 May 19x1 a"
ICCPR_HEADER = 'Participant,Signature,"Accession(a), Succession(d), Ratification"\n'


@pytest.mark.django_db
@pytest.mark.parametrize("number", list(NON_STATES))
def test_every_row_is_imported_as_a_party_or_reported_as_unmapped(number):
    load_countries()
    agreement = agreement_for(number)
    rows = data_rows(number)

    result = import_untc_status(table(number), agreement, SYSTEM)

    parties = AgreementParty.objects.filter(agreement=agreement).count()
    assert parties + len(result.unmapped) == len(rows)
    assert result.created == parties
    assert (result.updated, result.unchanged) == (0, 0)
    assert result.unmapped == NON_STATES[number]


@pytest.mark.django_db
def test_the_iccpr_records_azerbaijans_accession_without_a_signature_and_algerias_ratification():
    load_countries()
    iccpr = agreement_for("4-4")

    import_untc_status(table("4-4"), iccpr, SYSTEM)

    assert acts_of(iccpr, "AZ") == {"accession": D(1992, 8, 13)}
    assert acts_of(iccpr, "DZ") == {"signature": D(1968, 12, 10), "ratification": D(1989, 9, 12)}
    assert acts_of(iccpr, "CZ") == {"succession": D(1993, 2, 22)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (
            "4-11",
            {
                "NL": {"signature": D(1990, 1, 26), "acceptance": D(1995, 2, 6)},
                "ME": {"succession": D(2006, 10, 23)},
                "VA": {"signature": D(1990, 4, 20), "ratification": D(1990, 4, 20)},
            },
        ),
        (
            "27-7",
            {
                "AM": {"signature": D(1992, 6, 13), "acceptance": D(1993, 5, 14)},
                "BY": {"signature": D(1992, 6, 11), "approval": D(2000, 5, 11)},
                "ME": {"succession": D(2006, 10, 23)},
                "NU": {"accession": D(1996, 2, 28)},
            },
        ),
        (
            "27-8",
            {
                "AZ": {"signature": D(1992, 6, 12), "approval": D(2000, 8, 3)},
                "NL": {"signature": D(1992, 6, 5), "acceptance": D(1994, 7, 12)},
                "BY": {"signature": D(1992, 6, 11), "ratification": D(1993, 9, 8)},
            },
        ),
    ],
)
def test_letter_codes_a_aa_and_d_map_to_acceptance_approval_and_succession(number, expected):
    load_countries()
    agreement = agreement_for(number)

    import_untc_status(table(number), agreement, SYSTEM)

    assert {alpha_2: acts_of(agreement, alpha_2) for alpha_2 in expected} == expected


@pytest.mark.django_db
def test_the_iccpr_enters_into_force_for_azerbaijan_three_months_after_its_accession():
    load_countries()
    # Article 49: in force 23 March 1976; for a later party three months after its deposit.
    iccpr = agreement_for("4-4", entry_into_force=D(1976, 3, 23), party_delay_months=3)
    import_untc_status(table("4-4"), iccpr, SYSTEM)

    azerbaijan = party(iccpr, "AZ")

    assert azerbaijan.effective_entry_into_force == D(1992, 11, 13)
    assert {day: azerbaijan.status_on(day) for day in STATUS_DAYS} == STATUS_DAYS


STATUS_DAYS = {
    D(1992, 8, 12): PartyStatus.NOT_PARTY,
    D(1992, 8, 13): PartyStatus.CONSENTED,
    D(1992, 9, 1): PartyStatus.CONSENTED,
    D(1992, 11, 12): PartyStatus.CONSENTED,
    D(1992, 11, 13): PartyStatus.IN_FORCE,
    D(2016, 1, 1): PartyStatus.IN_FORCE,
}


@pytest.mark.django_db
def test_a_second_import_of_the_same_table_writes_nothing():
    load_countries()
    iccpr = agreement_for("4-4")
    first = import_untc_status(table("4-4"), iccpr, SYSTEM)
    log_entries = party_log_entries()
    stamps = dict(AgreementParty.objects.values_list("pk", "updated_at"))

    second = import_untc_status(table("4-4"), iccpr, SYSTEM)

    assert first.created == log_entries == len(data_rows("4-4"))
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert party_log_entries() == log_entries
    assert dict(AgreementParty.objects.values_list("pk", "updated_at")) == stamps


@pytest.mark.django_db
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
def test_a_table_with_a_wrong_header_is_refused_naming_line_1(header):
    load_countries()
    iccpr = agreement_for("4-4")
    text = header + "\nAlgeria,10 Dec 1968,12 Sep 1989\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    assert len(refused.value.errors) == 1
    assert refused.value.errors[0].startswith("Line 1:")
    assert not AgreementParty.objects.exists()


@pytest.mark.django_db
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
def test_a_cell_that_is_not_a_date_is_refused_naming_the_line_and_participant(row, cell):
    load_countries()
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + "Afghanistan,,24 Jan 1983 a\n" + row + "\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 3 (Algeria): ")
    assert f"'{cell}'" in error
    assert not AgreementParty.objects.exists()


@pytest.mark.django_db
def test_a_ratification_before_the_signature_is_refused_naming_the_line_participant_and_dates():
    load_countries()
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + "Afghanistan,,24 Jan 1983 a\nAlgeria,12 Sep 1989,10 Dec 1968\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 3 (Algeria): ")
    assert "ratification (1968-12-10)" in error
    assert "signature (1989-09-12)" in error


@pytest.mark.django_db
def test_a_table_mixing_good_and_bad_rows_writes_nothing():
    load_countries()
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


@pytest.mark.django_db
def test_a_state_named_twice_is_refused_in_words_an_editor_can_read():
    load_countries()
    iccpr = agreement_for("4-4")
    text = ICCPR_HEADER + ALGERIA + "\nAfghanistan,,24 Jan 1983 a\n" + ALGERIA + "\n"

    with pytest.raises(UntcImportError) as refused:
        import_untc_status(text, iccpr, SYSTEM)

    [error] = refused.value.errors
    assert error.startswith("Line 4 (Algeria): ")
    assert "__all__" not in error
    assert not AgreementParty.objects.exists()


@pytest.mark.django_db
def test_a_bad_table_leaves_an_earlier_import_as_it_was():
    load_countries()
    iccpr = agreement_for("4-4")
    import_untc_status(table("4-4"), iccpr, SYSTEM)
    before = {p.pk: acts_of(iccpr, p.state.alpha_2) for p in AgreementParty.objects.all()}
    log_entries = party_log_entries()
    # a good change to Afghanistan, then a bad row
    changed = table("4-4").replace("Afghanistan,,24 Jan 1983 a", "Afghanistan,,25 Jan 1983 a")
    changed = changed.replace(ALGERIA, ALGERIA_REVERSED)

    with pytest.raises(UntcImportError):
        import_untc_status(changed, iccpr, SYSTEM)

    after = {p.pk: acts_of(iccpr, p.state.alpha_2) for p in AgreementParty.objects.all()}
    assert after == before
    assert party_log_entries() == log_entries


@pytest.mark.django_db
def test_the_command_prints_the_counts_then_nothing_new_on_a_repeat():
    load_countries()
    agreement_for("4-4")
    rows = len(data_rows("4-4"))
    first, second = [], []

    for out in (first, second):
        stdout = StringIO()
        call_command("import-untc-status", str(TABLES / "4-4.csv"), agreement="IV-4", stdout=stdout)
        out.append(stdout.getvalue())

    assert f"UNTC 4-4: {rows} parties created, 0 updated, 0 unchanged." in first[0]
    assert f"UNTC 4-4: 0 parties created, 0 updated, {rows} unchanged." in second[0]
    assert "skipped" not in first[0]


@pytest.mark.django_db
def test_the_command_names_the_participants_that_are_not_states():
    load_countries()
    agreement_for("27-7")
    stdout = StringIO()

    call_command("import-untc-status", str(TABLES / "27-7.csv"), agreement="XXVII-7", stdout=stdout)

    output = stdout.getvalue()
    assert f"{len(data_rows('27-7')) - 1} parties created" in output
    assert "line 61: 'European Union' is not a state Chancery knows; skipped" in output


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_agreement():
    load_countries()
    agreement_for("4-4")

    with pytest.raises(CommandError, match="'IV-99'"):
        call_command("import-untc-status", str(TABLES / "4-4.csv"), agreement="IV-99")

    assert not AgreementParty.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_bad_rows_and_imports_nothing(tmp_path):
    load_countries()
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


@pytest.mark.parametrize("number", ["27-7", "18-12"])
def test_the_european_union_becomes_a_party_once_chancery_knows_the_organisation(db, number):
    from chancery.reference.models import Organization

    load_countries()
    union = Organization.objects.create(name="European Union", acronym="EU", kind="supranational")
    agreement = agreement_for(number)

    result = import_untc_status(table(number), agreement, SYSTEM)

    assert result.unmapped == []
    eu = AgreementParty.objects.get(agreement=agreement, organization=union)
    assert eu.state is None
    assert eu.approval is not None
    assert eu.status_on(D(2025, 1, 1)) == PartyStatus.CONSENTED  # the agreement's own date unknown
    assert AgreementParty.objects.filter(agreement=agreement).count() == len(data_rows(number))
    assert import_untc_status(table(number), agreement, SYSTEM).created == 0
