"""The UNTC status-table import, on six real tables: every row lands or is named, acts and dates
are read right, a repeat writes nothing, a bad table leaves an earlier import as it was, and the
command reports. Each table is imported once for the module, by the command, on an agreement of
its own; a test that imports again has its writes rolled back. Bad tables, and the command's
refusals, from no party at all: test_untc_refusals.py."""

import csv
import datetime
import importlib
from functools import partial
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from chancery.bilateral.models import Agreement, AgreementParty, PartyStatus
from chancery.bilateral.untc import UntcImportError, import_untc_status
from chancery.core.models import SYSTEM
from chancery.reference.countries import load_countries
from chancery.reference.models import Country, Organization
from conftest import loaded_once_per_module

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


def untc(number):
    """The agreement the module imported the table `number` on."""
    return Agreement.objects.get(title=f"UNTC {number}")


def import_by_the_command(number, reference):
    """`chancery import-untc-status` with the table `number` for the agreement `reference`: the
    result of its import and what it printed."""
    command = importlib.import_module("chancery.bilateral.management.commands.import-untc-status")
    results = []

    def import_and_keep_the_result(*args):
        results.append(import_untc_status(*args))
        return results[-1]

    printed = StringIO()
    with mock.patch.object(command, "import_untc_status", import_and_keep_the_result):
        call_command(
            "import-untc-status", str(TABLES / f"{number}.csv"), agreement=reference, stdout=printed
        )
    [result] = results
    return result, printed.getvalue()


FIRST_IMPORTS = {}  # UNTC number -> the result of importing its table
PRINTED = {}  # UNTC number -> what the command printed then
LOG_ENTRIES_WRITTEN = {}  # UNTC number -> the parties' change-log entries that import wrote


def import_first(number):
    """The table `number` imported by the command, as an operator imports it, on an agreement of
    its own (every country loaded first, if no table of the module was imported before): the
    result, what the command printed and the change-log entries the import wrote are kept."""
    if not Country.objects.exists():
        load_countries()
    before = party_log_entries()
    reference = agreement_for(number).reference
    FIRST_IMPORTS[number], PRINTED[number] = import_by_the_command(number, reference)
    LOG_ENTRIES_WRITTEN[number] = party_log_entries() - before


# Each table imported once for the module, when a test first needs it (see `imported`).
untc_4_4_for_the_module = loaded_once_per_module(partial(import_first, "4-4"))
untc_4_3_for_the_module = loaded_once_per_module(partial(import_first, "4-3"))
untc_4_11_for_the_module = loaded_once_per_module(partial(import_first, "4-11"))
untc_27_7_for_the_module = loaded_once_per_module(partial(import_first, "27-7"))
untc_27_8_for_the_module = loaded_once_per_module(partial(import_first, "27-8"))
untc_18_12_for_the_module = loaded_once_per_module(partial(import_first, "18-12"))


@pytest.fixture
def imported(request):
    """The first imports of the tables, by UNTC number: the table of the test's `number`, or the
    ICCPR's (4-4), is imported once for the module, before the test's own transaction opens."""
    number = request.getfixturevalue("number") if "number" in request.fixturenames else "4-4"
    request.getfixturevalue(f"untc_{number.replace('-', '_')}_for_the_module")
    request.getfixturevalue("db")
    return FIRST_IMPORTS


@pytest.mark.parametrize("number", list(NON_STATES))
def test_every_row_is_imported_as_a_party_or_reported_as_unmapped(imported, number):
    agreement = untc(number)
    rows = data_rows(number)

    result = imported[number]

    parties = AgreementParty.objects.filter(agreement=agreement).count()
    assert parties + len(result.unmapped) == len(rows)
    assert result.created == parties
    assert (result.updated, result.unchanged) == (0, 0)
    assert result.unmapped == NON_STATES[number]


