"""Loads every ISO 3166-1 country from pycountry, with its names, UN admission date and COW code."""

import csv
import datetime
import gettext
import re
from pathlib import Path

import countrystatecity_regions
import pycountry

from chancery.core.services import record_write
from chancery.reference.models import Country

DATA_DIR = Path(__file__).resolve().parent / "data"
ADMISSIONS_CSV = DATA_DIR / "untc_1-2_un_admissions.csv"
ORIGINAL_MEMBERS_CSV = DATA_DIR / "un_original_members.csv"
COW_STATES_CSV = DATA_DIR / "cow_states2016.csv"

# The UN Charter entered into force on this day; it is the admission date of the original members.
CHARTER_IN_FORCE = datetime.date(1945, 10, 24)

# UN Treaty Collection names that pycountry.countries.lookup() does not find.
UNTC_NAMES = {
    "Bolivia (Plurinational State of)": "BO",
    "Cape Verde": "CV",
    "Democratic Republic of the Congo": "CD",
    "Iran (Islamic Republic of)": "IR",
    "Libyan Arab Jamahiriya": "LY",
    "Micronesia (Federated States of)": "FM",
    "Republic of Korea": "KR",
    "St. Kitts and Nevis": "KN",
    "St. Lucia": "LC",
    "State of Palestine": "PS",
    "Holy See": "VA",
    "St. Vincent and the Grenadines": "VC",
    "Swaziland": "SZ",
    "The former Yugoslav Republic of Macedonia": "MK",
    "Turkey": "TR",
    "Venezuela (Bolivarian Republic of)": "VE",
}

# Correlates of War state names (statenme) of current states that alpha_2_of() does not map.
# None leaves a state out on purpose; any other unknown name stops the load.
COW_NAMES = {
    "Antigua & Barbuda": "AG",
    "Brunei": "BN",
    "East Timor": "TL",
    "Ivory Coast": "CI",
    # Kosovo has no ISO 3166-1 code, so pycountry, and with it Chancery, has no country for it.
    "Kosovo": None,
    "Macedonia": "MK",
    "Russia": "RU",
    # COW keeps 345 "Yugoslavia" from 1944 on: the FRY, Serbia and Montenegro, then Serbia.
    "Yugoslavia": "RS",
}

UNTC_DATE = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3,9})\.? (?P<year>\d{4})$")

# Month abbreviations, so that parsing does not depend on the process locale.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def alpha_2_of(name: str) -> str | None:
    """The ISO alpha-2 code of a UNTC participant name; None if no current state has that name."""
    if name in UNTC_NAMES:
        return UNTC_NAMES[name]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def parse_untc_date(value: str) -> datetime.date:
    """A UNTC date: "2 Mar 1992", and the longer months it sometimes uses ("19 July 2006")."""
    match = UNTC_DATE.match(value.strip())
    if not match or match["month"][:3].lower() not in MONTHS:
        raise ValueError(f"'{value}' is not a date like 2 Mar 1992")
    month = MONTHS.index(match["month"][:3].lower()) + 1
    return datetime.date(int(match["year"]), month, int(match["day"]))


def un_admission_dates(
    admissions_csv: Path = ADMISSIONS_CSV, original_members_csv: Path = ORIGINAL_MEMBERS_CSV
) -> tuple[dict[str, datetime.date], list[str]]:
    """UN admission date by alpha-2 code, and the names that map to no current state."""
    rows = []
    with original_members_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            known = pycountry.countries.get(alpha_2=row["alpha_2"]) is not None
            rows.append((row["name"], row["alpha_2"] if known else None, CHARTER_IN_FORCE))
    with admissions_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = row["Participant"]
            if not row["Date of Adoption"].strip():
                raise ValueError(f"{admissions_csv.name}: {name} has no Date of Adoption")
            rows.append((name, alpha_2_of(name), parse_untc_date(row["Date of Adoption"])))

    dates, unmapped = {}, []
    for name, alpha_2, admitted in rows:
        if alpha_2 is None:
            unmapped.append(name)
        elif alpha_2 in dates:
            raise ValueError(f"{name} maps to {alpha_2}, which already has an admission date")
        else:
            dates[alpha_2] = admitted
    return dates, unmapped


def _cow_date(row: dict, prefix: str) -> datetime.date:
    return datetime.date(
        int(row[f"{prefix}year"]), int(row[f"{prefix}month"]), int(row[f"{prefix}day"])
    )


