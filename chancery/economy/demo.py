"""Demo data of the economy area (loaded by `chancery load-demo`, never by the data set). The
article says Azerbaijan gives aid through AIDA but names no project, so the demo holds FICTIONAL
aid projects, plainly marked, for the aid report to show."""

import datetime
from decimal import Decimal

from chancery.core.models import SYSTEM, DatePrecision
from chancery.core.services import record_write
from chancery.reference.models import Country, Organization

from .models import AidProject

FICTIONAL_AID = [
    ("AF", "health", "500000", "USD", 2014, "completed"),
    ("AF", "education", "250000", "USD", 2015, "completed"),
    ("PK", "humanitarian", "1000000", "USD", 2015, "completed"),
    ("SO", "water", "300000", "USD", 2016, "ongoing"),
    ("GE", "infrastructure", "400000", "AZN", 2016, "ongoing"),
]


def load(users, stdout):
    aida = Organization.objects.filter(acronym="AIDA").first()
    if aida is None:
        return
    made = 0
    with record_write(SYSTEM):
        for alpha_2, sector, amount, currency, year, status in FICTIONAL_AID:
            recipient = Country.objects.filter(alpha_2=alpha_2).first()
            if recipient is None:
                continue
            label = AidProject.Sector(sector).label
            _project, created = AidProject.objects.get_or_create(
                title=f"FICTIONAL: {label} in {recipient.name} (demo)",
                defaults={
                    "agency": aida,
                    "recipient": recipient,
                    "sector": sector,
                    "amount": Decimal(amount),
                    "currency": currency,
                    "start": datetime.date(year, 1, 1),
                    "start_precision": DatePrecision.YEAR,
                    "status": status,
                    "notes": "FICTIONAL: demo data.",
                },
            )
            made += created
    stdout.write(f"Demo: {made} fictional aid projects of AIDA")
