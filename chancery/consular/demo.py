"""Demo data of the consular area (loaded by `chancery load-demo`, never by the data set): the
home state's embassy in Georgia with the demo consular officer posted to it, and FICTIONAL
citizens registered there, two assistance cases (one past its deadline, a detention within it)
and one crisis, so that every consular page has something to show. No real person's data is
ever part of the demo."""

import datetime

from django.conf import settings
from django.utils import timezone

from chancery.bilateral.models import Mission
from chancery.core.models import SYSTEM
from chancery.core.services import record_write
from chancery.reference.models import Country

from .models import Case, CasePerson, Crisis, Registration

FICTIONAL_CITIZENS = [
    ("ALIYEVA", "Leyla", "Алиева Лейла", "female", "Tbilisi", "P1234567", "leyla@example.org"),
    ("MAMMADOV", "Rashad", "Мамедов Рашад", "male", "Tbilisi", "P7654321", ""),
    ("HASANOVA", "Aynur", "", "female", "Batumi", "C0011223", "aynur@example.org"),
]


def load(users, stdout):
    home = Country.objects.filter(alpha_2=settings.CHANCERY_HOME_STATE).first()
    georgia = Country.objects.filter(alpha_2="GE").first()
    if home is None or georgia is None:
        return
    today = timezone.localdate()
    with record_write(SYSTEM):
        embassy, _created = Mission.objects.get_or_create(
            name=f"Embassy of {home.name} in Georgia",
            defaults={
                "kind": Mission.Kind.EMBASSY,
                "sending_state": home,
                "host_state": georgia,
                "city": "Tbilisi",
            },
        )
        users["consular"].consular_missions.add(embassy)
        registrations = []
        for surname, given, cyrillic, sex, city, document, email in FICTIONAL_CITIZENS:
            registration = Registration.objects.filter(
                surname_latin=surname, given_names_latin=given
            ).first()
            if registration is None:
                registration = Registration.objects.create(
                    surname_latin=surname,
                    given_names_latin=given,
                    name_cyrillic=cyrillic,
                    date_of_birth=datetime.date(1990, 5, 17),
                    sex=sex,
                    citizenship=home,
                    travel_document=document,
                    country=georgia,
                    city=city,
                    arrives_on=today - datetime.timedelta(days=5),
                    leaves_on=today + datetime.timedelta(days=20),
                    purpose="FICTIONAL: demo data",
                    email=email,
                    mission=embassy,
                    status=Registration.Status.CONFIRMED,
                    consent=True,
                    consent_at=timezone.now(),
                )
            registrations.append(registration)
        if not Registration.objects.filter(source=Registration.Source.SELF).exists():
            # as the public page registers a trip, waiting for the officer to confirm it
            Registration.objects.create(
                surname_latin="GULIYEV",
                given_names_latin="Tural",
                name_cyrillic="Гулиев Турал",
                date_of_birth=datetime.date(1987, 11, 3),
                sex=Registration.Sex.MALE,
                citizenship=home,
                travel_document="P5550001",
                country=georgia,
                city="Tbilisi",
                arrives_on=today + datetime.timedelta(days=3),
                leaves_on=today + datetime.timedelta(days=10),
                purpose="FICTIONAL: demo self-registration",
                phone="+995 555 000 000",
                mission=embassy,
                source=Registration.Source.SELF,
                status=Registration.Status.PENDING,
                consent=True,
                consent_at=timezone.now(),
            )
        case = Case.objects.filter(summary__startswith="FICTIONAL").first()
        if case is None:
            case = Case.objects.create(
                kind=Case.Kind.LOST_PASSPORT,
                mission=embassy,
                country=georgia,
                summary="FICTIONAL: passport stolen in Tbilisi; emergency travel document asked.",
                opened_at=timezone.now() - datetime.timedelta(hours=80),
            )
            CasePerson.objects.create(
                case=case,
                registration=registrations[0],
                name=f"{registrations[0].given_names_latin} {registrations[0].surname_latin}",
                role="the citizen",
            )
        if not Case.objects.filter(kind=Case.Kind.DETENTION, mission=embassy).exists():
            detention = Case.objects.create(
                kind=Case.Kind.DETENTION,
                mission=embassy,
                country=georgia,
                summary="FICTIONAL: detained by the police in Tbilisi; first contact due in 24 h.",
                opened_at=timezone.now() - datetime.timedelta(hours=3),
            )
            CasePerson.objects.create(
                case=detention,
                registration=registrations[1],
                name=f"{registrations[1].given_names_latin} {registrations[1].surname_latin}",
                role="the detained citizen",
            )
        crisis, _created = Crisis.objects.get_or_create(
            name="FICTIONAL: floods in western Georgia (demo)",
            defaults={"starts_on": today - datetime.timedelta(days=2), "cities": "Batumi, Kutaisi"},
        )
        crisis.countries.add(georgia)
    stdout.write(
        f"Demo: {embassy} with fictional registrations, two cases and a crisis (officer: consular)"
    )
