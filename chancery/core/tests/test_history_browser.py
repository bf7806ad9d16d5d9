"""The history browser: every change to the records a user may see, filtered; a record's versions
compared side by side; an earlier version restored as a new change; deleted records' last versions
for those who see every desk."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from chancery.core import history, keyset, views_history
from chancery.core.models import Classification, SearchEntry
from chancery.core.registry import registry
from chancery.core.search import entry_text
from chancery.core.services import record_write
from chancery.core.tests.surfaces import as_read
from chancery.core.tests.testapp.models import Dispatch

HISTORY = "/history/"
CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # permissions are cached on the instance


@pytest.fixture
def writer(make_user):
    return make_user("writer", Classification.SECRET, role=None, is_superuser=True)


@pytest.fixture
def auditor(make_user):
    """Reads every history and changes nothing: view permissions only, plus read_history; no
    desk, so a deleted record's history is not theirs to see."""
    user = make_user("auditor", Classification.CONFIDENTIAL, role="analyst", desks=[])
    return grant(user, "read_history", "read_access_log")


@pytest.fixture
def restorer(make_user):
    """May change and add dispatches, cleared to confidential."""
    user = make_user("restorer", Classification.CONFIDENTIAL, role=None)
    return grant(user, "change_dispatch", "add_dispatch", "read_history")


def write(user, record=None, **values):
    with record_write(user):
        if record is None:
            return Dispatch.objects.create(**values)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
    return record


def delete(user, record):
    with record_write(user):
        record.delete()


def versions_url(record_or_pk):
    pk = getattr(record_or_pk, "pk", record_or_pk)
    return reverse("history_record", args=["testapp", "dispatch", pk])


def restore_url(pk, entry):
    return reverse("history_restore", args=["testapp", "dispatch", pk, entry.pk])


def entries(record_or_pk, action=None):
    pk = getattr(record_or_pk, "pk", record_or_pk)
    found = LogEntry.objects.filter(content_type__model="dispatch", object_id=pk).order_by("pk")
    return list(found if action is None else found.filter(action=action))


def listed(response):
    return [(row["record"], row["entry"].action) for row in response.context["rows"]]


# the list -------------------------------------------------------------------------------------


def test_it_lists_changes_newest_first_without_reads(writer, auditor, client_as):
    record = write(writer, subject="Border talks")
    write(writer, record, subject="Border talks, second round")
    LogEntry.objects.create(
        content_type=entries(record)[0].content_type,
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr="a read",
        action=LogEntry.Action.ACCESS,
    )

    response = client_as(auditor).get(HISTORY)

    assert response.status_code == 200
    assert listed(response) == [
        ("Border talks, second round", UPDATE),
        ("Border talks", CREATE),
    ]
    assert b"second round" in response.content


def test_it_requires_the_read_history_permission(make_user, client_as):
    officer = make_user("officer", Classification.SECRET)

    assert client_as(officer).get(HISTORY).status_code == 403


