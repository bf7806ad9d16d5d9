"""Which state cast a vote: a code and a name of the votes file, on the day of the vote, become a
country of Chancery through the one placement every importer shares
(`chancery.reference.placement`). The data code the Soviet Union's votes RU, Yugoslavia's (and its
successors') YU and the Republic of China's before 1971 TW; a few historic states have no code and
are placed by their name. Each of these lands on the state that held the seat that day, never
silently on its successor."""

import datetime

from chancery.reference.placement import Placement

# Names the data keep for a state's votes after it ended: the Republic of Yemen's votes of 1990
# are named for the Yemen Arab Republic, whose seat it continued on 22 May 1990.
NAMES_KEPT_AFTER_THE_END = {"Yemen Arab Republic": (datetime.date(1990, 5, 22), "YE")}


def vote_placement(user, layout="tidy"):
    """A function `place(code, name, day)` giving the key of the country that cast a vote on
    `day`, among the countries `user` may see, or None when none is known: in the tidy layout
    by ISO alpha-2 code (a blank code by the name), in the original layout by COW code."""
    placement = Placement.load(user)
    scheme = "cow" if layout == "original" else "alpha_2"
    every_day = {}  # codes and names that meant one state whatever the day

    def place(code, name, day):
        try:
            return every_day[code, name]
        except KeyError:
            pass
        if scheme == "cow" and not (code.isascii() and code.isdigit()):
            return None
        if not code and name in NAMES_KEPT_AFTER_THE_END:
            since, successor = NAMES_KEPT_AFTER_THE_END[name]
            if day is not None and day >= since:
                state = placement.state(code=successor, scheme=scheme, day=day)
                return None if state is None else state.pk
        state = placement.state(code=code or None, name=name or None, day=day, scheme=scheme)
        pk = None if state is None else state.pk
        if name not in NAMES_KEPT_AFTER_THE_END and not placement.changed_hands(
            code=code or None, name=name or None, scheme=scheme
        ):
            every_day[code, name] = pk
        return pk

    return place
