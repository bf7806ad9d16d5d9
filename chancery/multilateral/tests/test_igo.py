"""The COW IGO membership import, on the real spells and IGO list: Azerbaijan's years are COW's, a
spell reaching the end of the data stays open, a curated membership is not doubled, a bad file
writes nothing, and the command reports. The whole file's import: `test_igo_whole_file`."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from chancery.core.models import SYSTEM
from chancery.multilateral.igo import CowIgoImportError, import_cow_igo
from chancery.multilateral.models import Membership
from chancery.reference.countries import load_countries
from chancery.reference.historic import load_historic_states
from chancery.reference.models import Country, Organization
from conftest import loaded_once_per_module

# Copies of /work/shared/data/real (README.txt, item 5); provenance in data/README.md.
DATA = Path(__file__).resolve().parent.parent / "data"
SPELLS = DATA / "cow_igo_v3_membership_spells.csv"
IGOS = DATA / "cow_igo_v3_igos.csv"
AZERBAIJAN = 373
HEADER = "ccode,state,ioname,status,first_year,last_year,status_label\n"
STATUS = {"1": "member", "2": "associate", "3": "observer"}


def spells_text():
    return SPELLS.read_text(encoding="utf-8")


def igos_text():
    return IGOS.read_text(encoding="utf-8")


def spell_rows():
    """The file's data rows, with their line numbers, as the csv module reads them."""
    with SPELLS.open(encoding="utf-8", newline="") as f:
        return list(enumerate(csv.DictReader(f), start=2))


def last_year_covered():
    return max(int(row["last_year"]) for _line, row in spell_rows())


def import_all(**options):
    return import_cow_igo(spells_text(), SYSTEM, igos_text=igos_text(), **options)


def import_azerbaijan(create_organizations=True):
    return import_all(create_organizations=create_organizations, states=["AZ"])


def years(membership):
    return (membership.since.year, membership.until.year if membership.until else None)


def load_states_past_and_present():
    load_countries()
    load_historic_states()


countries_for_the_module = loaded_once_per_module(load_states_past_and_present)


@pytest.fixture
def countries(countries_for_the_module, db):
    """Every country and historic state, loaded once for the module; no organisation and no
    membership."""


def test_azerbaijans_memberships_have_the_years_cow_gives_including_coe_from_2002(countries):
    rows = [row for _line, row in spell_rows() if int(row["ccode"]) == AZERBAIJAN]
    covered = last_year_covered()

    result = import_azerbaijan()

    stored = {
        (m.organization.acronym.casefold(), m.since.year): m
        for m in Membership.objects.filter(state__alpha_2="AZ").select_related("organization")
    }
    assert result.created == len(rows) == len(stored)
    for row in rows:
        membership = stored[(row["ioname"], int(row["first_year"]))]
        last = int(row["last_year"])
        assert years(membership) == (int(row["first_year"]), None if last == covered else last)
        assert membership.status == STATUS[row["status"]]
        assert membership.since_precision == "year"
    coe = stored[("coe", 2002)]
    assert (coe.since, coe.since_display, coe.until) == (datetime.date(2002, 1, 1), "2002", None)


def test_a_spell_reaching_the_last_year_of_the_data_is_ongoing_and_an_earlier_one_ends(countries):
    assert last_year_covered() == 2014

    import_azerbaijan()

    icao = Membership.objects.get(state__alpha_2="AZ", organization__acronym="ICAO")
    un = Membership.objects.get(state__alpha_2="AZ", organization__acronym="UN")
    assert (icao.since_display, icao.until_display, icao.until_precision) == (
        "1994",
        "2013",
        "year",
    )
    assert (un.since_display, un.until) == ("1992", None)


def test_created_organisations_are_named_by_the_igo_list_and_the_un_is_universal(countries):
    result = import_azerbaijan()

    un = Organization.objects.get(acronym="UN")
    coe = Organization.objects.get(acronym__iexact="coe")
    assert result.organizations_created == Organization.objects.count()
    assert (un.name, un.kind) == ("United Nations", "universal")
    assert (coe.name, coe.kind) == ("Council of Europe", "regional")
    assert LogEntry.objects.get_for_model(Organization).count() == result.organizations_created


def test_memberships_are_written_in_bulk_without_a_change_log_entry_per_row(countries):
    result = import_azerbaijan()

    assert result.created > 0
    assert not LogEntry.objects.get_for_model(Membership).exists()


def test_an_existing_organisation_is_found_by_acronym_or_name_ignoring_case(countries):
    coe = Organization.objects.create(acronym="CoE", name="Council of Europe", kind="regional")
    bank = Organization.objects.create(
        name="International Bank for Reconstruction and Development (World Bank)", kind="universal"
    )

    result = import_azerbaijan()

    assert Membership.objects.get(state__alpha_2="AZ", organization=coe).since.year == 2002
    assert Membership.objects.get(state__alpha_2="AZ", organization=bank).since.year == 1992
    assert not Organization.objects.filter(acronym__iexact="ibrd").exists()
    assert result.organizations_created == Organization.objects.count() - 2


