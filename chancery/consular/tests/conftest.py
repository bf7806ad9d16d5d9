"""Consular test personas and records: two missions in Georgia, a consular officer of each, an
analyst, an auditor, and makers of registrations and cases. A test module may define its own
fixture of the same name, which then takes precedence."""

import datetime

import pytest
from django.utils import timezone

from chancery.bilateral.models import Mission
from chancery.consular.models import Case, Registration
from chancery.core.models import Classification
from chancery.reference.models import Country


@pytest.fixture
def host(georgia):
    """The state the mission is accredited to."""
    return georgia


@pytest.fixture
def elsewhere(db):
    return Country.objects.create(alpha_2="AM", alpha_3="ARM", numeric="051", name="Armenia")


@pytest.fixture
def missions(home_state, host):
    def mission(name):
        return Mission.objects.create(
            name=name, kind="embassy", sending_state=home_state, host_state=host
        )

    return mission("Embassy in Tbilisi"), mission("Consulate in Batumi")


@pytest.fixture
def officer(make_user, missions):
    """A consular officer of the embassy (the first mission)."""
    user = make_user("officer", Classification.RESTRICTED, role="consular officer")
    user.consular_missions.add(missions[0])
    return user


@pytest.fixture
def outsider(make_user, missions):
    """A consular officer of another mission (the consulate)."""
    user = make_user("outsider", Classification.RESTRICTED, role="consular officer")
    user.consular_missions.add(missions[1])
    return user


@pytest.fixture
def analyst(make_user):
    """Reads what their clearance allows, and no one's personal data."""
    return make_user("analyst", Classification.RESTRICTED, role="analyst")


@pytest.fixture
def auditor(make_user):
    """An administrator: reads every mission's personal data and the log of reads."""
    return make_user("auditor", Classification.SECRET, role="administrator")


@pytest.fixture
def register(home_state, host, missions):
    """Registers a stay (by default in Tbilisi, for the embassy, around today)."""
    count = iter(range(10_000))
    today = timezone.localdate()

    def make(surname=None, **values):
        n = next(count)
        fields = {
            "surname_latin": surname or f"Person{n}",
            "given_names_latin": "Test",
            "date_of_birth": datetime.date(1990, 1, 1),
            "citizenship": home_state,
            "country": host,
            "city": "Tbilisi",
            "arrives_on": today - datetime.timedelta(days=3),
            "leaves_on": today + datetime.timedelta(days=3),
            "mission": missions[0],
            "consent": True,
            "status": Registration.Status.CONFIRMED,
            **values,
        }
        return Registration.objects.create(**fields)

    return make


@pytest.fixture
def make_case(missions, host):
    """Opens a case (by default a detention in Georgia, for the embassy, opened now)."""

    def make(status=Case.Status.NEW, kind=Case.Kind.DETENTION, **values):
        fields = {"mission": missions[0], "country": host, "summary": "Held at the border"}
        case = Case.objects.create(kind=kind, **{**fields, **values})
        if status != Case.Status.NEW:
            Case.objects.filter(pk=case.pk).update(status=status)  # test set-up only
            case.refresh_from_db()
        return case

    return make
