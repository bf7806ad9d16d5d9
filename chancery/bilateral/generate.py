"""Generated data (`chancery generate-data`): the home state's missions, engagements with their
counterparts, agreements with their parties, and commissions with their commitments."""

import datetime

from chancery.core.generate import MARK
from chancery.reference.generate import pick_states, states
from chancery.reference.models import Organization

from .models import Agreement, AgreementParty, Commission, Commitment, Engagement, Mission

ENGAGEMENTS = 200_000
AGREEMENTS = 30_000
PARTIES = 150_000
COMMITMENTS = 50_000
COMMISSIONS = 120
MISSIONS = 90  # the home state's embassies: a ministry's network, not scaled below 5

E = Engagement.Kind
KINDS = {
    E.MEETING: 25, E.PHONE_CALL: 15, E.MARGINS_MEETING: 12, E.WORKING_VISIT: 10,
    E.OFFICIAL_VISIT: 8, E.CONFERENCE: 8, E.FORUM: 5, E.BUSINESS_FORUM: 4,
    E.COMMISSION_SESSION: 3, E.CULTURAL_EVENT: 3, E.STATE_VISIT: 2, E.SUMMIT: 2,
    E.SPORTS_EVENT: 1, E.CONGRESS: 1,
}  # fmt: skip
MULTILATERAL_KINDS = {E.CONFERENCE, E.FORUM, E.SUMMIT, E.CONGRESS, E.MARGINS_MEETING}
VISITS = {E.OFFICIAL_VISIT, E.WORKING_VISIT, E.STATE_VISIT}
L = Engagement.Level
LEVELS = {
    E.STATE_VISIT: (L.HEAD_OF_STATE,),
    E.SUMMIT: (L.HEAD_OF_STATE, L.HEAD_OF_GOVERNMENT),
    E.OFFICIAL_VISIT: (L.HEAD_OF_GOVERNMENT, L.FOREIGN_MINISTER, L.MINISTER),
    E.PHONE_CALL: (L.HEAD_OF_STATE, L.FOREIGN_MINISTER, L.DEPUTY),
}
OTHER_LEVELS = (L.FOREIGN_MINISTER, L.MINISTER, L.DEPUTY, L.AMBASSADOR, L.EXPERT, L.EXPERT)
SUBJECTS = (
    "energy cooperation", "transport corridors", "trade and investment", "regional security",
    "culture and education", "consular matters", "the peace process", "humanitarian aid",
    "visa facilitation", "tourism", "agriculture", "information technology",
)  # fmt: skip
OUTCOMES = (
    "The sides agreed to hold the next round of consultations in the autumn.",
    "A joint statement was adopted.",
    "The parties reviewed the implementation of earlier agreements.",
    "Follow-up is assigned to the department concerned.",
    "Draft texts were exchanged and will be reviewed by the legal department.",
    "The counterpart expressed support for the ministry's position.",
    "No agreement was reached; the matter is kept under review.",
)
A = Agreement.Kind
AGREEMENT_KINDS = {
    A.AGREEMENT: 40, A.MEMORANDUM: 25, A.PROTOCOL: 15, A.CONVENTION: 8, A.TREATY: 5,
    A.JOINT_DECLARATION: 7,
}  # fmt: skip
CITIES = {
    "AZ": "Baku", "RU": "Moscow", "TR": "Ankara", "GE": "Tbilisi", "IR": "Tehran",
    "US": "Washington", "GB": "London", "DE": "Berlin", "FR": "Paris", "UA": "Kyiv", "KZ": "Astana",
    "CN": "Beijing", "AE": "Abu Dhabi", "IT": "Rome", "JP": "Tokyo", "IN": "New Delhi",
}  # fmt: skip


def generate(run):
    missions(run)
    engagements(run)
    agreements(run)
    commitments(run)


def _creator(run, rng, state):
    """The officer who wrote a record about `state`: one of its desk, else any officer."""
    desk = run.shared.get("desk_officers_of", {}).get(state)
    if desk:
        return rng.choice(desk)
    officers = run.shared.get("officers")
    return rng.choice(officers) if officers else None