def test_it_requires_log_in(client):
    response = client.get(HISTORY)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_filters_by_user_action_record_type_and_date(
    writer, make_user, auditor, client_as, home_state
):
    other = make_user("other", Classification.SECRET, role=None, is_superuser=True)
    mine = write(writer, subject="Mine")
    write(other, subject="Theirs")
    write(writer, mine, subject="Mine, edited")
    LogEntry.objects.filter(object_repr="Theirs").update(
        timestamp=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    client = client_as(auditor)

    by_user = client.get(HISTORY, {"user": other.pk})
    by_action = client.get(HISTORY, {"action": UPDATE})
    by_type = client.get(HISTORY, {"record_type": "reference.country"})
    by_date = client.get(HISTORY, {"since": "2019-12-31", "until": "2020-01-02"})
    by_dispatch = client.get(HISTORY, {"record_type": "testapp.dispatch", "user": writer.pk})

    assert listed(by_user) == [("Theirs", CREATE)]
    assert listed(by_action) == [("Mine, edited", UPDATE)]
    assert listed(by_type) == [("Azerbaijan", CREATE)]
    assert [r for r, _ in listed(by_date)] == ["Theirs"]
    assert listed(by_dispatch) == [("Mine, edited", UPDATE), ("Mine", CREATE)]


@pytest.mark.parametrize(
    "params",
    [
        {"user": "abc"},
        {"user": "99999999999999999999999"},
        {"record_type": "nowhere.nothing"},
        {"since": "yesterday"},
        {"until": "2020-13-45"},
        {"action": "9"},
    ],
)
def test_a_bad_filter_value_answers_400_with_a_message(auditor, client_as, params):
    response = client_as(auditor).get(HISTORY, params)

    assert response.status_code == 400
    assert b"not valid" in response.content
    assert response.context["rows"] == []


def test_an_htmx_request_gets_only_the_table(writer, auditor, client_as):
    write(writer, subject="Border talks")

    response = client_as(auditor).get(HISTORY, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert b"Border talks" in response.content
    assert b"<html" not in response.content


def test_the_menu_offers_the_history_only_to_who_may_read_it(make_user, auditor, client_as):
    officer = make_user("officer", Classification.SECRET)

    assert HISTORY.encode() in client_as(auditor).get(reverse("home")).content
    assert HISTORY.encode() not in client_as(officer).get(reverse("home")).content


# visibility -----------------------------------------------------------------------------------


def test_a_record_above_the_readers_clearance_is_absent_from_the_list_and_the_count(
    writer, auditor, client_as
):
    write(writer, subject="Open dispatch")
    secret = write(writer, subject="Secret dispatch", classification=Classification.SECRET)
    write(writer, secret, pages=4)

    response = client_as(auditor).get(HISTORY)

    assert listed(response) == [("Open dispatch", CREATE)]
    assert not response.context["page"].has_older
    assert b"1 change<" in response.content
    assert b"Secret dispatch" not in response.content


def test_the_versions_diff_and_restore_of_a_record_above_the_clearance_answer_404(
    writer, restorer, client_as
):
    secret = write(writer, subject="Secret dispatch", classification=Classification.SECRET)
    write(writer, secret, pages=4)
    first, second = entries(secret)
    client = client_as(restorer)

    assert client.get(versions_url(secret)).status_code == 404
    assert client.get(versions_url(secret), {"a": first.pk, "b": second.pk}).status_code == 404
    assert client.post(restore_url(secret.pk, first)).status_code == 404
    assert client.get(versions_url(987654)).status_code == 404  # alike to a missing one
    secret.refresh_from_db()
    assert secret.pages == 4


def test_a_related_record_the_reader_may_not_see_is_not_named(
    writer, auditor, client_as, home_state, secret_country
):
    record = write(writer, subject="Border talks", country=home_state)
    write(writer, record, country=secret_country)

    listing = client_as(auditor).get(HISTORY)
    versions = client_as(auditor).get(versions_url(record))

    assert b"Secretland" not in listing.content
    assert b"Secretland" not in versions.content
    assert b"Azerbaijan" in listing.content


# a record's versions and their comparison -----------------------------------------------------


def test_the_detail_page_links_to_the_records_versions(writer, auditor, client_as):
    record = write(writer, subject="Border talks")

    response = client_as(auditor).get(record.get_absolute_url())

    assert versions_url(record).encode() in response.content


def test_it_lists_a_records_versions_newest_first(writer, auditor, client_as):
    record = write(writer, subject="First")
    write(writer, record, subject="Second")

    response = client_as(auditor).get(versions_url(record))

    assert response.status_code == 200
    assert [v["entry"].action for v in response.context["versions"]] == [UPDATE, CREATE]


def test_it_compares_two_versions_field_by_field(writer, auditor, client_as):
    record = write(writer, subject="First", pages=1, channel=Dispatch.Channel.CABLE)
    write(writer, record, subject="Second", channel=Dispatch.Channel.COURIER)
    created, updated = entries(record)

    response = client_as(auditor).get(versions_url(record), {"a": created.pk, "b": updated.pk})

    assert response.status_code == 200
    rows = {row["label"]: row for row in response.context["comparison"]["rows"]}
    assert rows["subject"]["values"] == ["First", "Second"]
    assert rows["subject"]["changed"]
    assert rows["channel"]["values"] == ["Cable", "Courier"]
    assert rows["pages"]["values"] == ["1", "1"]
    assert not rows["pages"]["changed"]
    assert b'data-changed="true"' in response.content


def test_an_entry_of_another_record_is_no_version_of_this_one(writer, auditor, client_as):
    record = write(writer, subject="This one")
    other = write(writer, subject="Another")

    response = client_as(auditor).get(
        versions_url(record), {"a": entries(record)[0].pk, "b": entries(other)[0].pk}
    )

    assert response.status_code == 404


def test_a_malformed_version_answers_400(writer, auditor, client_as):
    record = write(writer, subject="This one")

    response = client_as(auditor).get(versions_url(record), {"a": "x", "b": "1"})

    assert response.status_code == 400


def test_a_many_to_many_change_keeps_a_snapshot(writer, auditor, client_as):
    from chancery.strategy.models import Priority

    priority = Priority.objects.create(
        code="security", order=1, title="Security", short_title="Security"
    )
    record = write(writer, subject="Border talks")
    with record_write(writer):
        record.priorities.add(priority)

    linked = entries(record)[-1]
    assert linked.serialized_data["fields"]["priorities"] == [priority.pk]
    response = client_as(auditor).get(
        versions_url(record), {"a": entries(record)[0].pk, "b": linked.pk}
    )
    rows = {row["label"]: row for row in response.context["comparison"]["rows"]}
    assert rows["priorities"]["changed"]


# restore --------------------------------------------------------------------------------------


def test_restoring_a_version_writes_a_new_change_with_the_old_values(
    writer, restorer, client_as, home_state
):
    record = write(writer, subject="First", pages=2)
    write(writer, record, subject="Second", pages=5, country=home_state)
    created = entries(record)[0]

    response = client_as(restorer).post(restore_url(record.pk, created))

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.subject, record.pages, record.country) == ("First", 2, None)
    entry = SearchEntry.objects.get(object_id=record.pk, content_type__model="dispatch")
    assert entry.text == entry_text(entry.content_type_id, ["First"])  # the index follows it
    latest = entries(record)[-1]
    assert latest.action == UPDATE
    assert latest.actor == restorer
    assert latest.changes_dict["subject"] == ["Second", "First"]
    assert len(entries(record)) == 3


def test_an_auditor_may_not_restore_and_nothing_is_written(writer, auditor, client_as):
    record = write(writer, subject="First")
    write(writer, record, subject="Second")
    before = LogEntry.objects.count()

    response = client_as(auditor).post(restore_url(record.pk, entries(record)[0]))

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.subject == "Second"
    assert LogEntry.objects.count() == before


def test_a_version_linking_a_deleted_record_answers_409_and_writes_nothing(
    writer, restorer, client_as
):
    from chancery.reference.models import Country

    gone = Country.objects.create(alpha_2="GO", alpha_3="GON", numeric="997", name="Goneland")
    record = write(writer, subject="First", country=gone)
    write(writer, record, subject="Second", country=None)
    gone.delete()
    before = LogEntry.objects.count()

    response = client_as(restorer).post(restore_url(record.pk, entries(record)[0]))

    assert response.status_code == 409
    assert b"no longer exists" in response.content
    record.refresh_from_db()
    assert record.subject == "Second"
    assert LogEntry.objects.count() == before


def test_a_version_that_fails_validation_answers_409_and_writes_nothing(
    writer, restorer, client_as
):
    record = write(writer, subject="First")
    write(writer, record, subject="Second")
    created = entries(record)[0]
    created.serialized_data["fields"]["subject"] = ""
    created.save()
    before = LogEntry.objects.count()

    response = client_as(restorer).post(restore_url(record.pk, created))

    assert response.status_code == 409
    assert b"restore-conflict" in response.content
    record.refresh_from_db()
    assert record.subject == "Second"
    assert LogEntry.objects.count() == before


def test_a_version_above_the_restorers_clearance_answers_as_a_missing_one(
    writer, restorer, client_as
):
    record = write(writer, subject="First", classification=Classification.SECRET)
    write(writer, record, subject="Second", classification=Classification.RESTRICTED)
    missing = client_as(restorer).post(
        reverse("history_restore", args=["testapp", "dispatch", record.pk, 987654])
    )

    response = client_as(restorer).post(restore_url(record.pk, entries(record)[0]))

    assert as_read(response) == as_read(missing) and missing.status_code == 404
    record.refresh_from_db()
    assert record.classification == Classification.RESTRICTED


def test_restoring_an_edit_started_on_an_older_version_answers_409(writer, restorer, client_as):
    record = write(writer, subject="First")
    write(writer, record, subject="Second")

    response = client_as(restorer).post(
        restore_url(record.pk, entries(record)[0]), {"_version": "2000-01-01T00:00:00+00:00"}
    )

    assert response.status_code == 409
    record.refresh_from_db()
    assert record.subject == "Second"


# deleted records ------------------------------------------------------------------------------


@pytest.fixture
def every_desk(make_user):
    """Sees every desk, cleared to confidential."""
    user = make_user("every_desk", Classification.CONFIDENTIAL, role=None)
    return grant(user, "read_history", "see_every_desk", "add_dispatch", "change_dispatch")


def test_a_deleted_records_last_version_is_shown_to_who_sees_every_desk(
    writer, every_desk, auditor, client_as
):
    record = write(writer, subject="Deleted dispatch", pages=3)
    pk = record.pk
    delete(writer, record)

    shown = client_as(every_desk).get(HISTORY)
    hidden = client_as(auditor).get(HISTORY)

    assert listed(shown) == [("Deleted dispatch", DELETE), ("Deleted dispatch", CREATE)]
    assert listed(hidden) == []
    assert client_as(every_desk).get(versions_url(pk)).status_code == 200
    assert client_as(auditor).get(versions_url(pk)).status_code == 404


def test_a_deleted_record_above_the_clearance_stays_hidden(writer, every_desk, client_as):
    record = write(writer, subject="Deleted secret", classification=Classification.SECRET)
    pk = record.pk
    delete(writer, record)

    assert listed(client_as(every_desk).get(HISTORY)) == []
    assert client_as(every_desk).get(versions_url(pk)).status_code == 404


def test_a_deleted_record_is_re_created_from_its_last_version(writer, every_desk, client_as):
    record = write(writer, subject="Deleted dispatch", pages=3)
    pk = record.pk
    delete(writer, record)
    deletion = entries(pk, DELETE)[0]

    response = client_as(every_desk).post(restore_url(pk, deletion))

    assert response.status_code == 302
    again = Dispatch.objects.get(pk=pk)
    assert (again.subject, again.pages) == ("Deleted dispatch", 3)
    assert entries(pk)[-1].action == CREATE
    assert entries(pk)[-1].actor == every_desk


def test_re_creating_needs_the_add_permission(writer, make_user, client_as):
    user = grant(
        make_user("no_add", Classification.SECRET, role=None), "see_every_desk", "read_history"
    )
    record = write(writer, subject="Deleted dispatch")
    pk = record.pk
    delete(writer, record)

    response = client_as(user).post(restore_url(pk, entries(pk, DELETE)[0]))

    assert response.status_code == 403
    assert not Dispatch.objects.filter(pk=pk).exists()


# queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_a_page_costs_as_many_queries_for_30_entries_as_for_3(
    writer, auditor, client_as, home_state, django_assert_num_queries, count, monkeypatch
):
    monkeypatch.setattr(views_history, "PER_PAGE", 10)
    for number in range(count):
        write(writer, subject=f"dispatch {number}", country=home_state)
    client = client_as(auditor)
    client.get(HISTORY)  # caches (content types, permissions) filled once

    # session (read; written again only once a minute), user, the second factor's device,
    # permissions (one query), the reader's desks, the page (no count), related names (country),
    # the records the versions link to (country: whether each entry's name may be shown), the
    # filter's users, ...
    with django_assert_num_queries(QUERIES):
        response = client.get(HISTORY)
    with django_assert_num_queries(QUERIES):
        older = client.get(HISTORY, {"before": _cursor(response.context["rows"][0])})

    assert len(response.context["rows"]) == min(count + 1, 10)  # and the home state's
    assert len(older.context["rows"]) == min(count, 10)


