"""Which state a source means: one placement for every importer, by code or name and day.

Sources name states by ISO alpha-2 or alpha-3 codes, by Correlates of War codes or by name, and
some codes changed hands: COW 365 is the Soviet Union until 25 December 1991 and Russia after;
345 is Yugoslavia, then Serbia and Montenegro, then Serbia; 710 is the Republic of China's seat
until 25 October 1971 and the People's Republic after. `data/source_codes.csv` holds every such
code with the days each holder held it; every other code is the one a `Country` record bears.
A historic state's votes, memberships and treaty actions are thus placed on it, never silently
on its successor.

Use it like this (build it once per import; each call is a few dictionary look-ups)::

    placement = Placement.load()              # or Placement.load(user): only states they see
    placement.state(code=365, day=date(1985, 1, 1))            # the Soviet Union
    placement.state(code="RUS", day=date(2000, 1, 1))          # the Russian Federation
    placement.state(code="YU", scheme="alpha_2", day=...)      # by the day
    placement.state(name="Yemen Arab Republic")                # by name (any language we hold)
    placement.state(code=999) is None                          # unknown: the caller reports it

`scheme` is "cow", "alpha_2", "alpha_3", "alpha_4" or "name"; without it, an int (or digits)
is a COW code, two letters alpha-2, three alpha-3 and four ISO 3166-3 (or Chancery's X code).
Without `day`, the code's present holder (or, for a code no state holds today, its last) answers.
A code or name that places nowhere answers None.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from .models import Country

SOURCE_CODES_CSV = Path(__file__).resolve().parent / "data" / "source_codes.csv"
SCHEMES = ("cow", "alpha_2", "alpha_3", "alpha_4", "name")


@dataclass(frozen=True)
class Spell:
    """A code held by one state from `start` to `end` (either open)."""

    start: datetime.date | None
    end: datetime.date | None
    state: Country

    def covers(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _key(scheme, code):
    text = str(code).strip()
    return text.casefold() if scheme == "name" else text.upper()


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


class Placement:
    """The states of the database by every code and name a source may use, with the days each
    code meant which state. Build with `Placement.load()`; ask with `state()`."""

    def __init__(self, countries, rows):
        by_code = {country.code: country for country in countries}
        self.plain = {scheme: {} for scheme in SCHEMES}
        self.dated = {scheme: {} for scheme in SCHEMES}
        for country in sorted(countries, key=lambda c: c.end is None):  # today's states win
            for scheme, value in (
                ("alpha_2", country.alpha_2),
                ("alpha_3", country.alpha_3),
                ("cow", country.cow_code),
                ("alpha_4", country.alpha_4),
            ):
                if value:
                    self.plain[scheme][_key(scheme, value)] = country
            for name in (country.name, country.official_name, country.name_az, country.name_ru):
                if name:
                    self.plain["name"][_key("name", name)] = country
        for row in rows:
            state = by_code.get(row["state"])
            if state is None:  # a state the reader may not see, or not loaded
                continue
            self.dated[row["scheme"]].setdefault(_key(row["scheme"], row["code"]), []).append(
                Spell(_date(row["from"]), _date(row["until"]), state)
            )

    @classmethod
    def load(cls, user=None, source_codes_csv=SOURCE_CODES_CSV):
        """The placement over every state (or those `user` may see), read in one query."""
        countries = Country.objects.all() if user is None else Country.objects.visible_to(user)
        with Path(source_codes_csv).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return cls(list(countries), rows)

    def state(self, code=None, name=None, day=None, scheme=None) -> Country | None:
        """The state `code` (or `name`) meant on `day`; None if it meant none."""
        if code is not None and str(code).strip():
            scheme = scheme or _scheme_of(code)
            found = self._find(scheme, code, day)
            if found is not None or name is None:
                return found
        if name is not None:
            return self._find("name", name, day)
        return None

    def changed_hands(self, code=None, name=None, scheme=None):
        """Whether the state `code` (or `name`) means depends on the day."""
        keys = []
        if code is not None and str(code).strip():
            scheme = scheme or _scheme_of(code)
            keys.append((scheme, _key(scheme, code)))
        if name is not None:
            keys.append(("name", _key("name", name)))
        return any(key in self.dated[scheme] for scheme, key in keys)

    def _find(self, scheme, code, day):
        key = _key(scheme, code)
        spells = self.dated[scheme].get(key)
        if spells is None:
            return self.plain[scheme].get(key)
        if day is None:
            open_ended = [s for s in spells if s.end is None] or spells
            return open_ended[-1].state
        for spell in spells:
            if spell.covers(day):
                return spell.state
        return None

    def cow_spells(self, code):
        """The states COW `code` meant, with their days: [(start, end, state)]; one open spell
        for a code that never changed hands."""
        spells = self.dated["cow"].get(_key("cow", code))
        if spells is not None:
            return [(s.start, s.end, s.state) for s in spells]
        state = self.plain["cow"].get(_key("cow", code))
        return [] if state is None else [(None, None, state)]


def _scheme_of(code):
    if isinstance(code, int) or str(code).strip().isdigit():
        return "cow"
    return {2: "alpha_2", 3: "alpha_3", 4: "alpha_4"}.get(len(str(code).strip()), "name")
