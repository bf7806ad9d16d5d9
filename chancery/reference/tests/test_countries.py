"""The country loader: every ISO 3166-1 entry, its names, UN date and COW code, idempotence."""

import csv
import datetime

import pycountry
import pytest
from auditlog.models import LogEntry

from chancery.reference.countries import (
    COW_STATES_CSV,
    cow_codes,
    load_countries,
    parse_untc_date,
    un_admission_dates,
)
from chancery.reference.models import Country
from conftest import loaded_once_per_module

FIRST_LOAD = {}


def load_every_country():
    FIRST_LOAD["result"] = load_countries()


countries_for_the_module = loaded_once_per_module(load_every_country)


@pytest.fixture
def countries(countries_for_the_module, db):
    """Every country, loaded once for this module on an empty table; the first load's result.
    A test that loads again or changes a country has its changes rolled back."""
    return FIRST_LOAD["result"]


def test_it_loads_every_iso_country(countries):
    assert Country.objects.count() == len(pycountry.countries)
    assert countries["created"] == len(pycountry.countries)


def test_it_loads_azerbaijan_with_its_codes_and_names(countries):
    azerbaijan = Country.objects.get(alpha_2="AZ")
    assert azerbaijan.alpha_3 == "AZE"
    assert azerbaijan.numeric == "031"
    assert azerbaijan.name == "Azerbaijan"
    assert azerbaijan.official_name == "Republic of Azerbaijan"
    assert azerbaijan.name_ru == "Азербайджан"
    assert azerbaijan.name_az == "Azərbaycan"


def test_it_dates_azerbaijans_un_membership_from_its_admission(countries):
    assert Country.objects.get(alpha_2="AZ").un_member_since == datetime.date(1992, 3, 2)


@pytest.mark.parametrize("alpha_2", ["US", "FR", "RU", "BY", "UA", "PL", "BO", "TR"])
def test_it_dates_original_members_from_the_charter_entering_into_force(countries, alpha_2):
    assert Country.objects.get(alpha_2=alpha_2).un_member_since == datetime.date(1945, 10, 24)


@pytest.mark.parametrize(
    ("alpha_2", "admitted"),
    [
        ("ME", datetime.date(2006, 6, 28)),
        ("SS", datetime.date(2011, 7, 14)),
        ("KR", datetime.date(1991, 9, 17)),
        ("SZ", datetime.date(1968, 9, 24)),
        ("CZ", datetime.date(1993, 1, 19)),
        ("DE", datetime.date(1973, 9, 18)),
    ],
)
def test_it_dates_later_members_from_their_admission(countries, alpha_2, admitted):
    assert Country.objects.get(alpha_2=alpha_2).un_member_since == admitted


def test_it_leaves_states_outside_the_un_without_a_date(countries):
    assert Country.objects.get(alpha_2="VA").un_member_since is None
    assert Country.objects.get(alpha_2="TW").un_member_since is None


def test_it_dates_all_193_current_members():
    dates, _ = un_admission_dates()

    assert len(dates) == 193


def test_it_changes_nothing_and_logs_nothing_when_run_again(countries):
    log_entries = LogEntry.objects.count()

    result = load_countries()

    assert result == {
        "created": 0,
        "updated": 0,
        "unchanged": len(pycountry.countries),
        "unmapped": [],
    }
    assert LogEntry.objects.count() == log_entries


def test_it_puts_back_a_changed_value_and_logs_the_change(countries):
    azerbaijan = Country.objects.get(alpha_2="AZ")
    azerbaijan.name_ru = "Азербайджанская Республика"
    azerbaijan.save()
    log_entries = LogEntry.objects.count()

    result = load_countries()

    assert (result["updated"], result["unchanged"]) == (1, len(pycountry.countries) - 1)
    assert Country.objects.get(alpha_2="AZ").name_ru == "Азербайджан"
    assert LogEntry.objects.count() == log_entries + 1


def test_it_maps_every_untc_name_to_a_current_state(countries):
    # Czechoslovakia and Yugoslavia, the only defunct original members, are left out of
    # un_original_members.csv; every state in the UNTC admissions file exists today.
    assert countries["unmapped"] == []


def test_it_reports_a_state_that_no_longer_exists(tmp_path):
    admissions = tmp_path / "admissions.csv"
    admissions.write_text(
        "Participant,Resolution,Date of Adoption\n"
        "German Democratic Republic,3050 (XXVIII),18 Sep 1973\n"
        "Azerbaijan,46/230,2 Mar 1992\n",
        encoding="utf-8",
    )
    originals = tmp_path / "originals.csv"
    originals.write_text("alpha_2,name\nUS,United States of America\n", encoding="utf-8")

    dates, unmapped = un_admission_dates(admissions, originals)

    assert unmapped == ["German Democratic Republic"]
    assert dates == {"US": datetime.date(1945, 10, 24), "AZ": datetime.date(1992, 3, 2)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2 Mar 1992", datetime.date(1992, 3, 2)),
        ("19 July 2006", datetime.date(2006, 7, 19)),
        ("5 Sept 2000", datetime.date(2000, 9, 5)),
    ],
)
def test_it_reads_the_date_forms_untc_uses(value, expected):
    assert parse_untc_date(value) == expected


