# ruff: noqa: RUF001 (Azerbaijani names have the dotless i)
"""States past: the historic states and their successions as loaded, one placement of codes and
names by day, predecessors followed through every kind of succession, the country page that
includes them only when asked (and says so), and COW codes unique only among today's states."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from chancery.core.models import Classification
from chancery.multilateral.models import Membership
from chancery.reference.countries import load_countries
from chancery.reference.historic import load_historic_states, load_successions, predecessors_of
from chancery.reference.models import Country, Organization, Succession
from chancery.reference.placement import Placement
from conftest import loaded_once_per_module

D = datetime.date


def load_states_past_and_present():
    load_countries()
    load_historic_states()
    load_successions()


states_for_the_module = loaded_once_per_module(load_states_past_and_present)


@pytest.fixture
def states(states_for_the_module, db):
    """Every country, historic state and succession, loaded once for the module."""


def code(country):
    return None if country is None else country.code


def test_the_historic_states_are_loaded_with_their_codes_names_and_dates_and_again_unchanged(
    states,
):
    historic = Country.objects.filter(end__isnull=False)
    by_code = {c.code: c for c in historic}

    assert 40 <= len(by_code) <= 50 and Succession.objects.count() >= 70
    expected = {
        "SUHH": (365, "Sovet İttifaqı", "Союз Советских Социалистических Республик", 1991),
        "YUCS": (345, "Yuqoslaviya", "Социалистическая Федеративная Республика Югославия", 1992),
        "CSXX": (345, "Serbiya və Monteneqro", "Сербия и Черногория", 2006),
        "CSHH": (315, "Çexoslovakiya", "Чехословакия", 1992),
        "DDDE": (
            265,
            "Almaniya Demokratik Respublikası",
            "Германская Демократическая Республика",
            1990,
        ),
        "XGFR": (
            260,
            "Almaniya Federativ Respublikası (1990-cı ilədək)",
            "Федеративная Республика Германия (до 1990 года)",
            1990,
        ),
        "XYAR": (678, "Yəmən Ərəb Respublikası", "Йеменская Арабская Республика", 1990),
        "YDYE": (680, "Cənubi Yəmən", "Народная Демократическая Республика Йемен", 1990),
        "XZAN": (511, "Zənzibar", "Занзибар", 1964),
        "XUAR": (None, "Birləşmiş Ərəb Respublikası", "Объединённая Арабская Республика", 1961),
        "XTAN": (None, "Tanqanyika", "Танганьика", 1964),
        "XROC": (None, "Çin (Çin Respublikası)", "Китай (Китайская Республика)", 1971),
    }
    for key, (cow, name_az, name_ru, last_year) in expected.items():
        state = by_code[key]
        assert (state.cow_code, state.name_az, state.name_ru, state.end.year) == (
            cow,
            name_az,
            name_ru,
            last_year,
        ), key
        assert state.alpha_2 is None and state.start < state.end
    assert by_code["XROC"].name == "China (Republic of China)"
    assert Country.objects.get(alpha_2="RU").cow_code == 365  # shared with the Soviet Union
    assert load_historic_states()["unchanged"] == len(by_code)
    assert load_successions()["unchanged"] == Succession.objects.count()


# (code or name, scheme, day, the state it places on)
PLACED = [
    (365, None, D(1985, 1, 1), "SUHH"),
    (365, None, D(1991, 12, 26), "RU"),
    (365, None, None, "RU"),
    (345, None, D(1980, 1, 1), "YUCS"),
    (345, None, D(1999, 1, 1), "CSXX"),
    (345, None, D(2010, 1, 1), "RS"),
    ("YU", None, D(1995, 1, 1), "CSXX"),
    ("YU", None, D(2007, 1, 1), "RS"),
    (710, None, D(1946, 1, 1), "XROC"),
    (710, None, D(1960, 1, 1), "CN"),
    (713, None, D(1960, 1, 1), "XROC"),
    (713, None, D(1980, 1, 1), "TW"),
    ("TW", None, D(1950, 1, 1), "XROC"),
    ("TW", None, D(2000, 1, 1), "TW"),
    (260, None, D(1980, 1, 1), "XGFR"),
    (260, None, D(1991, 1, 1), "DE"),
    (255, None, D(1960, 1, 1), None),  # no Germany between 1945 and 1990
    (315, None, D(1980, 1, 1), "CSHH"),
    (651, None, D(1960, 1, 1), "XUAR"),
    (651, None, D(1970, 1, 1), "EG"),
    (510, None, D(1962, 1, 1), "XTAN"),
    ("DD", None, None, "DDDE"),
    ("ZR", None, None, "CD"),
    ("SUN", None, None, "SUHH"),
    ("DEU", None, D(1980, 1, 1), "XGFR"),
    ("AZE", None, None, "AZ"),
    ("SUHH", None, None, "SUHH"),
    ("Yemen Arab Republic", "name", None, "XYAR"),
    ("Yemen", "name", D(1980, 1, 1), "XYAR"),
    ("Yemen", "name", D(2000, 1, 1), "YE"),
    ("Taiwan", "name", D(1960, 1, 1), "XROC"),
    ("Союз Советских Социалистических Республик", "name", None, "SUHH"),
    ("Azerbaijan", "name", None, "AZ"),
    (999, None, None, None),
    ("Atlantis", "name", None, None),
]


def test_the_placement_finds_the_state_a_code_or_name_meant_on_the_day(
    states, django_assert_num_queries
):
    with django_assert_num_queries(1):
        placement = Placement.load()

    placed = [
        code(
            placement.state(name=key, day=day)
            if scheme == "name"
            else placement.state(code=key, day=day)
        )
        for key, scheme, day, _expected in PLACED
    ]

    assert placed == [expected for *_rest, expected in PLACED]
    assert code(placement.state(code="", name="Czechoslovakia")) == "CSHH"


def test_predecessors_are_followed_through_every_kind_nearest_first(states):
    def chain(key):
        state = (
            Country.objects.get(alpha_2=key) if len(key) == 2 else Country.objects.get(alpha_4=key)
        )
        return [(p.code, s.kind) for p, s in predecessors_of(state)]

    assert chain("RS") == [
        ("CSXX", "continuation"),
        ("YUCS", "dissolution"),
        ("XAUH", "dissolution"),
    ]
    assert chain("RU") == [("SUHH", "continuation")]
    assert ("XGFR", "continuation") in chain("DE") and ("DDDE", "absorption") in chain("DE")
    assert sorted(chain("YE")) == [("XYAR", "merger"), ("YDYE", "merger")]
    assert chain("TW") == []  # never the Republic of China's seat
    assert chain("SUHH") == []


def test_the_country_page_includes_predecessors_only_when_asked_and_says_so(
    states, personas, client_as
):
    russia = Country.objects.get(alpha_2="RU")
    soviet = Country.objects.get(alpha_4="SUHH")
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    Membership.objects.create(
        state=soviet, organization=un, status="member", since=D(1945, 10, 24), until=D(1991, 12, 25)
    )
    Membership.objects.create(state=russia, organization=un, status="member", since=D(1991, 12, 26))
    hidden = Membership.objects.create(
        state=soviet, organization=un, status="observer", classification=Classification.SECRET
    )
    client = client_as(personas[Classification.RESTRICTED])

    with CaptureQueriesContext(connection) as asked_alone:
        alone = client.get(russia.get_absolute_url())
    with CaptureQueriesContext(connection) as asked_together:
        together = client.get(russia.get_absolute_url(), {"predecessors": "1"})
    historic = client.get(soviet.get_absolute_url())

    assert alone.context["held_totals"]["memberships"] == 1
    assert b'data-predecessors="included"' not in alone.content
    assert together.context["held_totals"]["memberships"] == 2  # the secret one is not counted
    assert b'data-predecessors="included"' in together.content
    assert "Including its predecessor" in together.content.decode()
    assert [(s.code, n["memberships"]) for s, _succ, n in together.context["held_rows"]] == [
        ("RU", 1),
        ("SUHH", 1),
    ]
    assert historic.status_code == 200 and "Succeeded by" in historic.content.decode()
    assert hidden.pk  # kept, only out of sight
    assert len(asked_together) <= len(asked_alone) + 1  # the succession chain, in one query


def test_a_cow_code_is_unique_among_todays_states_but_shared_with_historic_ones(states):
    Country.objects.create(alpha_4="XTST", name="Old Russia", cow_code=365, end=D(1900, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(alpha_2="QQ", alpha_3="QQQ", numeric="999", name="Q", cow_code=365)
