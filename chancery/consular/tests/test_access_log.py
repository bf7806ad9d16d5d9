"""The log of reads of personal data, for auditors: only with the permission, every read shown
with who, what, when and where, filtered, paginated, exported as CSV, in as many queries for
many reads as for few."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.consular import crisis as accounting
from chancery.consular.models import Case, CasePerson, Crisis, CrisisCheck
from chancery.core import reads

URL = reverse("consular:access_log")
EXPORT_URL = reverse("consular:access_log_export")
SURNAME = "Zebulonova"


def read(user, record, surface=reads.PAGE, days_ago=0, path=None):
    """Log that `user` read `record` through `surface`, `days_ago` days ago."""
    request = RequestFactory().get(path or record.get_absolute_url())
    request.user = user
    reads.log_reads(request, type(record), [record.pk], surface)
    entry = LogEntry.objects.latest("pk")
    if days_ago:
        entry.timestamp = timezone.now() - datetime.timedelta(days=days_ago)
        entry.save(update_fields=["timestamp"])
    return entry


def shown(response):
    return {(row["user"], row["record"], str(row["surface"])) for row in response.context["rows"]}


@pytest.fixture
def person(register):
    return register(SURNAME)


@pytest.fixture
def case_person(make_case, person):
    return CasePerson.objects.create(case=make_case(), name="Someone Else", registration=person)


@pytest.fixture
def check(person, host, officer):
    crisis = Crisis.objects.create(name="Quake", starts_on=timezone.localdate())
    crisis.countries.add(host)
    return accounting.mark(crisis, person, CrisisCheck.Status.ACCOUNTED, officer)


@pytest.fixture
def logged(person, case_person, check, officer, outsider):
    """Four reads: by two users, of three personal record types, over ten days, through four
    surfaces."""
    return {
        "registration page": read(officer, person, reads.PAGE, days_ago=3),
        "case person list": read(officer, case_person, reads.LIST, path="/x/?q=a"),
        "registration export": read(outsider, person, reads.EXPORT),
        "check search": read(officer, check, reads.SEARCH, days_ago=10),
    }


@pytest.mark.parametrize("persona", ["officer", "outsider", "analyst"])
def test_it_answers_403_without_the_permission(persona, request, client_as, logged):
    client = client_as(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403


def test_it_requires_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_reading_a_registration_page_shows_in_the_log(person, officer, auditor, client_as):
    assert client_as(officer).get(person.get_absolute_url()).status_code == 200

    response = client_as(auditor).get(URL, {"user": officer.pk})
    rows = [
        r for r in response.context["rows"] if r["record"] == f"registration abroad #{person.pk}"
    ]

    assert response.status_code == 200
    assert len(rows) == 1
    assert rows[0]["user"] == "officer"
    assert str(rows[0]["record_type"]) == "Registration abroad"
    assert str(rows[0]["surface"]) == "Record page"
    assert rows[0]["path"] == person.get_absolute_url()
    body = response.content.decode()
    assert f"registration abroad #{person.pk}" in body
    assert SURNAME.lower() not in body.lower()
    assert person.reference not in body


def test_it_lists_every_read_newest_first(logged, auditor, client_as):
    response = client_as(auditor).get(URL)

    assert [r["record"] for r in response.context["rows"]] == [
        logged[name].object_repr
        for name in ("registration export", "case person list", "registration page", "check search")
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"user": "officer"}, {"registration page", "case person list", "check search"}),
        ({"user": "outsider"}, {"registration export"}),
        ({"record_type": "consular.registration"}, {"registration page", "registration export"}),
        ({"record_type": "consular.crisischeck"}, {"check search"}),
        ({"surface": "list"}, {"case person list"}),
        ({"since": 3}, {"registration page", "case person list", "registration export"}),
        ({"since": 2}, {"case person list", "registration export"}),
        ({"until": 3}, {"registration page", "check search"}),
        ({"until": 4}, {"check search"}),
        ({"since": 10, "until": 1, "user": "officer"}, {"registration page", "check search"}),
    ],
)
def test_the_filters_narrow_the_log(filters, expected, logged, auditor, request, client_as):
    today = timezone.localdate()
    params = {}
    for name, value in filters.items():
        if name == "user":
            value = request.getfixturevalue(value).pk
        elif name in ("since", "until"):
            value = (today - datetime.timedelta(days=value)).isoformat()
        params[name] = value

    response = client_as(auditor).get(URL, params)

    assert response.status_code == 200
    assert {r["record"] for r in response.context["rows"]} == {
        logged[name].object_repr for name in expected
    }
    assert not response.context["page"].has_older


@pytest.mark.parametrize(
    "params",
    [
        {"since": "not a day"},
        {"surface": "telepathy"},
        {"record_type": "bilateral.mission"},
        {"user": "99999999999999999999999"},
    ],
)
def test_a_bad_filter_is_refused_not_ignored(params, logged, auditor, client_as):
    client = client_as(auditor)
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.context["rows"] == []
    assert client.get(EXPORT_URL, params).status_code == 400


def test_the_export_holds_the_filtered_log(logged, person, officer, auditor, client_as):
    response = client_as(auditor).get(EXPORT_URL, {"user": officer.pk, "surface": "page"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When", "User", "Record type", "Record", "Surface", "Path", "Address"]
    assert [row[1:6] for row in rows[1:]] == [
        [
            "officer",
            "Registration abroad",
            f"registration abroad #{person.pk}",
            "Record page",
            person.get_absolute_url(),
        ]
    ]
    entry = logged["registration page"]
    assert rows[1][0] == timezone.localtime(entry.timestamp).isoformat()
    assert rows[1][6] == "127.0.0.1"


def test_a_cell_a_spreadsheet_would_run_is_exported_as_text(person, make_user, auditor, client_as):
    read(make_user("=HYPERLINK(1)", role="analyst"), person)

    response = client_as(auditor).get(EXPORT_URL)

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_the_log_is_paginated_by_a_cursor_without_a_count(person, officer, auditor, client_as):
    for _ in range(53):
        read(officer, person)
    client = client_as(auditor)

    first = client.get(URL)
    second = client.get(URL, {"before": first.context["page"].older})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 3
    assert first.context["page"].has_older and not second.context["page"].has_older
    assert "50 reads on this page" in first.content.decode()
    assert "before=" in first.content.decode() and "after=" in second.content.decode()


def test_a_bad_cursor_answers_400_with_a_message(logged, auditor, client_as):
    response = client_as(auditor).get(URL, {"before": "yesterday,1"})

    assert response.status_code == 400
    assert response.context["rows"] == []
    assert "not valid" in response.context["cursor_error"]


def test_the_page_needs_as_many_queries_for_many_reads_as_for_few(
    register, make_case, make_user, auditor, client_as, django_assert_num_queries
):
    client = client_as(auditor)

    def add(n):
        for i in range(n):
            reader = make_user(f"reader{n}-{i}", role="consular officer")
            read(reader, register(), reads.PAGE)
            read(reader, CasePerson.objects.create(case=make_case(), name="X"), reads.LIST)

    add(1)
    client.get(URL)  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"record_type": "consular.registration"}).status_code == 200
    add(10)

    with django_assert_num_queries(len(few)):
        response = client.get(URL, {"record_type": "consular.registration"})

    assert len(response.context["rows"]) == 11


def test_the_record_types_offered_are_those_holding_personal_data(auditor, client_as):
    response = client_as(auditor).get(URL)

    choices = dict(response.context["filterset"].form.fields["record_type"].choices)
    assert "consular.registration" in choices
    assert "consular.caseperson" in choices
    assert Case._meta.label_lower in choices  # its summary is about a person
    assert "consular.crisis" not in choices
    assert "bilateral.mission" not in choices


def test_the_menu_offers_the_log_only_to_those_who_may_read_it(auditor, analyst, client_as):
    url = reverse("consular:access_log")

    def in_menu(user):
        return f'href="{url}"' in client_as(user).get("/").content.decode()

    assert in_menu(auditor)
    assert not in_menu(analyst)