def missions(run):
    """An embassy of the home state in each of the states it deals with most, where it has
    none yet."""
    states(run)
    home = run.shared["home"]
    have = set(
        Mission.objects.filter(sending_state=home, host_state__isnull=False).values_list(
            "host_state", flat=True
        )
    )
    codes = run.shared["state_codes"]
    names = run.shared["state_names"]
    rng = run.rng("missions")
    wanted = [pk for pk, _w, _k in states(run)[: max(5, run.count(MISSIONS))] if pk not in have]
    run.write(
        Mission,
        (
            Mission(
                name=f"{MARK} Embassy of {home.name} in {names[pk]}",
                kind=Mission.Kind.EMBASSY,
                sending_state=home,
                host_state_id=pk,
                city=CITIES.get(codes[pk], ""),
                opened=run.day(rng, recent=0.5),
                created_at=run.moment(rng, run.first_day),
            )
            for pk in wanted
        ),
    )


def engagements(run):
    rng = run.rng("engagements")
    names, codes = run.shared["state_names"], run.shared["state_codes"]
    home = run.shared["home"]
    persons = run.shared.get("persons", {})
    organisations = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    documents = run.shared.get("documents", [])
    kinds, kind_weights = list(KINDS), list(KINDS.values())

    def rows():
        for _i in range(run.count(ENGAGEMENTS)):
            kind = rng.choices(kinds, kind_weights)[0]
            multilateral = kind in MULTILATERAL_KINDS
            counterparts = pick_states(run, rng, rng.randint(2, 6) if multilateral else 1)
            first = counterparts[0]
            if multilateral:
                direction = Engagement.Direction.MULTILATERAL
            elif kind in (E.CULTURAL_EVENT, E.SPORTS_EVENT, E.BUSINESS_FORUM):
                direction = Engagement.Direction.HOSTED
            else:
                direction = rng.choice(
                    (Engagement.Direction.INCOMING, Engagement.Direction.OUTGOING)
                )
            place = {
                Engagement.Direction.OUTGOING: first,
                Engagement.Direction.MULTILATERAL: rng.choice(counterparts),
            }.get(direction, home.pk)
            start = run.day(rng)
            level = rng.choice(LEVELS.get(kind, OTHER_LEVELS))
            subject = rng.choice(SUBJECTS)
            with_whom = ", ".join(names[pk] for pk in counterparts[:3])
            engagement = Engagement(
                title=f"{MARK} {kind.label}: {with_whom}, on {subject}",
                kind=kind,
                level=level,
                direction=direction,
                start=start,
                end=start + datetime.timedelta(days=rng.randint(1, 3)) if kind in VISITS else None,
                place_country_id=place,
                place=CITIES.get(codes.get(place), ""),
                outcome=" ".join(rng.sample(OUTCOMES, rng.randint(1, 3))),
                talking_points=(
                    f"Raise {subject}; recall the ministry's position; propose dates for the "
                    "next meeting."
                    if rng.random() < 0.3
                    else ""
                ),
                classification=run.classification(rng),
                created_at=run.moment(rng, start),
                created_by_id=_creator(run, rng, first),
            )
            engagement._countries = counterparts
            engagement._organisations = (
                [rng.choice(organisations)] if organisations and multilateral else []
            )
            people = persons.get(first)
            engagement._people = [rng.choice(people)] if people and rng.random() < 0.3 else []
            cited = documents and rng.random() < 0.25
            engagement._documents = [rng.choice(documents)] if cited else []
            yield engagement

    links = (
        (Engagement.countries.through, "country_id", "_countries"),
        (Engagement.organizations.through, "organization_id", "_organisations"),
        (Engagement.people.through, "person_id", "_people"),
        (Engagement.documents.through, "document_id", "_documents"),
    )
    for batch in run.saved(Engagement, rows()):
        for through, column, attribute in links:
            run.link(
                through,
                (
                    through(engagement_id=engagement.pk, **{column: key})
                    for engagement in batch
                    for key in getattr(engagement, attribute)
                ),
            )


