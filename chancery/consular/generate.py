"""Generated data (`chancery generate-data`): FICTIONAL citizens registered abroad, concentrated
in the few dozen states where the home state's citizens go, and assistance cases; the generated
consular officers are posted to the missions that answer for them."""

import datetime

from chancery.accounts.models import User
from chancery.bilateral.models import Mission
from chancery.core.generate import MARK
from chancery.reference.generate import states

from .models import Case, Registration

REGISTRATIONS = 300_000
CASES = 50_000
DESTINATIONS = 36  # the states where registrations concentrate
SURNAMES = (
    "ALIYEV", "MAMMADOV", "HASANOV", "HUSEYNOV", "GULIYEV", "ISMAYILOV", "ABBASOV", "RZAYEV",
    "KARIMOV", "BABAYEV", "NAJAFOV", "SULEYMANOV", "VALIYEV", "JAFAROV", "QASIMOV",
)  # fmt: skip
GIVEN = {
    "male": ("Rashad", "Tural", "Elvin", "Farid", "Kamran", "Orkhan", "Ramil", "Vusal"),
    "female": ("Leyla", "Aynur", "Gunel", "Nigar", "Sevda", "Aysel", "Lala", "Narmin"),
}
PURPOSES = ("Work", "Study", "Tourism", "Family visit", "Medical treatment", "Business trip")
C = Case.Kind
CASE_KINDS = {
    C.LOST_PASSPORT: 30, C.EMERGENCY_DOCUMENT: 15, C.NOTARIAL: 15, C.LEGAL: 8, C.WELFARE: 8,
    C.HOSPITALISATION: 7, C.VICTIM: 6, C.DETENTION: 5, C.DEATH: 3, C.MISSING: 2,
    C.EVACUATION: 1,
}  # fmt: skip
# personal records: mostly unclassified, a restricted tail, never above the consular officers'
PERSONAL_SHARES = (85, 15, 0, 0)


def _female(surname: str) -> str:
    return surname[:-1] + "VA" if surname.endswith("V") else surname


def generate(run):
    home = run.shared["home"]
    missions, cities = {}, {}
    for state, mission, city in (
        Mission.objects.filter(sending_state=home, host_state__isnull=False)
        .order_by("pk")
        .values_list("host_state", "pk", "city")
    ):
        missions[state], cities[state] = mission, city
    run.shared["mission_cities"] = cities
    destinations = [pk for pk, _w, _k in states(run) if pk in missions][:DESTINATIONS]
    if not destinations:
        return
    # a few states take most of the citizens abroad (Zipf)
    weights = [1 / (rank + 1) for rank in range(len(destinations))]
    post(run, [missions[pk] for pk in destinations])
    registrations(run, home, destinations, weights, missions)
    cases(run, destinations, weights, missions)


def post(run, missions):
    """Each generated consular officer serves at one mission, the busiest first."""
    officers = run.shared.get("consular_officers", [])
    run.link(
        User.consular_missions.through,
        (
            User.consular_missions.through(user_id=officer, mission_id=missions[i % len(missions)])
            for i, officer in enumerate(officers)
        ),
    )
    run.shared["officers_at"] = {
        missions[i % len(missions)]: officer for i, officer in enumerate(officers)
    }


def registrations(run, home, destinations, weights, missions):
    rng = run.rng("registrations")
    names, officers_at = run.shared["state_names"], run.shared.get("officers_at", {})
    cities = run.shared["mission_cities"]
    S = Registration.Status

    def rows():
        for i in range(run.count(REGISTRATIONS)):
            state = rng.choices(destinations, weights)[0]
            sex = rng.choice(("male", "female"))
            surname = rng.choice(SURNAMES)
            arrives = run.day(rng, recent=2.5)
            stay = rng.choice((7, 14, 30, 90, 180, 365, 730))
            status = rng.choices((S.CONFIRMED, S.PENDING, S.CANCELLED), (85, 10, 5))[0]
            at = run.moment(rng, arrives - datetime.timedelta(days=rng.randint(0, 20)))
            yield Registration(
                reference=f"R-G{run.seed % 10**6}-{i:07d}",
                status=status,
                source=rng.choice((Registration.Source.SELF, Registration.Source.OFFICER)),
                surname_latin=_female(surname) if sex == "female" else surname,
                given_names_latin=rng.choice(GIVEN[sex]),
                date_of_birth=datetime.date(
                    rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28)
                ),
                sex=sex,
                citizenship=home,
                country_id=state,
                city=cities.get(state) or names[state],
                arrives_on=arrives,
                leaves_on=arrives + datetime.timedelta(days=stay),
                purpose=f"{MARK} FICTIONAL: {rng.choice(PURPOSES)}",
                phone=f"+994 50 {rng.randrange(10**7):07d}",
                mission_id=missions[state],
                consent=True,
                consent_at=at,
                classification=run.classification(rng, PERSONAL_SHARES),
                created_at=at,
                created_by_id=officers_at.get(missions[state]),
            )

    run.write(Registration, rows())


def cases(run, destinations, weights, missions):
    rng = run.rng("cases")
    officers_at = run.shared.get("officers_at", {})
    kinds, kind_weights = list(CASE_KINDS), list(CASE_KINDS.values())
    S = Case.Status

    def rows():
        for i in range(run.count(CASES)):
            state = rng.choices(destinations, weights)[0]
            kind = rng.choices(kinds, kind_weights)[0]
            opened = run.moment(rng, run.day(rng, recent=2.5))
            hours = Case.FIRST_CONTACT_HOURS[kind]
            contact = opened + datetime.timedelta(hours=hours * rng.uniform(0.1, 1.3))
            age = (run.today - opened.date()).days
            if age > 60:
                status = rng.choices((S.CLOSED, S.RESOLVED), (90, 10))[0]
            else:
                status = rng.choice((S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED))
            closed = status == S.CLOSED
            officer = officers_at.get(missions[state])
            yield Case(
                reference=f"C-G{run.seed % 10**6}-{i:07d}",
                kind=kind,
                status=status,
                mission_id=missions[state],
                country_id=state,
                officer_id=officer if status != S.NEW else None,
                summary=f"{MARK} FICTIONAL: {kind.label}; the citizen asked the mission for help.",
                opened_at=opened,
                first_contact_at=contact if status != S.NEW else None,
                closed_at=opened + datetime.timedelta(days=rng.randint(2, 60)) if closed else None,
                classification=run.classification(rng, PERSONAL_SHARES),
                created_at=opened,
                created_by_id=officer,
            )

    run.write(Case, rows())
