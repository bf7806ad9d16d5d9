"""The UN's roll, past and present: every member state's membership of the United Nations as a
`Membership`, loaded by `chancery load-reference` from `reference/data/un_members.csv`.

That file is built by `build_un_members()` from the UNTC admissions (I-2), the original members
(I-1) and the historic states' seats (`SEATS` below): a state admitted under an earlier identity
(Germany, 1973: the two German states; Yemen, 1947; Tanzania, 1961; Serbia, 2000) holds the
membership as the state it then was, and the seat passes on the day of succession. The UN's roll
on any day from 24 October 1945 is then exactly its members (51 on the first day, 193 today).
"""

import csv
import datetime
import io
import logging
from pathlib import Path

from chancery.core.search import index_records
from chancery.core.services import record_write, stamp
from chancery.reference.countries import CHARTER_IN_FORCE, un_admission_dates
from chancery.reference.models import Country, Organization

from .models import Membership

logger = logging.getLogger(__name__)
UN_MEMBERS_CSV = Path(__file__).resolve().parents[1] / "reference" / "data" / "un_members.csv"
COLUMNS = ("state", "since", "until", "notes")

# Seats held by historic states, and where a current state's membership begins later than its
# admission (its seat was a predecessor's): code -> [(holder, since, until, note)].
D = datetime.date
SEATS = {
    "RU": [
        ("SUHH", CHARTER_IN_FORCE, D(1991, 12, 25), "Original member as the Soviet Union"),
        ("RU", D(1991, 12, 26), None, "Continues the Soviet Union's membership"),
    ],
    "CN": [
        ("XROC", CHARTER_IN_FORCE, D(1971, 10, 24), "China's seat, held by the Republic of China"),
        ("CN", D(1971, 10, 25), None, "Resolution 2758 (XXVI)"),
    ],
    "EG": [
        ("EG", CHARTER_IN_FORCE, D(1958, 2, 21), ""),
        ("XUAR", D(1958, 2, 22), D(1961, 9, 27), "Egypt and Syria as the United Arab Republic"),
        ("EG", D(1961, 9, 28), None, "Continues the United Arab Republic's membership"),
    ],
    "SY": [
        ("SY", CHARTER_IN_FORCE, D(1958, 2, 21), ""),
        ("SY", D(1961, 10, 13), None, "Resumed its separate membership"),
    ],
    "DE": [
        ("XGFR", D(1973, 9, 18), D(1990, 10, 2), "Admitted with the GDR"),
        ("DDDE", D(1973, 9, 18), D(1990, 10, 2), "Admitted with the FRG"),
        ("DE", D(1990, 10, 3), None, "Continues the Federal Republic's membership"),
    ],
    "YE": [
        ("XYAR", D(1947, 9, 30), D(1990, 5, 21), ""),
        ("YDYE", D(1967, 12, 14), D(1990, 5, 21), ""),
        ("YE", D(1990, 5, 22), None, "Union of the two Yemens"),
    ],
    "TZ": [
        ("XTAN", D(1961, 12, 14), D(1964, 4, 25), ""),
        ("XZAN", D(1963, 12, 16), D(1964, 4, 25), ""),
        ("TZ", D(1964, 4, 26), None, "Union of Tanganyika and Zanzibar"),
    ],
    "RS": [
        ("CSXX", D(2000, 11, 1), D(2006, 6, 4), "The Federal Republic of Yugoslavia"),
        ("RS", D(2006, 6, 5), None, "Continues Serbia and Montenegro's membership"),
    ],
}
# Original members that are no state today.
HISTORIC_ORIGINAL = [
    ("CSHH", CHARTER_IN_FORCE, D(1992, 12, 31), "Original member"),
    ("YUCS", CHARTER_IN_FORCE, D(1992, 4, 26), "Original member"),
]


def build_un_members() -> str:
    """The text of `un_members.csv`, from the UNTC tables and the seats above."""
    admitted, unmapped = un_admission_dates()
    if unmapped:
        raise ValueError(f"UNTC names that map to no state: {', '.join(unmapped)}")
    rows = list(HISTORIC_ORIGINAL)
    for alpha_2, since in sorted(admitted.items()):
        rows.extend(SEATS.get(alpha_2, [(alpha_2, since, None, "")]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for code, since, until, note in rows:
        writer.writerow([code, since.isoformat(), until.isoformat() if until else "", note])
    return out.getvalue()


def united_nations():
    """The United Nations as an organisation, created if missing (the data set completes it)."""
    organisation = Organization.objects.filter(acronym="UN").first()
    if organisation is None:
        organisation = Organization.objects.filter(name="United Nations").first()
    if organisation is None:
        organisation = Organization(
            acronym="UN",
            name="United Nations",
            kind=Organization.Kind.UNIVERSAL,
            founded=CHARTER_IN_FORCE,
        )
        organisation.save()
    return organisation


def load_un_members(path=UN_MEMBERS_CSV) -> dict:
    """Create each UN membership of the file that is not stored (same state and start); bring a
    stored one to the file's end. A second load writes nothing. Counts by outcome."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    states = {country.code: country for country in Country.objects.all()}
    unknown = sorted({row["state"] for row in rows} - set(states))
    if unknown:
        raise ValueError(f"{Path(path).name}: no state has the code(s) {', '.join(unknown)}")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with record_write(None):
        un = united_nations()
        stored = {
            (m.state_id, m.since): m
            for m in Membership.objects.filter(organization=un, organ__isnull=True)
        }
        new = []
        for row in rows:
            state = states[row["state"]]
            since = datetime.date.fromisoformat(row["since"])
            until = datetime.date.fromisoformat(row["until"]) if row["until"] else None
            membership = stored.get((state.pk, since))
            if membership is None:
                membership = Membership(
                    state=state,
                    organization=un,
                    status=Membership.Status.MEMBER,
                    since=since,
                    until=until,
                    notes=row["notes"],
                )
                stamp(membership, None)
                new.append(membership)
            elif membership.until != until:
                membership.until = until
                membership.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        Membership.objects.bulk_create(new)
        index_records(Membership, [m.pk for m in new])
        counts["created"] = len(new)
    logger.info("UN memberships loaded: %s (created in bulk, no per-row change log)", counts)
    return counts