def test_it_places_each_country_in_its_un_region(countries):
    azerbaijan = Country.objects.get(alpha_2="AZ")
    france = Country.objects.get(alpha_2="FR")
    assert (azerbaijan.region, azerbaijan.subregion) == ("Asia", "Western Asia")
    assert france.region == "Europe"
    assert Country.objects.exclude(region="").count() >= 245


def cow_states_of(year):
    """ccode -> statenme of the states with a spell ending in `year`, read from the file itself."""
    with COW_STATES_CSV.open(encoding="utf-8", newline="") as f:
        return {
            int(row["ccode"]): row["statenme"]
            for row in csv.DictReader(f)
            if row["endyear"] == year
        }


def stored_cow_codes():
    return dict(Country.objects.filter(cow_code__isnull=False).values_list("alpha_2", "cow_code"))


def test_it_gives_every_state_of_2016_a_cow_code_except_kosovo(countries):
    current = cow_states_of("2016")
    unmapped = {
        ccode: name for ccode, name in current.items() if ccode not in stored_cow_codes().values()
    }
    # Kosovo is left out on purpose: it has no ISO 3166-1 code, so Chancery has no country for it.
    assert unmapped == {347: "Kosovo"}, f"COW states of 2016 without a country: {unmapped}"
    assert len(stored_cow_codes()) == len(current) - 1 == 194


@pytest.mark.parametrize(
    ("alpha_2", "cow_code"),
    [
        ("AZ", 373),
        ("AM", 371),
        ("GE", 372),
        ("RU", 365),
        ("TR", 640),
        ("IR", 630),
        ("US", 2),
        ("GB", 200),
        ("DE", 255),
        ("CN", 710),
        ("RS", 345),
        ("YE", 679),
        ("TW", 713),
        ("CZ", 316),
        ("SZ", 572),
        ("MM", 775),
        ("CI", 437),
        ("MK", 343),
    ],
)
def test_it_gives_a_state_its_cow_code(countries, alpha_2, cow_code):
    assert Country.objects.get(alpha_2=alpha_2).cow_code == cow_code


def test_it_gives_no_code_of_a_historic_state(countries):
    with COW_STATES_CSV.open(encoding="utf-8", newline="") as f:
        every_code = {int(row["ccode"]) for row in csv.DictReader(f)}
    historic = every_code - set(cow_states_of("2016"))
    # The German Federal Republic and the GDR, Czechoslovakia, both Yemens, South Vietnam.
    assert {260, 265, 315, 678, 680, 817} <= historic
    assert not historic & set(stored_cow_codes().values())


def test_it_leaves_a_territory_that_is_no_state_without_a_cow_code(countries):
    assert Country.objects.get(alpha_2="PR").cow_code is None
    assert Country.objects.get(alpha_2="AQ").cow_code is None


def test_it_keeps_the_cow_codes_when_run_again(countries):
    codes = stored_cow_codes()

    result = load_countries()

    assert (result["created"], result["updated"]) == (0, 0)
    assert stored_cow_codes() == codes


def test_it_moves_a_cow_code_back_to_its_state(countries):
    armenia, azerbaijan = Country.objects.get(alpha_2="AM"), Country.objects.get(alpha_2="AZ")
    armenia.cow_code, azerbaijan.cow_code = None, 371
    armenia.save()
    azerbaijan.save()

    result = load_countries()

    assert result["updated"] == 2
    assert Country.objects.get(alpha_2="AM").cow_code == 371
    assert Country.objects.get(alpha_2="AZ").cow_code == 373


def write_cow_states(path, *rows):
    header = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
    path.write_text(header + "".join(f"{row},2016\n" for row in rows), encoding="utf-8")
    return path


def test_it_takes_a_states_latest_spell(tmp_path):
    states = write_cow_states(
        tmp_path / "states.csv",
        "GMY,255,Germany,1816,1,1,1945,5,8",
        "GMY,255,Germany,1990,10,3,2016,12,31",
        "GFR,260,German Federal Republic,1955,5,5,1990,10,2",
        "CZE,315,Czechoslovakia,1918,10,28,1939,3,15",
        "AZE,373,Azerbaijan,1991,12,25,2016,12,31",
    )

    assert cow_codes(states) == {"DE": 255, "AZ": 373}


def test_it_stops_at_a_current_state_it_cannot_map(tmp_path):
    states = write_cow_states(
        tmp_path / "states.csv",
        "AZE,373,Azerbaijan,1991,12,25,2016,12,31",
        "XXX,999,Freedonia,1933,1,1,2016,12,31",
    )

    with pytest.raises(ValueError, match="Freedonia"):
        cow_codes(states)
