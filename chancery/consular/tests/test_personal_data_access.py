"""Who reads a person's record: the consular officers of its responsible mission and
administrators; everyone else only counts it. Generated from the registry: every record type that
holds personal data (`personal_data_mission`) is checked on every surface — the list and record
pages, the API, the global search, the exports — and each read is logged.

The clearance matrix (core/tests/test_leak_matrix.py) covers classification; here every user is
cleared to the top so that only the personal-data rule is at work.

A test builds a type's records and a reader of each role once, asks each surface once per role
(the search, which holds every type, once per role for the records of every type), and names
every role, type and surface that fails before it fails."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from chancery.bilateral.models import Mission
from chancery.core.models import Classification
from chancery.core.reads import holds_personal_data
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import (
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
# the roles that may read some person's record, so whose search is logged
READING_ROLES = ("officer of the mission", "officer elsewhere", "administrator")
EVERY_TYPE = "every type"  # what a failure names when a request is about every type at once


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


def make_records(record_type, missions, factory):
    """One record of the type for each mission."""
    made = []
    for mission in missions:
        record = factory.make(record_type.model, marker=f"{MARKER} {mission.name}")
        attach(record, record_type.model.personal_data_mission, mission)
        made.append(record_type.model.objects.get(pk=record.pk))
    return made


@pytest.fixture
def records(record_type, missions, factory):
    """One record of the type for each mission."""
    return make_records(record_type, missions, factory)


@pytest.fixture
def records_of_every_type(missions, factory):
    """One record of each type for each mission, by type."""
    return {rt: make_records(rt, missions, factory) for rt in PERSONAL_TYPES}


@pytest.fixture
def readers(make_user, missions):
    """A reader for each role, by role: a consular officer of the first mission, one of the
    second, an analyst, a desk officer and an administrator."""
    made = {}
    for role in ROLES:
        account_role = {
            "officer of the mission": "consular officer",
            "officer elsewhere": "consular officer",
        }.get(role, role)
        user = make_user(role.replace(" ", "-"), Classification.SECRET, role=account_role)
        if role == "officer of the mission":
            user.consular_missions.add(missions[0])
        elif role == "officer elsewhere":
            user.consular_missions.add(missions[1])
        made[role] = user
    return made


def readable(role, records):
    """The records `role` may read: its mission's, all for an administrator, else none."""
    return {
        "officer of the mission": records[:1],
        "officer elsewhere": records[1:],
        "administrator": records,
    }.get(role, [])


def ids(records):
    return {r.pk for r in records}


class Failures(list):
    """What went wrong, each named by role, type and surface; a test asserts it is empty at its
    end, so that one run names every failure."""

    def check(self, holds, role, record_type, surface, what):
        if not holds:
            name = getattr(record_type, "model_name", record_type)
            self.append(f"{role}, {name}, {surface}: {what}")

    def report(self):
        return "\n".join(["the personal-data rule fails:", *self])


def access_entries(model, reader):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        actor=reader,
        content_type=ContentType.objects.get_for_model(model),
    )


def last_entry():
    """The key of the newest log entry: the reads logged after it are a request's."""
    return LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0


def check_reads_logged(failures, role, reader, record_type, surface, allowed, since):
    """Every read of the surface since the entry `since` is logged with the surface, and nothing
    else is; no entry names the person."""
    logged = list(access_entries(record_type.model, reader).filter(pk__gt=since))
    where = f"{surface} (read log)"
    failures.check(
        {int(e.object_pk) for e in logged} == ids(allowed),
        *(role, record_type, where),
        f"logs reads of {sorted(int(e.object_pk) for e in logged)}, not {sorted(ids(allowed))}",
    )
    surfaces = {e.additional_data["surface"] for e in logged}
    failures.check(surfaces <= {surface}, role, record_type, where, f"logs the surfaces {surfaces}")
    failures.check(
        all(MARKER not in f"{e.object_repr} {e.changes_text}" for e in logged),
        *(role, record_type, where),
        "a log entry names the person",
    )


def test_a_person_is_read_only_by_the_officers_of_the_mission_and_administrators(
    record_type, readers, records
):
    mine = record_type.model.objects.filter(pk__in=ids(records))
    failures = Failures()

    for role, reader in readers.items():
        read, counted = ids(mine.visible_to(reader)), ids(mine.countable_by(reader))
        expected = ids(readable(role, records))
        failures.check(
            read == expected,
            *(role, record_type, "visible_to"),
            f"reads {sorted(read)}, not {sorted(expected)}",
        )
        failures.check(
            counted == ids(records),
            *(role, record_type, "countable_by"),
            f"counts {sorted(counted)}, not {sorted(ids(records))}",
        )

    assert not failures, failures.report()


