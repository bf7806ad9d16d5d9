"""Demo data of the diaspora area (loaded by `chancery load-demo`, never by the data set). The
article names no diaspora organisation, so the demo holds FICTIONAL ones, plainly marked, taking
part in the article's Second Congress of Azerbaijanis of the World (Baku, 16 March 2016)."""

import datetime

from chancery.bilateral.models import Engagement
from chancery.core.models import SYSTEM, DatePrecision
from chancery.core.services import record_write
from chancery.reference.models import Country

from .models import DiasporaOrganization

CONGRESS = "Second Congress of Azerbaijanis of the World"
FICTIONAL_ORGANIZATIONS = [
    ("GE", "FICTIONAL: Azerbaijani Community of Marneuli (demo)", "Marneuli", "community", 1996),
    ("DE", "FICTIONAL: Azerbaijani Cultural Centre in Berlin (demo)", "Berlin", "cultural", 2004),
    ("TR", "FICTIONAL: Azerbaijani Students' Union in Istanbul (demo)", "Istanbul", "youth", 2011),
]


def load(users, stdout):
    congress = Engagement.objects.filter(title=CONGRESS).first()
    made = 0
    with record_write(SYSTEM):
        for alpha_2, name, city, kind, year in FICTIONAL_ORGANIZATIONS:
            state = Country.objects.filter(alpha_2=alpha_2).first()
            if state is None:
                continue
            organization, created = DiasporaOrganization.objects.get_or_create(
                state=state,
                name=name,
                defaults={
                    "city": city,
                    "kind": kind,
                    "founded": datetime.date(year, 1, 1),
                    "founded_precision": DatePrecision.YEAR,
                    "notes": "FICTIONAL: demo data.",
                },
            )
            made += created
            if congress is not None:
                organization.engagements.add(congress)
    stdout.write(f"Demo: {made} fictional diaspora organisations at the {CONGRESS}")