def test_without_creating_organisations_the_rows_of_unknown_ones_are_reported(countries):
    Organization.objects.create(acronym="UN", name="United Nations", kind="universal")

    result = import_azerbaijan(create_organizations=False)

    assert result.created == 1
    assert Membership.objects.get().organization.acronym == "UN"
    assert (
        len(result.unmapped)
        == len([row for _line, row in spell_rows() if int(row["ccode"]) == AZERBAIJAN]) - 1
    )
    assert any("no organisation has the acronym coe" in r for _line, r in result.unmapped)


def test_a_curated_membership_overlapping_a_spell_is_kept_and_the_spell_reported(countries):
    coe = Organization.objects.create(acronym="CoE", name="Council of Europe", kind="regional")
    azerbaijan = Country.objects.get(alpha_2="AZ")
    curated = Membership.objects.create(
        state=azerbaijan, organization=coe, status="member", since=datetime.date(2001, 1, 25)
    )
    stamp = curated.updated_at

    result = import_azerbaijan()

    assert list(Membership.objects.filter(organization=coe)) == [curated]
    curated.refresh_from_db()
    assert curated.updated_at == stamp
    [(_line, reason)] = result.overlapping
    assert "coe 2002-2014" in reason
    assert "from 25 January 2001" in reason


def test_a_stored_spell_with_another_end_is_updated_through_the_form_and_logged(countries):
    import_azerbaijan()
    icao = Membership.objects.get(state__alpha_2="AZ", organization__acronym="ICAO")
    icao.until = None
    icao.save()

    result = import_azerbaijan()

    icao.refresh_from_db()
    assert (result.created, result.updated) == (0, 1)
    assert icao.until_display == "2013"
    assert LogEntry.objects.get_for_model(Membership).filter(object_pk=str(icao.pk)).exists()


def test_a_file_with_a_bad_status_code_writes_nothing_and_names_the_line(countries):
    rows = SPELLS.read_text(encoding="utf-8").splitlines()
    azerbaijan = [line for line in rows[1:] if line.startswith(f"{AZERBAIJAN},")]
    bad = azerbaijan[5].replace(",1,", ",4,", 1)
    text = HEADER + "\n".join([*azerbaijan[:5], bad, *azerbaijan[6:]]) + "\n"

    with pytest.raises(CowIgoImportError) as refused:
        import_cow_igo(text, SYSTEM, igos_text=igos_text(), create_organizations=True)

    [error] = refused.value.errors
    assert error.startswith("Line 7 (azerbaijan, coe): ")
    assert "status '4'" in error
    assert not Membership.objects.exists()
    assert not Organization.objects.exists()


def test_a_spell_that_ends_before_it_begins_is_refused(countries):
    text = HEADER + "373,azerbaijan,un,1,1992,2014,full\n373,azerbaijan,coe,1,2014,2002,full\n"

    with pytest.raises(CowIgoImportError) as refused:
        import_cow_igo(text, SYSTEM, igos_text=igos_text(), create_organizations=True)

    assert refused.value.errors == [
        "Line 3 (azerbaijan, coe): last_year 2002 is before first_year 2014."
    ]
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        "ccode,state,ioname,year,status",  # the state-year layout of igoR, not spells
        "rcid,country,country_code,vote",
        "",
    ],
)
def test_a_file_with_another_column_layout_is_refused_with_a_clear_message(countries, header):
    text = header + "\n373,azerbaijan,un,1,1992,2014,full\n"

    with pytest.raises(CowIgoImportError) as refused:
        import_cow_igo(text, SYSTEM, igos_text=igos_text(), create_organizations=True)

    [error] = refused.value.errors
    assert error.startswith("Line 1: this is not a file of COW IGO membership spells")
    assert "first_year" in error
    assert not Membership.objects.exists()


def test_an_unknown_state_code_in_the_filter_is_refused(countries):
    with pytest.raises(CowIgoImportError) as refused:
        import_cow_igo(spells_text(), SYSTEM, igos_text=igos_text(), states=["XX"])

    assert refused.value.errors == ["State XX: no such country."]


def test_the_command_imports_a_states_spells_and_reports_the_counts(countries):
    out = StringIO()

    call_command(
        "import-cow-igo",
        str(SPELLS),
        "--igos",
        str(IGOS),
        "--create-organizations",
        "--state",
        "AZ",
        stdout=out,
    )

    created = Membership.objects.count()
    assert out.getvalue().startswith(f"{created} memberships created, 0 updated, 0 unchanged")
    assert "stored as ongoing" in out.getvalue()


def test_the_command_lists_the_first_fifty_unmapped_rows_then_a_count(countries):
    out = StringIO()

    call_command("import-cow-igo", str(SPELLS), "--igos", str(IGOS), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  line ")
    assert lines[51].startswith("  ... and ")
    assert len(lines) == 52


def test_the_command_refuses_a_bad_file_and_writes_nothing(countries, tmp_path):
    bad = tmp_path / "spells.csv"
    bad.write_text(HEADER + "373,azerbaijan,un,7,1992,2014,full\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"(?s)Nothing was imported.*Line 2 .*status '7'"):
        call_command("import-cow-igo", str(bad), "--igos", str(IGOS), "--create-organizations")

    assert not Membership.objects.exists()
