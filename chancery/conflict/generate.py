"""Generated data (`chancery generate-data`): incidents along a line of contact, most of them
ceasefire violations, with their verification and the side reported responsible."""

from chancery.core.generate import MARK
from chancery.reference.generate import states

from .models import Incident

INCIDENTS = 20_000
I = Incident.Kind  # noqa: E741
KINDS = {I.CEASEFIRE_VIOLATION: 60, I.SHELLING: 20, I.ATTACK_ON_CIVILIANS: 8, I.LANDMINE: 7,
         I.OTHER: 5}  # fmt: skip
V = Incident.Verification
VERIFICATION = {V.REPORTED: 40, V.UNDER_VERIFICATION: 20, V.VERIFIED: 35, V.DISPUTED: 5}
PLACES = ("the line of contact", "the border area", "a village road", "the district centre",
          "farmland near the front line", "a water reservoir")  # fmt: skip


def generate(run):
    rng = run.rng("incidents")
    neighbours = [pk for pk, _w, kind in states(run) if kind == "neighbour"] or [None]
    kinds, verification = list(KINDS), list(VERIFICATION)

    def rows():
        for i in range(run.count(INCIDENTS)):
            kind = rng.choices(kinds, list(KINDS.values()))[0]
            day = run.day(rng, recent=1)
            place = f"{rng.choice(PLACES)}, sector {rng.randint(1, 40)}"
            yield Incident(
                title=f"{MARK} {kind.label} at {place}, {day.isoformat()} (no. {i + 1})",
                kind=kind,
                occurred_on=day,
                place=place,
                responsible_side_id=rng.choice(neighbours) if rng.random() < 0.7 else None,
                verification=rng.choices(verification, list(VERIFICATION.values()))[0],
                description=f"{MARK} Reported by the local authorities; see the report attached.",
                notes=MARK,
                classification=run.classification(rng),
                created_at=run.moment(rng, day),
            )

    run.write(Incident, rows())
