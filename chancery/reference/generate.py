"""Generated data (`chancery generate-data`): foreign officials, and how much the ministry deals
with each state, which every other area's generator draws its states by."""

from django.conf import settings

from chancery.core.generate import MARK

from .models import Country, Person

# the home state's neighbours (a country-neutral fallback: the states of its subregion)
NEIGHBOURS = {"AZ": ("GE", "AM", "RU", "IR", "TR")}
MAJOR_POWERS = (
    "US", "CN", "RU", "GB", "FR", "DE", "JP", "IN", "TR", "IT",
    "BR", "SA", "KR", "IR", "UA", "KZ", "PK", "IL", "EG", "AE",
)  # fmt: skip
# how much more a ministry deals with a neighbour, a major power, a state of its subregion and
# of its region than with any other state
WEIGHT = {"neighbour": 40, "major": 25, "subregion": 8, "region": 2.5, "other": 1}
PERSONS = 5_000
POSITIONS = (
    "Minister of Foreign Affairs", "Deputy Minister of Foreign Affairs", "Ambassador",
    "President", "Prime Minister", "Minister of Economy", "Minister of Energy",
    "Speaker of Parliament", "Director of the Department of Europe", "Chargé d'affaires",
)  # fmt: skip
GIVEN = ("Anna", "Giorgi", "Ali", "Maria", "John", "Elena", "Mehmet", "Ivan", "Leila", "Peter")
FAMILY = ("Kovacs", "Smith", "Petrov", "Yilmaz", "Rahimi", "Beridze", "Muller", "Wang", "Sato")


def kind_of(state, home) -> str:
    """How a state stands to the home state: neighbour, major power, subregion, region, other."""
    neighbours = NEIGHBOURS.get(home.alpha_2)
    if neighbours is not None and state.alpha_2 in neighbours:
        return "neighbour"
    if neighbours is None and state.subregion and state.subregion == home.subregion:
        return "neighbour"
    if state.alpha_2 in MAJOR_POWERS:
        return "major"
    if state.subregion and state.subregion == home.subregion:
        return "subregion"
    if state.region and state.region == home.region:
        return "region"
    return "other"


def states(run):
    """Today's states other than the home state, each with its weight and standing, drawn once
    per run: [(pk, weight, kind)] heaviest first. Each state's weight varies a little around its
    standing's, so that the long tail is uneven too."""
    if "states" not in run.shared:
        home = Country.objects.get(alpha_2=settings.CHANCERY_HOME_STATE)
        rng = run.rng("state weights")
        found = []
        for state in (
            Country.objects.filter(end__isnull=True, alpha_2__isnull=False)
            .exclude(pk=home.pk)
            .order_by("alpha_2")
        ):
            kind = kind_of(state, home)
            found.append((state.pk, WEIGHT[kind] * rng.lognormvariate(0, 0.4), kind))
        found.sort(key=lambda s: -s[1])
        run.shared["home"] = home
        run.shared["states"] = found
        run.shared["state_names"] = dict(Country.objects.values_list("pk", "name"))
        run.shared["state_codes"] = dict(Country.objects.values_list("pk", "alpha_2"))
    return run.shared["states"]


def pick_states(run, rng, k=1) -> list[int]:
    """`k` distinct states, drawn by weight."""
    found = states(run)
    if "state_cumulative" not in run.shared:
        total, cumulative = 0.0, []
        for _pk, weight, _kind in found:
            total += weight
            cumulative.append(total)
        run.shared["state_cumulative"] = cumulative
    cumulative = run.shared["state_cumulative"]
    k = min(k, len(found))
    chosen = []
    while len(chosen) < k:
        pk = rng.choices(found, cum_weights=cumulative)[0][0]
        if pk not in chosen:
            chosen.append(pk)
    return chosen


def generate(run):
    rng = run.rng("persons")
    by_state = {}

    def persons():
        for i in range(run.count(PERSONS)):
            (state,) = pick_states(run, rng)
            day = run.day(rng)
            yield Person(
                name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}-{i}",
                country_id=state,
                position=rng.choice(POSITIONS),
                notes=f"{MARK} A foreign official met in the ministry's work.",
                created_at=run.moment(rng, day),
            )

    for batch in run.saved(Person, persons()):
        for person in batch:
            by_state.setdefault(person.country_id, []).append(person.pk)
    run.shared["persons"] = by_state
