"""Upgrading a database that kept organs as organisations of kind "organ": each becomes an
organ of its parent, its memberships seats in the organ, and engagements name the organ."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("multilateral", "0002_organs_candidacies_offices_resolutions"),
    ("bilateral", "0007_unique_in_sight"),  # the latest that does not need organs as organs
]
AFTER = [("multilateral", "0003_organs_from_organizations")]


@pytest.mark.django_db(transaction=True)
def test_organisations_of_kind_organ_become_organs_of_their_parent():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organization = apps.get_model("reference", "Organization")
    Country = apps.get_model("reference", "Country")
    Membership = apps.get_model("multilateral", "Membership")
    Engagement = apps.get_model("bilateral", "Engagement")
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

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Organ = apps.get_model("multilateral", "Organ")
    Membership = apps.get_model("multilateral", "Membership")
    Engagement = apps.get_model("bilateral", "Engagement")
    Organization = apps.get_model("reference", "Organization")

    organ = Organ.objects.get(acronym="UNSC")
    assert organ.organization_id == un.pk
    assert organ.kind == "council"
    seat = Membership.objects.get()
    assert (seat.organization_id, seat.organ_id) == (un.pk, organ.pk)
    meeting = Engagement.objects.get()
    assert list(meeting.organizations.values_list("acronym", flat=True)) == ["UN"]
    assert list(meeting.organs.values_list("acronym", flat=True)) == ["UNSC"]
    assert not Organization.objects.filter(kind="organ").exists()

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
