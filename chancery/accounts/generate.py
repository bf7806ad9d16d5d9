"""Generated data (`chancery generate-data`): the officers who keep the generated records, each
with a role, a clearance and desks as the demo's users have them (one to four states)."""

from django.contrib.auth.hashers import make_password

from chancery.core.generate import MARK
from chancery.core.models import Classification
from chancery.reference.generate import pick_states

from .models import User
from .roles import ensure_roles

DESK_OFFICERS = 300
CONSULAR_OFFICERS = 100
# desk officers' clearances: most confidential, a few secret, some restricted
DESK_CLEARANCES = {
    Classification.RESTRICTED: 20,
    Classification.CONFIDENTIAL: 70,
    Classification.SECRET: 10,
}


def generate(run):
    rng = run.rng("officers")
    groups = ensure_roles()
    password = make_password(None)  # no one logs in as a generated officer
    desks, roles = {}, {}

    def officers():
        plan = [("desk officer", DESK_OFFICERS), ("consular officer", CONSULAR_OFFICERS)]
        for role, full in plan:
            for i in range(run.count(full)):
                if role == "desk officer":
                    clearance = rng.choices(
                        list(DESK_CLEARANCES), weights=list(DESK_CLEARANCES.values())
                    )[0]
                    states = pick_states(run, rng, rng.choices((1, 2, 3, 4), (3, 3, 2, 2))[0])
                else:
                    clearance, states = Classification.RESTRICTED, pick_states(run, rng)
                user = User(
                    username=f"generated-{run.seed}-{role.split()[0]}-{i:04d}",
                    first_name=role.capitalize(),
                    last_name=MARK,
                    password=password,
                    clearance=clearance,
                    is_active=True,
                )
                desks[user.username], roles[user.username] = states, role
                yield user

    by_state, desk_officers, consular_officers = {}, [], []
    for batch in run.saved(User, officers()):
        for user in batch:
            role = roles.pop(user.username)
            (desk_officers if role == "desk officer" else consular_officers).append(user.pk)
            for state in desks[user.username]:
                if role == "desk officer":
                    by_state.setdefault(state, []).append(user.pk)
        run.link(
            User.groups.through,
            (User.groups.through(user_id=u.pk, group_id=groups[roles_of(u)].pk) for u in batch),
        )
        run.link(
            User.desk_states.through,
            (
                User.desk_states.through(user_id=u.pk, country_id=state)
                for u in batch
                for state in desks.pop(u.username)
            ),
        )
    run.shared["officers"] = desk_officers
    run.shared["consular_officers"] = consular_officers
    run.shared["desk_officers_of"] = by_state


def roles_of(user) -> str:
    return "desk officer" if user.first_name == "Desk officer" else "consular officer"
