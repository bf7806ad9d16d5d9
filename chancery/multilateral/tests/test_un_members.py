"""The UN's roll on any day since 24 October 1945, as `load-reference` loads it: exactly its
members, historic states holding their seats until their successors did; built from the UNTC
tables and loaded once, a second load writing nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from chancery.core.models import SYSTEM
from chancery.multilateral.models import Membership
from chancery.multilateral.roll import roll
from chancery.multilateral.un_members import UN_MEMBERS_CSV, build_un_members, load_un_members
from chancery.reference.models import Organization
from conftest import loaded_once_per_module

D = datetime.date


def load_reference():
    call_command("load-reference", stdout=StringIO())


reference_for_the_module = loaded_once_per_module(load_reference)


@pytest.fixture
def reference(reference_for_the_module, db):
    """Every state past and present and the UN's memberships, loaded once for the module."""


# day -> (members, codes on the roll, codes not on it)
ROLLS = {
    D(1945, 10, 24): (
        51,
        {"SUHH", "XROC", "YUCS", "CSHH", "EG", "SY", "BY", "UA"},
        {"RS", "CN", "RU"},
    ),
    D(1960, 1, 1): (82, {"XUAR", "XROC", "XYAR"}, {"EG", "SY", "CN", "TW"}),
    D(1972, 1, 1): (132, {"CN", "EG", "SY"}, {"XROC", "TW"}),
    D(1980, 1, 1): (152, {"XGFR", "DDDE", "XYAR", "YDYE", "TZ"}, {"DE", "YE"}),
    D(1991, 12, 31): (166, {"RU", "DE", "YE", "YUCS", "CSHH"}, {"SUHH", "XGFR", "DDDE"}),
    D(2006, 7, 1): (192, {"RS", "ME"}, {"CSXX"}),
    D(2011, 7, 14): (193, {"SS", "RS"}, set()),
    D(2016, 1, 1): (193, {"RS", "CN", "RU", "DE", "YE", "TZ"}, {"TW", "XK"}),
}


def test_the_un_roll_on_each_day_lists_exactly_its_members(reference):
    un = Organization.objects.get(acronym="UN")

    rolls = {day: {m.state.code for m in roll(un, day, SYSTEM)} for day in ROLLS}

    for day, (count, present, absent) in ROLLS.items():
        assert len(rolls[day]) == count, day
        assert present <= rolls[day] and not absent & rolls[day], day
    serbia = Membership.objects.get(state__alpha_2="RS", organization=un)
    assert serbia.since == D(2006, 6, 5)  # Serbia and Montenegro held the seat from 2000


def test_the_shipped_roll_is_built_from_the_untc_tables_and_a_second_load_writes_nothing(
    reference,
):
    assert UN_MEMBERS_CSV.read_text(encoding="utf-8") == build_un_members()
    stamps = dict(Membership.objects.values_list("pk", "updated_at"))

    again = load_un_members()

    assert again["created"] == again["updated"] == 0
    assert dict(Membership.objects.values_list("pk", "updated_at")) == stamps