def test_every_surface_shows_only_the_persons_the_user_may_read_and_logs_each_read(
    record_type, readers, records, client_as
):
    """The list page, the record pages, the API and the exports, as every role; the reads of the
    list and record pages, the API's record answers and the CSV export are logged."""
    failures = Failures()

    for role, reader in readers.items():
        client = client_as(reader)
        allowed = readable(role, records)

        since = last_entry()
        page = client.get(record_type.list_url).content.decode()
        failures.check(
            [r for r in allowed if not linked(r, page)] == [],
            *(role, record_type, "list page"),
            f"does not link {[r.pk for r in allowed if not linked(r, page)]}",
        )
        hidden = [r for r in records if r not in allowed]
        failures.check(
            [r for r in hidden if leaked(r, page)] == [],
            *(role, record_type, "list page"),
            f"shows {[r.pk for r in hidden if leaked(r, page)]}",
        )
        check_reads_logged(failures, role, reader, record_type, "list", allowed, since)

        since = last_entry()
        statuses = {r.pk: client.get(r.get_absolute_url()).status_code for r in records}
        expected = {r.pk: 200 if r in allowed else 404 for r in records}
        failures.check(
            statuses == expected,
            *(role, record_type, "record page"),
            f"answers {statuses}, not {expected}",
        )
        check_reads_logged(failures, role, reader, record_type, "page", allowed, since)

        listed = {item["id"] for item in client.get(api_url(record_type)).json()["results"]}
        failures.check(
            listed & ids(records) == ids(allowed),
            *(role, record_type, "API list"),
            f"lists {sorted(listed & ids(records))}, not {sorted(ids(allowed))}",
        )
        since = last_entry()
        statuses = {r.pk: client.get(api_url(record_type, r.pk)).status_code for r in records}
        failures.check(
            statuses == expected,
            *(role, record_type, "API record"),
            f"answers {statuses}, not {expected}",
        )
        check_reads_logged(failures, role, reader, record_type, "api", allowed, since)

        for fmt in EXPORT_FORMATS:
            since = last_entry()
            response = client.get(export_url(record_type, fmt))
            surface = f"{fmt} export"
            failures.check(
                response.status_code == 200,
                *(role, record_type, surface),
                f"answers {response.status_code}",
            )
            if response.status_code != 200:
                continue
            exported = exported_ids(response, fmt) & ids(records)
            failures.check(
                exported == ids(allowed),
                *(role, record_type, surface),
                f"holds {sorted(exported)}, not {sorted(ids(allowed))}",
            )
            if fmt == "csv":
                check_reads_logged(failures, role, reader, record_type, "export", allowed, since)

    assert not failures, failures.report()


@pytest.mark.parametrize("role", ROLES)
def test_the_search_finds_only_the_persons_the_user_may_read_and_is_logged_without_its_words(
    role, records_of_every_type, readers, client_as
):
    """One search finds the persons of every type at once; a second is logged (for a role that
    may read a person) without the words searched."""
    failures = Failures()
    reader = readers[role]
    client = client_as(reader)

    response = client.get("/search/", {"q": MARKER})
    page = response.content.decode()
    groups = {g["record_type"]: g for g in response.context["groups"]}
    cut = [rt.model_name for rt in records_of_every_type if rt in groups and groups[rt]["more"]]
    # a group shows at most ten records: those made here must all fit to be searched for leaks
    assert cut == [], f"the search as {role} shows only some of the {cut} made here"
    for record_type, records in records_of_every_type.items():
        allowed = readable(role, records)
        hidden = [r for r in records if r not in allowed]
        failures.check(
            [r for r in hidden if leaked(r, page)] == [],
            *(role, record_type, "search"),
            f"shows {[r.pk for r in hidden if leaked(r, page)]}",
        )
        if record_type.search_fields:
            failures.check(
                [r for r in allowed if not linked(r, page)] == [],
                *(role, record_type, "search"),
                f"does not find {[r.pk for r in allowed if not linked(r, page)]}",
            )

    since = last_entry()
    client.get("/search/", {"q": f"{MARKER} Embassy"})
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=reader, pk__gt=since)
    paths = {e.additional_data["path"] for e in logged}
    where = "search (read log)"
    failures.check(paths <= {"/search/"}, role, EVERY_TYPE, where, f"logs the paths {paths}")
    failures.check(
        logged.exists() == (role in READING_ROLES),
        *(role, EVERY_TYPE, where),
        "logs a read" if logged.exists() else "logs no read",
    )
    for record_type, records in records_of_every_type.items():
        if role in READING_ROLES and record_type.search_fields:
            allowed = ids(readable(role, records))
            content_type = ContentType.objects.get_for_model(record_type.model)
            found = {int(e.object_pk) for e in logged.filter(content_type=content_type)}
            failures.check(
                allowed <= found,
                *(role, record_type, where),
                f"logs reads of {sorted(found)}, not all of {sorted(allowed)}",
            )

    assert not failures, failures.report()


def test_the_change_log_names_a_person_s_record_by_its_type_and_number_only(record_type, records):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record_type.model),
        object_pk__in=[str(r.pk) for r in records],
    )

    assert entries.exists()
    assert {e.object_repr for e in entries} == {
        f"{record_type.model._meta.verbose_name} #{r.pk}" for r in records
    }
