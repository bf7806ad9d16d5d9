"""Who reads a person's record: the consular officers of its responsible mission and
administrators; everyone else only counts it. Generated from the registry: every record type that
holds personal data (`personal_data_mission`) is checked on every surface — the list and record
pages, the API, the global search, the exports — and each read is logged.

The clearance matrix (core/tests/test_visibility.py) covers classification; here every user is
cleared to the top so that only the personal-data rule is at work."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from chancery.bilateral.models import Mission
from chancery.core.models import Classification
from chancery.core.reads import holds_personal_data
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.test_visibility import (
    EXPORT_FORMATS,
    MARKER,
    api_url,
    export_url,
    exported_ids,
    leaked,
    linked,
)

PERSONAL_TYPES = [rt for rt in registry if holds_personal_data(rt.model)]
ROLES = ("officer of the mission", "officer elsewhere", "analyst", "desk officer", "administrator")


@pytest.fixture(params=PERSONAL_TYPES, ids=lambda rt: rt.model_name)
def record_type(request):
    return request.param


@pytest.fixture
def factory(db):
    return RecordFactory()


@pytest.fixture
def missions(home_state, factory):
    host = factory.make(Mission).host_state

    def mission(name):
        return Mission.objects.create(
            name=name, kind="embassy", sending_state=home_state, host_state=host
        )

    return mission("Embassy A"), mission("Embassy B")


def attach(record, path, mission):
    """Make `mission` the one responsible for `record`, along its `personal_data_mission` path."""
    *steps, last = path.split("__")
    target = record
    for step in steps:
        target = getattr(target, step)
    type(target).objects.filter(pk=target.pk).update(**{last: mission})


@pytest.fixture
def records(record_type, missions, factory):
    """One record of the type for each mission."""
    made = []
    for mission in missions:
        record = factory.make(record_type.model, marker=f"{MARKER} {mission.name}")
        attach(record, record_type.model.personal_data_mission, mission)
        made.append(record_type.model.objects.get(pk=record.pk))
    return made


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def reader(role, make_user, missions):
    account_role = {
        "officer of the mission": "consular officer",
        "officer elsewhere": "consular officer",
    }.get(role, role)
    user = make_user(role.replace(" ", "-"), Classification.SECRET, role=account_role)
    if role == "officer of the mission":
        user.consular_missions.add(missions[0])
    elif role == "officer elsewhere":
        user.consular_missions.add(missions[1])
    return user


def readable(role, records):
    """The records `role` may read: its mission's, all for an administrator, else none."""
    return {
        "officer of the mission": records[:1],
        "officer elsewhere": records[1:],
        "administrator": records,
    }.get(role, [])


def ids(records):
    return {r.pk for r in records}


def test_a_person_is_read_only_by_the_officers_of_the_mission_and_administrators(
    record_type, role, reader, records
):
    mine = record_type.model.objects.filter(pk__in=ids(records))

    assert ids(mine.visible_to(reader)) == ids(readable(role, records))
    assert ids(mine.countable_by(reader)) == ids(records)


def test_the_list_page_names_only_the_persons_the_user_may_read(
    record_type, role, reader, records, client_as
):
    allowed = readable(role, records)

    page = client_as(reader).get(record_type.list_url).content.decode()

    assert [r for r in allowed if not linked(r, page)] == []
    assert [r for r in records if r not in allowed and leaked(r, page)] == []


def test_the_record_page_answers_404_to_whoever_may_not_read_it(
    record_type, role, reader, records, client_as
):
    client = client_as(reader)
    allowed = ids(readable(role, records))

    statuses = {r.pk: client.get(r.get_absolute_url()).status_code for r in records}

    assert statuses == {r.pk: 200 if r.pk in allowed else 404 for r in records}


def test_the_api_lists_and_answers_only_for_the_persons_the_user_may_read(
    record_type, role, reader, records, client_as
):
    client = client_as(reader)
    allowed = ids(readable(role, records))

    listed = {item["id"] for item in client.get(api_url(record_type)).json()["results"]}
    statuses = {r.pk: client.get(api_url(record_type, r.pk)).status_code for r in records}

    assert listed & ids(records) == allowed
    assert statuses == {r.pk: 200 if r.pk in allowed else 404 for r in records}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_exports_hold_only_the_persons_the_user_may_read(
    record_type, role, reader, records, client_as, fmt
):
    response = client_as(reader).get(export_url(record_type, fmt))

    assert response.status_code == 200
    assert exported_ids(response, fmt) & ids(records) == ids(readable(role, records))


def test_the_search_finds_only_the_persons_the_user_may_read(
    record_type, role, reader, records, client_as
):
    allowed = readable(role, records)

    page = client_as(reader).get("/search/", {"q": MARKER}).content.decode()

    assert [r for r in records if r not in allowed and leaked(r, page)] == []
    if record_type.search_fields:
        assert [r for r in allowed if not linked(r, page)] == []


def access_entries(model, reader):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        actor=reader,
        content_type=ContentType.objects.get_for_model(model),
    )


@pytest.mark.parametrize("surface", ["page", "list", "api", "export"])
def test_every_read_is_logged_with_its_surface_and_nothing_else_is(
    record_type, role, reader, records, client_as, surface
):
    client = client_as(reader)
    allowed = readable(role, records)
    url = {
        "page": lambda r: r.get_absolute_url(),
        "list": lambda r: record_type.list_url,
        "api": lambda r: api_url(record_type, r.pk),
        "export": lambda r: export_url(record_type, "csv"),
    }[surface]
    for record in records:
        response = client.get(url(record))
        if surface == "export":
            b"".join(response.streaming_content)

    logged = access_entries(record_type.model, reader)

    assert {int(e.object_pk) for e in logged} == ids(allowed)
    assert {e.additional_data["surface"] for e in logged} <= {surface}
    assert all(MARKER not in f"{e.object_repr} {e.changes_text}" for e in logged)


def test_the_change_log_names_a_person_s_record_by_its_type_and_number_only(record_type, records):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record_type.model),
        object_pk__in=[str(r.pk) for r in records],
    )

    assert entries.exists()
    assert {e.object_repr for e in entries} == {
        f"{record_type.model._meta.verbose_name} #{r.pk}" for r in records
    }


def test_a_search_is_logged_without_the_words_searched(records, role, reader, client_as):
    client_as(reader).get("/search/", {"q": f"{MARKER} Embassy"})

    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=reader)

    assert {e.additional_data["path"] for e in logged} <= {"/search/"}
    assert logged.exists() == (
        role in ("officer of the mission", "officer elsewhere", "administrator")
    )
