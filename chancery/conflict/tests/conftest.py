"""What the conflict tests share: evidence files kept in a temporary folder, a settlement, and
makers of incidents with their figures and of evidence."""

import datetime

import pytest
from django.core.files.base import ContentFile

from chancery.conflict.models import (
    Evidence,
    Incident,
    IncidentCasualty,
    IncidentDamage,
    Settlement,
)
from chancery.core.models import Classification
from chancery.core.services import record_write
from chancery.reference.models import Country


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def armenia(db):
    return Country.objects.create(alpha_2="AM", alpha_3="ARM", numeric="051", name="Armenia")


@pytest.fixture
def tartar(home_state):
    return Settlement.objects.create(name="Tartar", country=home_state, kind="city")


@pytest.fixture
def aghdam(home_state):
    return Settlement.objects.create(name="Aghdam", country=home_state, kind="town")


@pytest.fixture
def make_incident(db):
    """An incident on a day (or a month or year), with casualty and damage figures given as
    {(category, outcome, among): count} and {(object_type, extent): count}."""
    serial = iter(range(1, 10_000))

    def make(
        day=datetime.date(2016, 4, 2),
        precision="day",
        settlement=None,
        casualties=None,
        damage=None,
        classification=Classification.UNCLASSIFIED,
        **fields,
    ):
        fields.setdefault("title", f"Incident {next(serial)}")
        fields.setdefault("kind", Incident.Kind.SHELLING)
        if settlement is None:
            fields.setdefault("place", "Along the line of contact")
        incident = Incident.objects.create(
            occurred_on=day,
            occurred_on_precision=precision,
            settlement=settlement,
            classification=classification,
            **fields,
        )
        for (category, outcome, among), count in (casualties or {}).items():
            IncidentCasualty.objects.create(
                incident=incident, category=category, outcome=outcome, among=among, count=count
            )
        for (object_type, extent), count in (damage or {}).items():
            IncidentDamage.objects.create(
                incident=incident, object_type=object_type, extent=extent, count=count
            )
        return incident

    return make


@pytest.fixture
def receive(db):
    """Receive a file as evidence of an incident, as `user` (the way the pages do)."""

    def make(incident, content=b"a photograph", name="photo.jpg", user=None, **fields):
        with record_write(user):
            evidence = Evidence(
                incident=incident, file=ContentFile(content, name=name), created_by=user, **fields
            )
            evidence.full_clean()
            evidence.save()
        return evidence

    return make
