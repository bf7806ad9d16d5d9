"""Demo data of the multilateral area (loaded by `chancery load-demo`, never by the data set):
the real UN General Assembly roll calls and votes of sessions 70-74 (for the alignment page),
every real Correlates of War IGO membership (19,042 spells, so that rolls, the organisations two
states share and a candidacy's "not asked yet" are complete), and a few fictional
pledges on the ECOSOC candidacy, so that the campaign page has something to show."""

import datetime
from pathlib import Path

from django.db import transaction

from chancery.core.models import SYSTEM
from chancery.core.services import record_write
from chancery.reference.models import Country

from .igo import import_cow_igo
from .models import Candidacy, Organ, Pledge
from .unvotes import import_roll_calls, import_votes

DATA = Path(__file__).resolve().parent / "data"
FICTIONAL_PLEDGES = [
    ("TR", Pledge.Status.CONFIRMED, "the minister, in Ankara", ""),
    ("GE", Pledge.Status.PLEDGED, "the ambassador in Tbilisi", "Their HRC candidacy"),
    ("KZ", Pledge.Status.PLEDGED, "the deputy minister, at the CIS council", ""),
    ("FR", Pledge.Status.ASKED, "the ambassador in Paris", ""),
    ("AM", Pledge.Status.DECLINED, "", ""),
]


def load(users, stdout):
    assembly = Organ.objects.filter(acronym="UNGA").first()
    if assembly is not None:
        with transaction.atomic():
            calls = import_roll_calls(
                DATA / "unvotes_roll_calls.csv",
                SYSTEM,
                assembly,
                sessions=set(range(70, 75)),
            )
            votes = import_votes(
                DATA / "unvotes_votes_sessions70-74.csv",
                SYSTEM,
                assembly,
            )
        stdout.write(
            f"Demo: {calls.created + calls.updated + calls.unchanged} UN General Assembly roll "
            f"calls (sessions 70-74) with {votes.created + votes.updated + votes.unchanged} votes"
        )
    memberships = import_cow_igo(
        (DATA / "cow_igo_v3_membership_spells.csv").read_text(encoding="utf-8"),
        SYSTEM,
        igos_text=(DATA / "cow_igo_v3_igos.csv").read_text(encoding="utf-8"),
        create_organizations=True,
    )
    stdout.write(
        f"Demo: every Correlates of War IGO membership: {memberships.created} created, "
        f"{len(memberships.reported)} rows reported (kept as stored, or of no known state)"
    )
    candidacy = Candidacy.objects.filter(organ__acronym="ECOSOC", state__alpha_2="AZ").first()
    if candidacy is None:
        return
    states = Country.objects.in_bulk(
        [code for code, *_rest in FICTIONAL_PLEDGES], field_name="alpha_2"
    )
    with record_write(SYSTEM):
        for code, status, asked_by, reciprocal in FICTIONAL_PLEDGES:
            if code in states:
                Pledge.objects.get_or_create(
                    candidacy=candidacy,
                    state=states[code],
                    defaults={
                        "status": status,
                        "asked_by": asked_by,
                        "asked_on": datetime.date(2016, 3, 1),
                        "reciprocal": reciprocal,
                        "notes": "FICTIONAL: demo data to try the campaign page.",
                    },
                )
    stdout.write(f"Demo: fictional pledges on {candidacy}")
