"""Demo data of the bilateral area (loaded by `chancery load-demo`, never by the data set): a
real treaty's parties from the UN Treaty Collection, and a fictional commission to follow."""

import datetime
from pathlib import Path

from django.utils import timezone

from chancery.core.models import SYSTEM, Classification
from chancery.core.services import record_write
from chancery.reference.models import Country, Organization

from .models import Agreement, Commission, Commitment, Engagement
from .untc import import_untc_status

ICCPR_TABLE = Path(__file__).resolve().parent / "data" / "untc-status" / "4-4.csv"


def load(users, stdout):
    iccpr, _created = Agreement.objects.get_or_create(
        reference="IV-4",
        defaults={
            "title": "International Covenant on Civil and Political Rights",
            "kind": Agreement.Kind.TREATY,
            "scope": Agreement.Scope.MULTILATERAL,
            "depositary": "Secretary-General of the United Nations",
            "entry_into_force": datetime.date(1976, 3, 23),
            "party_delay_months": 3,
        },
    )
    result = import_untc_status(ICCPR_TABLE.read_text(encoding="utf-8"), iccpr, SYSTEM)
    stdout.write(f"Demo: {iccpr} with {result.created + result.updated + result.unchanged} parties")
    georgia = Country.objects.filter(alpha_2="GE").first()
    if georgia is None:
        return
    load_classified(georgia, stdout)
    with record_write(SYSTEM):
        commission, _created = Commission.objects.get_or_create(
            name="Azerbaijan-Georgia Intergovernmental Commission (fictional, demo)",
            defaults={
                "kind": Commission.Kind.INTERGOVERNMENTAL,
                "state": georgia,
                "secretariat": "Ministry of Economy",
                "notes": "FICTIONAL: demo data to try the commitments workflow.",
            },
        )
        today = timezone.localdate()
        for text, due in [
            (
                "FICTIONAL: agree the timetable of a new border crossing",
                today - datetime.timedelta(days=10),
            ),
            (
                "FICTIONAL: exchange draft texts of a road transport agreement",
                today + datetime.timedelta(days=30),
            ),
        ]:
            Commitment.objects.get_or_create(
                commission=commission,
                text=text,
                defaults={
                    "responsible": "Ministry of Economy",
                    "owner": users["desk"],
                    "due_on": due,
                },
            )
    stdout.write(f"Demo: {commission} with its commitments (owner: desk)")


# FICTIONAL classified engagements that show the access rules at work: (title, classification,
# the states and the organisations they concern)
CLASSIFIED = [
    (
        "FICTIONAL: consultations with Georgia on the border crossings (restricted, demo)",
        Classification.RESTRICTED,
        ["GE"],
        [],
    ),
    (
        "FICTIONAL: preparatory talks with the OIC secretariat (confidential, demo)",
        Classification.CONFIDENTIAL,
        [],
        ["OIC"],
    ),
    (
        "FICTIONAL: leaders' channel with Türkiye (secret, demo)",
        Classification.SECRET,
        ["TR"],
        [],
    ),
]


def load_classified(georgia, stdout):
    """Classified engagements: restricted-and-above records of a state or organisation are for
    its desks (and leadership and administrators), and never above a reader's clearance."""
    start = timezone.localdate() - datetime.timedelta(days=20)
    with record_write(SYSTEM):
        for title, classification, states, organisations in CLASSIFIED:
            engagement, created = Engagement.objects.get_or_create(
                title=title,
                defaults={
                    "kind": Engagement.Kind.MEETING,
                    "direction": Engagement.Direction.OUTGOING,
                    "start": start,
                    "classification": classification,
                    "outcome": "FICTIONAL: demo data to show who sees what.",
                },
            )
            if created:
                engagement.countries.set(Country.objects.filter(alpha_2__in=states))
                engagement.organizations.set(Organization.objects.filter(acronym__in=organisations))
    stdout.write(f"Demo: {len(CLASSIFIED)} classified engagements (fictional)")