QUERIES = 9


# pages by cursor ------------------------------------------------------------------------------


def walk(client, params, direction="before"):
    """Every row the Older (or, from the oldest page, the Newer) links lead to, page by page."""
    response = client.get(HISTORY, params)
    rows, pages = list(response.context["rows"]), 1
    while True:
        page = response.context["page"]
        cursor = page.older if direction == "before" else page.newer
        if not cursor:
            return rows, pages
        response = client.get(HISTORY, {**params, direction: cursor})
        assert response.status_code == 200
        got = list(response.context["rows"])
        rows = rows + got if direction == "before" else got + rows
        pages += 1


def test_walking_the_pages_yields_every_visible_entry_once_in_order(
    writer, auditor, client_as, home_state, monkeypatch
):
    monkeypatch.setattr(views_history, "PER_PAGE", 4)
    records = [write(writer, subject=f"dispatch {n}", country=home_state) for n in range(7)]
    for record in records[::2]:
        write(writer, record, subject=f"{record.subject}, edited")
    write(writer, subject="Secret dispatch", classification=Classification.SECRET)
    # entries on the same microsecond, across pages: the key decides their order
    LogEntry.objects.filter(object_id__in=[r.pk for r in records[:6]]).update(
        timestamp=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    )
    client = client_as(auditor)
    expected = list(
        history.visible_entries(auditor, list(registry))
        .order_by("-timestamp", "-pk")
        .values_list("pk", flat=True)
    )

    rows, pages = walk(client, {})
    # from the oldest page (after the third entry from the end) back up to the newest
    back, back_pages = walk(client, {"before": _cursor(rows[-4])}, direction="after")

    assert len(expected) == 7 + 4 + 1  # and the home state's creation; not the secret one
    assert [row["entry"].pk for row in rows] == expected
    assert pages == 3
    assert [row["entry"].pk for row in back] == expected
    assert back_pages == 4  # the last three, then 4, 4 and the newest one