def cow_codes(states_csv: Path = COW_STATES_CSV) -> dict[str, int]:
    """The Correlates of War code (ccode) of each state that exists when the file ends, by alpha-2.

    A state's latest spell in the file decides; a state whose latest spell ends earlier (the
    German Federal Republic, Czechoslovakia) is historic and gives no code.
    """
    latest = {}
    with states_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ccode, start = int(row["ccode"]), _cow_date(row, "st")
            if ccode not in latest or start > latest[ccode][0]:
                latest[ccode] = (start, _cow_date(row, "end"), row["statenme"])
    file_ends = max(end for _, end, _ in latest.values())

    codes = {}
    for ccode, (_, end, name) in sorted(latest.items()):
        if end != file_ends:
            continue
        if name in COW_NAMES:
            alpha_2 = COW_NAMES[name]
        elif (alpha_2 := alpha_2_of(name)) is None:
            raise ValueError(f"{states_csv.name}: {name} ({ccode}) maps to no ISO 3166-1 country")
        if alpha_2 is None:
            continue
        if alpha_2 in codes:
            raise ValueError(
                f"{name} ({ccode}) maps to {alpha_2}, which already has {codes[alpha_2]}"
            )
        codes[alpha_2] = ccode
    return codes


def _free_moving_cow_codes(existing: dict, codes: dict[str, int]) -> set[str]:
    """Clear each stored COW code that now belongs to another country; return whose were cleared.

    cow_code is unique, so a code that moves (after a hand edit or a new COW file) must leave its
    old country before the new one is saved.
    """
    owners = {code: alpha_2 for alpha_2, code in codes.items()}
    freed = set()
    for country in existing.values():
        if owners.get(country.cow_code, country.alpha_2) != country.alpha_2:
            country.cow_code = None
            country.save()
            freed.add(country.alpha_2)
    return freed


class _Untranslated(gettext.NullTranslations):
    """Answers "" for a name without a translation, so the field stays blank, not English."""

    def gettext(self, message):
        return ""


def iso3166_translations(language: str) -> gettext.GNUTranslations:
    translations = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    translations.add_fallback(_Untranslated())
    return translations


def un_regions() -> dict[str, dict[str, str]]:
    """Each country's region and subregion of the UN geoscheme (M49), by alpha-2 code."""
    return {
        entry.countryCode: {"region": entry.region or "", "subregion": entry.subregion or ""}
        for entry in countrystatecity_regions.get_all_regions()
    }


def un_region_names() -> list[str]:
    """The regions of the UN geoscheme (Africa, Americas, Asia, Europe, Oceania...)."""
    return sorted(name for name in countrystatecity_regions.get_all_region_names() if name)


def load_countries(stdout=None) -> dict:
    """Create or update one Country per ISO 3166-1 entry; save only those whose values changed.

    A country moved off a COW code that another country now holds is saved twice and counted once.

    Returns the counts of created, updated and unchanged countries, and the UNTC names
    that map to no current state ("unmapped"). Writes one line per change to `stdout` if given.
    """
    admitted, unmapped = un_admission_dates()
    az, ru = iso3166_translations("az"), iso3166_translations("ru")
    regions = un_regions()
    cow = cow_codes()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with record_write(None):
        existing = {
            country.alpha_2: country for country in Country.objects.filter(alpha_2__isnull=False)
        }
        freed = _free_moving_cow_codes(existing, cow)
        for entry in pycountry.countries:
            values = {
                "alpha_3": entry.alpha_3,
                "numeric": entry.numeric,
                "name": entry.name,
                "official_name": getattr(entry, "official_name", ""),
                "name_az": az.gettext(entry.name),
                "name_ru": ru.gettext(entry.name),
                "un_member_since": admitted.get(entry.alpha_2),
                **regions.get(entry.alpha_2, {"region": "", "subregion": ""}),
                "cow_code": cow.get(entry.alpha_2),
            }
            country = existing.get(entry.alpha_2)
            if country is None:
                country, action = Country(alpha_2=entry.alpha_2), "created"
            elif entry.alpha_2 in freed or any(
                getattr(country, field) != value for field, value in values.items()
            ):
                action = "updated"
            else:
                counts["unchanged"] += 1
                continue
            for field, value in values.items():
                setattr(country, field, value)
            country.save()
            counts[action] += 1
            if stdout is not None:
                stdout.write(f"{action} {entry.alpha_2} {entry.name}\n")
    return {**counts, "unmapped": unmapped}