def agreements(run):
    """Bilateral agreements (the home state and one other) and multilateral ones with many
    parties, PARTIES in all at scale 1."""
    rng = run.rng("agreements")
    names = run.shared["state_names"]
    home = run.shared["home"]
    wanted_agreements, wanted_parties = run.count(AGREEMENTS), run.count(PARTIES)
    kinds, kind_weights = list(AGREEMENT_KINDS), list(AGREEMENT_KINDS.values())
    sizes = party_counts(rng, wanted_agreements, wanted_parties, len(states(run)) + 1)

    def rows():
        for size in sizes:
            others = pick_states(run, rng, size - 1) if size > 1 else []
            signed = run.day(rng)
            kind = rng.choices(kinds, kind_weights)[0]
            subject = rng.choice(SUBJECTS)
            in_force = signed + datetime.timedelta(days=rng.randint(30, 700))
            if in_force > run.today or rng.random() < 0.15:
                in_force = None
            scope = Agreement.Scope.MULTILATERAL if size > 2 else Agreement.Scope.BILATERAL
            title = (
                f"{MARK} {kind.label} between {home.name} and {names[others[0]]} on {subject}"
                if scope == Agreement.Scope.BILATERAL and others
                else f"{MARK} {kind.label} on {subject} ({size} parties, {signed.year})"
            )
            agreement = Agreement(
                title=title,
                kind=kind,
                scope=scope,
                subject_areas=subject,
                entry_into_force=in_force,
                notes=f"{MARK} Text held by the treaty department.",
                classification=run.classification(rng),
                created_at=run.moment(rng, signed),
                created_by_id=_creator(run, rng, others[0] if others else None),
            )
            agreement._parties = [home.pk, *others]
            agreement._signed = signed
            yield agreement

    def parties(batch):
        for agreement in batch:
            for state in agreement._parties:
                signed = agreement._signed + datetime.timedelta(
                    days=rng.randint(0, 90) * (state != home.pk)
                )
                ratified = signed + datetime.timedelta(days=rng.randint(30, 400))
                bound = ratified <= run.today and rng.random() < 0.8
                yield AgreementParty(
                    agreement_id=agreement.pk,
                    state_id=state,
                    signature=signed,
                    ratification=ratified if bound else None,
                    entry_into_force=(
                        max(ratified, agreement.entry_into_force)
                        if bound and agreement.entry_into_force
                        else None
                    ),
                    classification=agreement.classification,
                    created_at=agreement.created_at,
                    created_by_id=agreement.created_by_id,
                )

    for batch in run.saved(Agreement, rows(), size=1000):
        run.write(AgreementParty, parties(batch))


def party_counts(rng, agreements, parties, most) -> list[int]:
    """How many parties each agreement has: two for a bilateral one, and the multilateral ones
    (one in eight) share the rest unevenly, so that the parties add up to `parties`."""
    sizes = [2] * agreements
    multilateral = list(range(0, agreements, 8))
    weights = [rng.uniform(0.3, 1.7) for _ in multilateral]
    extra, total, given, running = max(0, parties - 2 * agreements), sum(weights), 0, 0.0
    for i, weight in zip(multilateral, weights, strict=True):
        running += weight
        share = round(extra * running / total) - given
        given += share
        sizes[i] = min(most, 2 + share)
    return sizes


def commitments(run):
    """Commissions with the states the ministry deals with most, and the decisions of their
    sessions, followed to done, dropped or still open (overdue when past due)."""
    rng = run.rng("commitments")
    names = run.shared["state_names"]
    home = run.shared["home"]
    top = [pk for pk, _w, _k in states(run)[: run.count(COMMISSIONS)]]
    commissions = run.write(
        Commission,
        (
            Commission(
                name=f"{MARK} Intergovernmental commission {home.name}-{names[pk]}",
                kind=Commission.Kind.INTERGOVERNMENTAL,
                state_id=pk,
                notes=f"{MARK} Meets once a year.",
                created_at=run.moment(rng, run.first_day),
                created_by_id=_creator(run, rng, pk),
            )
            for pk in top
        ),
    )
    commissions = list(
        Commission.objects.filter(name__startswith=MARK)
        .order_by("pk")
        .values_list("pk", "state_id", "classification")[:commissions]
    )
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(commissions))]
    officers = run.shared.get("officers") or [None]
    S = Commitment.Status

    def rows():
        for _i in range(run.count(COMMITMENTS)):
            commission, state, _c = rng.choices(commissions, weights)[0]
            decided = run.day(rng)
            due = decided + datetime.timedelta(days=rng.randint(30, 540))
            if due < run.today:
                status = rng.choices((S.DONE, S.DROPPED, S.IN_PROGRESS, S.OPEN), (70, 10, 12, 8))[0]
            else:
                status = rng.choices((S.OPEN, S.IN_PROGRESS, S.DONE), (50, 40, 10))[0]
            yield Commitment(
                commission_id=commission,
                text=f"{MARK} To prepare a programme of cooperation on {rng.choice(SUBJECTS)}.",
                responsible=rng.choice(
                    (
                        "Ministry of Economy",
                        "Ministry of Energy",
                        "Ministry of Transport",
                        "Department of Europe",
                    )
                ),
                owner_id=rng.choice(officers),
                due_on=due,
                status=status,
                classification=run.classification(rng),
                created_at=run.moment(rng, decided),
                created_by_id=_creator(run, rng, state),
            )

    run.write(Commitment, rows())
