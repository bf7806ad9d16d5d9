"""The COW IGO import of the whole real file (19,042 spells, 534 organisations created through
their forms), and a second import of it: done once for the module, as its load (two whole-file
imports are 20 s on PostgreSQL), and their results asked by each test."""

import datetime

from chancery.multilateral.models import Membership
from chancery.reference.models import Country
from conftest import loaded_once_per_module

from .test_igo import import_all, load_states_past_and_present, spell_rows

first = {}


def load_states_and_import_the_whole_file():
    load_states_past_and_present()
    first["known"] = set(
        Country.objects.filter(cow_code__isnull=False).values_list("cow_code", flat=True)
    )
    first["result"] = import_all(create_organizations=True)
    first["memberships"] = Membership.objects.count()
    first["stamps"] = dict(Membership.objects.values_list("pk", "updated_at"))
    first["second"] = import_all(create_organizations=True)


imported_for_the_module = loaded_once_per_module(load_states_and_import_the_whole_file)


def test_every_spell_becomes_a_membership_or_is_reported_and_a_second_import_writes_nothing(
    imported_for_the_module, db
):
    rows = spell_rows()
    result, second, memberships = first["result"], first["second"], first["memberships"]

    # a spell of a code that changed hands during it lands once per state that held the code
    cut = Membership.objects.filter(since_precision="day").count()
    assert result.created == memberships
    assert len(rows) < result.created + len(result.reported) <= len(rows) + cut
    assert (result.updated, result.unchanged, result.overlapping) == (0, 0, [])
    assert (second.created, second.updated, second.organizations_created) == (0, 0, 0)
    assert second.unchanged == result.created
    assert second.reported == result.reported
    assert Membership.objects.count() == memberships
    assert dict(Membership.objects.values_list("pk", "updated_at")) == first["stamps"]


def test_the_spells_of_states_that_no_longer_exist_are_theirs_and_a_shared_code_is_cut(
    imported_for_the_module, db
):
    unknown = {line: row for line, row in spell_rows() if int(row["ccode"]) not in first["known"]}

    reasons = {line: reason for line, reason in first["result"].unmapped if "COW state" in reason}
    assert set(reasons) == set(unknown)
    assert {row["ccode"] for row in unknown.values()} == {"347"}  # Kosovo: no ISO code
    fed_rep = Membership.objects.filter(state__alpha_4="XGFR", organization__acronym="NATO").get()
    assert (fed_rep.since.year, fed_rep.until.year) == (1955, 1989)
    soviet, russian = (
        Membership.objects.get(state__cow_code=365, state__end=end, organization__acronym="UN")
        for end in (datetime.date(1991, 12, 25), None)
    )
    assert soviet.state.alpha_4 == "SUHH" and russian.state.alpha_2 == "RU"
    assert (soviet.until, russian.since) == (
        datetime.date(1991, 12, 25),
        datetime.date(1991, 12, 26),
    )
    assert not Membership.objects.filter(state__alpha_2="RS", since__year__lt=2006).exists()
