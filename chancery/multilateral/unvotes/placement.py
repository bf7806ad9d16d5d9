"""Which state cast a vote: the one place where a code and a name of the votes file, on a day,
become a country of Chancery. Everything the vote import knows about codes is here, so that a
richer placement (historic states, successions by date) replaces this one function."""

from chancery.reference.models import Country

# Retired ISO codes the data uses for a state that exists now: the data codes Serbia (and
# Yugoslavia and Serbia and Montenegro before it) as YU, which Chancery reads as Serbia, as it
# reads COW's 345 "Yugoslavia".
RETIRED_CODES = {"YU": "RS"}
# Rows without a code, by the name they give: the ISO code these states held.
NAMES_WITHOUT_CODE = {"federal republic of germany": "DE", "yemen arab republic": "YE"}


def vote_placement(user, layout="tidy"):
    """A function `place(code, name, day)` giving the key of the country that cast a vote, among
    the countries `user` may see, or None when none is known: in the tidy layout by ISO alpha-2
    code (a blank code by the name), in the original layout by Correlates of War code (COW gives
    the USSR and Russia one code, 365, so the USSR's votes land on Russia). `day` is the day of
    the vote, unused until historic states are placed by date."""
    countries = Country.objects.visible_to(user)
    if layout == "original":
        by_cow = dict(countries.filter(cow_code__isnull=False).values_list("cow_code", "pk"))

        def place_by_cow(code, name, day):
            return by_cow.get(int(code)) if code.isascii() and code.isdigit() else None

        return place_by_cow
    by_code, by_name = {}, {}
    for pk, code, name, official in countries.values_list("pk", "alpha_2", "name", "official_name"):
        by_code[code] = pk
        by_name.setdefault(name.casefold(), pk)
        if official:
            by_name.setdefault(official.casefold(), pk)
    for retired, current in RETIRED_CODES.items():
        if current in by_code:
            by_code.setdefault(retired, by_code[current])
    for name, code in NAMES_WITHOUT_CODE.items():
        if code in by_code:
            by_name.setdefault(name, by_code[code])

    def place(code, name, day):
        if code:
            return by_code.get(code.upper())
        return by_name.get(name.casefold()) if name else None

    return place