def test_filters_keep_working_with_the_cursor(writer, make_user, auditor, client_as, monkeypatch):
    monkeypatch.setattr(views_history, "PER_PAGE", 5)
    other = make_user("other", Classification.SECRET, role=None, is_superuser=True)
    for n in range(16):
        write(writer if n % 2 else other, subject=f"dispatch {n}")
    client = client_as(auditor)
    params = {"user": writer.pk, "record_type": "testapp.dispatch"}

    rows, pages = walk(client, params)

    assert [row["record"] for row in rows] == [f"dispatch {n}" for n in range(15, 0, -2)]
    assert pages == 2
    first = client.get(HISTORY, {"user": other.pk})
    second = client.get(HISTORY, {"user": other.pk, "before": first.context["page"].older})
    assert {row["entry"].actor for row in second.context["rows"]} <= {other}


@pytest.mark.parametrize(
    "cursor",
    [
        "yesterday,1",
        "2024-05-01T00:00:00Z",
        "2024-05-01T00:00:00Z,abc",
        "2024-05-01T00:00:00Z,99999999999999999999999",
        "2024-05-01T00:00:00Z,-1",
        "2024-13-45T00:00:00Z,1",
        "2024-05-01T00:00:00\x00Z,1",
        ",",
    ],
)
@pytest.mark.parametrize("direction", ["before", "after"])
def test_a_bad_cursor_answers_400_with_a_clear_message(auditor, client_as, cursor, direction):
    response = client_as(auditor).get(HISTORY, {direction: cursor})

    assert response.status_code == 400
    assert response.context["rows"] == []
    assert b"This link to a page of the log is not valid" in response.content


def _cursor(row):
    return keyset.cursor_of(row["entry"])