def test_the_iccpr_records_azerbaijans_accession_without_a_signature_and_algerias_ratification(
    imported,
):
    iccpr = untc("4-4")

    assert acts_of(iccpr, "AZ") == {"accession": D(1992, 8, 13)}
    assert acts_of(iccpr, "DZ") == {"signature": D(1968, 12, 10), "ratification": D(1989, 9, 12)}
    assert acts_of(iccpr, "CZ") == {"succession": D(1993, 2, 22)}


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
def test_letter_codes_a_aa_and_d_map_to_acceptance_approval_and_succession(
    imported, number, expected
):
    agreement = untc(number)

    assert {alpha_2: acts_of(agreement, alpha_2) for alpha_2 in expected} == expected


def test_the_iccpr_enters_into_force_for_azerbaijan_three_months_after_its_accession(imported):
    # Article 49: in force 23 March 1976; for a later party three months after its deposit.
    Agreement.objects.filter(title="UNTC 4-4").update(
        entry_into_force=D(1976, 3, 23), party_delay_months=3
    )
    iccpr = untc("4-4")

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


def test_a_second_import_of_the_same_table_writes_nothing_and_the_command_says_so(imported):
    first = imported["4-4"]
    rows = len(data_rows("4-4"))
    log_entries = party_log_entries()
    stamps = dict(AgreementParty.objects.values_list("pk", "updated_at"))

    second, printed = import_by_the_command("4-4", "IV-4")

    assert first.created == LOG_ENTRIES_WRITTEN["4-4"] == rows
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert party_log_entries() == log_entries
    assert dict(AgreementParty.objects.values_list("pk", "updated_at")) == stamps
    assert f"UNTC 4-4: {rows} parties created, 0 updated, 0 unchanged." in PRINTED["4-4"]
    assert f"UNTC 4-4: 0 parties created, 0 updated, {rows} unchanged." in printed
    assert "skipped" not in PRINTED["4-4"]


@pytest.mark.parametrize("number", ["27-7"])
def test_the_command_names_the_participants_that_are_not_states(imported, number):
    output = PRINTED[number]  # the module imported the table by the command

    assert f"{len(data_rows(number)) - 1} parties created" in output
    assert "line 61: 'European Union' is not a state Chancery knows; skipped" in output


def test_a_bad_table_leaves_an_earlier_import_as_it_was(imported):
    iccpr = untc("4-4")  # its table imported by the module
    before = {
        p.pk: acts_of(iccpr, p.state.alpha_2)
        for p in AgreementParty.objects.filter(agreement=iccpr)
    }
    log_entries = party_log_entries()
    # a good change to Afghanistan, then a bad row
    changed = table("4-4").replace("Afghanistan,,24 Jan 1983 a", "Afghanistan,,25 Jan 1983 a")
    changed = changed.replace(ALGERIA, ALGERIA_REVERSED)

    with pytest.raises(UntcImportError):
        import_untc_status(changed, iccpr, SYSTEM)

    after = {
        p.pk: acts_of(iccpr, p.state.alpha_2)
        for p in AgreementParty.objects.filter(agreement=iccpr)
    }
    assert after == before
    assert party_log_entries() == log_entries


@pytest.mark.parametrize("number", ["27-7", "18-12"])
def test_the_european_union_becomes_a_party_once_chancery_knows_the_organisation(imported, number):
    # the module imported the table before Chancery knew the union: its row was skipped
    assert imported[number].unmapped == NON_STATES[number]
    union = Organization.objects.create(name="European Union", acronym="EU", kind="supranational")
    agreement = untc(number)

    result = import_untc_status(table(number), agreement, SYSTEM)

    assert result.unmapped == []
    assert result.created == 1
    eu = AgreementParty.objects.get(agreement=agreement, organization=union)
    assert eu.state is None
    assert eu.approval is not None
    assert eu.status_on(D(2025, 1, 1)) == PartyStatus.CONSENTED  # the agreement's own date unknown
    assert AgreementParty.objects.filter(agreement=agreement).count() == len(data_rows(number))
    assert import_untc_status(table(number), agreement, SYSTEM).created == 0
