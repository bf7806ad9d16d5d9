"""Upgrading a database that kept organs as organisations of kind "organ": each becomes an
organ of its parent, its memberships seats in the organ, and engagements name the organ.

The migration's function (`0003_organs_from_organizations`) is run on records written as such a
database held them. It only reads and writes fields the models still have, so the models of
today stand in for those of the migration's day: unapplying and reapplying the migrations around
it to get the schema of that day took most of the 20 seconds a test may take."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps

from chancery.bilateral.models import Engagement
from chancery.multilateral.models import Membership, Organ
from chancery.reference.models import Country, Organization

migration = import_module("chancery.multilateral.migrations.0003_organs_from_organizations")


@pytest.mark.django_db
def test_organisations_of_kind_organ_become_organs_of_their_parent():
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    council = Organization.objects.create(
        name="United Nations Security Council", acronym="UNSC", kind="organ", parent=un
    )
    state = Country.objects.create(alpha_2="AZ", alpha_3="AZE", numeric="031", name="Azerbaijan")
    Membership.objects.create(
        state=state, organization=council, status="member", since=datetime.date(2012, 1, 1)
    )
    meeting = Engagement.objects.create(
        title="Joint meeting",
        kind="meeting",
        direction="multilateral",
        start=datetime.date(2013, 1, 1),
    )
    meeting.organizations.add(council)

    migration.organs_from_organizations(apps, None)

    organ = Organ.objects.get(acronym="UNSC")
    assert organ.organization_id == un.pk
    assert organ.kind == "council"
    seat = Membership.objects.get()
    assert (seat.organization_id, seat.organ_id) == (un.pk, organ.pk)
    meeting = Engagement.objects.get()
    assert list(meeting.organizations.values_list("acronym", flat=True)) == ["UN"]
    assert list(meeting.organs.values_list("acronym", flat=True)) == ["UNSC"]
    assert not Organization.objects.filter(kind="organ").exists()
