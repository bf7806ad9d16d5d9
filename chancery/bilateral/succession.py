"""When a successor state is bound by a treaty it notified succession to (UNTC action `d`).

A successor state that notifies its succession to a treaty its predecessor was bound by is a
party from the date of the succession of states, that is its independence, or from the treaty's
own entry into force if that is later (Vienna Convention on Succession of States in respect of
Treaties, 1978, articles 17, 23 and 34; the UN Secretary-General records it so, e.g. Croatia's
notification of 1992 "with effect from 8 October 1991"). No delay for a later party applies: the
state does not consent anew, it continues its predecessor's consent.

The date of succession is read in one place, `independence_of`, so that a record of states with
their own dates (historic states, issue 14) can take over from the files read here.
"""

import csv
import datetime
import functools

from chancery.reference.countries import COW_STATES_CSV

# The dates of succession the depositary records where the COW state system dates the state
# otherwise. COW counts a state from its recognition or its UN admission, and Serbia and
# Zimbabwe from an earlier state altogether. Sources: the Secretary-General's notes to the
# successors' notifications (Multilateral Treaties Deposited with the Secretary-General, notes
# on "former Yugoslavia" and "Montenegro"), and the dates of independence for the others.
SUCCESSION_DATES = {
    "SI": datetime.date(1991, 6, 25),  # COW 15 Jan 1992 (recognition)
    "MK": datetime.date(1991, 9, 17),  # COW 8 Apr 1993 (UN admission)
    "HR": datetime.date(1991, 10, 8),  # COW 15 Jan 1992 (recognition)
    "BA": datetime.date(1992, 3, 6),  # COW 7 Apr 1992 (recognition)
    # the Federal Republic of Yugoslavia, of which Serbia is the continuation; COW 345 runs on
    # from the Kingdom of Yugoslavia (1878, 1944)
    "RS": datetime.date(1992, 4, 27),
    "ME": datetime.date(2006, 6, 3),  # COW 12 Jun 2006
    "ZW": datetime.date(1980, 4, 18),  # COW 11 Nov 1965: Rhodesia's unilateral declaration
    "NR": datetime.date(1968, 1, 31),  # COW 1999, 2000: UN admission of the small states
    "TV": datetime.date(1978, 10, 1),
    "KI": datetime.date(1979, 7, 12),
}


@functools.cache
def _cow_spell_starts() -> dict[int, list[datetime.date]]:
    """Each COW state's spells in the state system, by the day each began."""
    starts: dict[int, list[datetime.date]] = {}
    with COW_STATES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            day = datetime.date(int(row["styear"]), int(row["stmonth"]), int(row["stday"]))
            starts.setdefault(int(row["ccode"]), []).append(day)
    return {code: sorted(days) for code, days in starts.items()}


def succession_starts(state) -> list[datetime.date]:
    """The days from which `state` may date a succession, in order: the depositary's date where
    COW's differs (`SUCCESSION_DATES`), else the starts of its spells in the COW state system."""
    alpha_2 = getattr(state, "alpha_2", None)
    if alpha_2 in SUCCESSION_DATES:
        return [SUCCESSION_DATES[alpha_2]]
    return _cow_spell_starts().get(getattr(state, "cow_code", None), [])


def independence_of(state, notified: datetime.date) -> datetime.date | None:
    """The date of succession of `state`, a successor that notified its succession on `notified`:
    the latest of its `succession_starts` by then; None if none is known by then."""
    began = [day for day in succession_starts(state) if day <= notified]
    return began[-1] if began else None


def entry_into_force_by_succession(party) -> datetime.date | None:
    """When the agreement binds a party that consented by notifying succession: from its date of
    succession (the notification's own date where that is not known), or from the agreement's
    entry into force if later; None while the agreement is not in force."""
    in_force = party.agreement.entry_into_force
    if party.succession is None or in_force is None:
        return None
    start = independence_of(party.state, party.succession) if party.state_id else None
    return max(start or party.succession, in_force)
