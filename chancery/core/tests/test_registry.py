"""The registry gives a type registered only in the tests every page and endpoint: list, detail
with history, forms, delete, exports, the REST API, the schema and the global search."""

import csv
import datetime
import io
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chancery.accounts.tokens import issue_token
from chancery.core import paging
from chancery.core.conflicts import version_of
from chancery.core.models import Classification, DatePrecision
from chancery.core.tests.testapp.models import Dispatch
from chancery.reference.models import Country

API = "/api/testapp/dispatches/"


@pytest.fixture
def boss(make_user):
    return make_user("boss", Classification.SECRET, role=None, is_superuser=True)


def dispatch(subject, **fields):
    return Dispatch.objects.create(subject=subject, **fields)


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="testapp", codename__in=codenames)
    )


def form_data(**overrides):
    data = {
        "subject": "Note on the border talks",
        "channel": Dispatch.Channel.COURIER,
        "sent_on": "2011-05-25",
        "sent_on_precision": DatePrecision.DAY,
        "country": "",
        "pages": "3",
        "classification": str(Classification.RESTRICTED.value),
    }
    data.update(overrides)
    return data


def list_subjects(response):
    return [row["object"].subject for row in response.context["rows"]]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def json_rows(response):
    return json.loads(b"".join(response.streaming_content))


# list page ---------------------------------------------------------------------------------


def test_the_list_page_filters_by_channel(personas, client_as):
    dispatch("by cable", channel=Dispatch.Channel.CABLE)
    dispatch("by courier", channel=Dispatch.Channel.COURIER)

    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_list"), {"channel": "courier"}
    )

    assert response.status_code == 200
    assert list_subjects(response) == ["by courier"]


def test_the_list_page_searches_the_subject_with_free_text(personas, client_as):
    dispatch("Talks in Baku")
    dispatch("Visit to Tbilisi")

    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_list"), {"q": "baku"}
    )

    assert response.status_code == 200
    assert list_subjects(response) == ["Talks in Baku"]


def test_the_list_page_sorts_by_subject_descending(personas, client_as):
    for subject in ("beta", "alpha", "gamma"):
        dispatch(subject)

    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_list"), {"sort": "-subject"}
    )

    assert list_subjects(response) == ["gamma", "beta", "alpha"]


def test_the_list_page_paginates_beyond_twenty_five_records(personas, client_as):
    for number in range(30):
        dispatch(f"dispatch {number:02d}")
    client = client_as(personas[Classification.SECRET])

    first = client.get(reverse("testapp:dispatch_list"))
    second = client.get(reverse("testapp:dispatch_list"), {"page": 2})

    assert list_subjects(first) == [f"dispatch {n:02d}" for n in range(25)]
    assert list_subjects(second) == [f"dispatch {n:02d}" for n in range(25, 30)]
    assert b"Page 2 of 2" in second.content


def test_a_list_longer_than_the_count_cap_says_more_than_and_pages_on(
    personas, client_as, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 27)
    for number in range(30):
        dispatch(f"dispatch {number:02d}")
    dispatch("hidden", classification=Classification.SECRET)
    client = client_as(personas[Classification.CONFIDENTIAL])

    first = client.get(reverse("testapp:dispatch_list"))
    second = client.get(reverse("testapp:dispatch_list"), {"page": 2})
    api = client.get(API).json()
    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    exact = client.get(API).json()

    assert b"More than 27 records" in first.content
    assert b"Page 2 of 2" in second.content
    assert list_subjects(second) == [f"dispatch {n:02d}" for n in range(25, 30)]
    assert (api["count"], api["count_capped"], len(api["results"])) == (27, True, 30)
    assert (exact["count"], exact["count_capped"]) == (30, False)


def test_the_list_page_shows_only_what_the_user_is_cleared_for(
    personas, client_as, dispatch_at_each_level
):
    response = client_as(personas[Classification.RESTRICTED]).get(reverse("testapp:dispatch_list"))

    assert sorted(list_subjects(response)) == ["dispatch restricted", "dispatch unclassified"]


def test_an_htmx_request_gets_only_the_table(personas, client_as):
    dispatch("Talks in Baku")

    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_list"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert b"Talks in Baku" in response.content
    assert b"<html" not in response.content


# detail page and history -------------------------------------------------------------------


def test_the_detail_page_shows_the_fields(personas, client_as, home_state):
    record = dispatch(
        "Talks in Baku",
        channel=Dispatch.Channel.COURIER,
        sent_on=datetime.date(2011, 5, 1),
        sent_on_precision=DatePrecision.MONTH,
        country=home_state,
        pages=7,
    )

    response = client_as(personas[Classification.SECRET]).get(record.get_absolute_url())

    assert response.status_code == 200
    values = {f["label"]: f["value"] for f in response.context["fields"]}
    assert values["subject"]["value"] == "Talks in Baku"
    assert values["channel"]["value"] == "Courier"
    assert values["sent on"]["value"] == "May 2011"
    assert values["country"]["value"] == "Azerbaijan"
    assert values["pages"]["value"] == 7
    assert b"Talks in Baku" in response.content
    assert b"May 2011" in response.content


def test_the_detail_page_lists_the_creation_and_the_edit_with_their_actors(
    make_user, personas, client_as
):
    author = make_user("author", Classification.SECRET, role=None, is_superuser=True)
    editor = make_user("editor", Classification.SECRET, role=None, is_superuser=True)
    client_as(author).post(reverse("testapp:dispatch_add"), form_data(subject="First draft"))
    record = Dispatch.objects.get(subject="First draft")
    client_as(editor).post(
        reverse("testapp:dispatch_edit", args=[record.pk]),
        form_data(subject="Final text", _version=version_of(record)),
    )

    response = client_as(personas[Classification.SECRET]).get(record.get_absolute_url())

    history = response.context["history"]
    assert [(e["action"], e["actor"].username) for e in history] == [
        ("Changed", "editor"),
        ("Created", "author"),
    ]
    assert b"author" in response.content
    assert b"editor" in response.content
    assert b"First draft" in response.content  # the change: old subject -> new subject
    assert b"Final text" in response.content


def test_the_detail_page_of_a_record_above_the_clearance_answers_404(
    personas, client_as, dispatch_at_each_level
):
    secret = dispatch_at_each_level[Classification.SECRET]

    response = client_as(personas[Classification.CONFIDENTIAL]).get(secret.get_absolute_url())

    assert response.status_code == 404


# create, edit, delete ----------------------------------------------------------------------


def test_the_add_form_creates_a_record_stamped_with_its_author(boss, client_as, home_state):
    response = client_as(boss).post(
        reverse("testapp:dispatch_add"), form_data(country=str(home_state.pk))
    )

    record = Dispatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.subject == "Note on the border talks"
    assert record.channel == Dispatch.Channel.COURIER
    assert record.sent_on == datetime.date(2011, 5, 25)
    assert record.country == home_state
    assert record.pages == 3
    assert record.classification == Classification.RESTRICTED
    assert record.created_by == boss
    assert record.updated_by == boss


def test_the_add_form_writes_a_change_log_entry_with_a_snapshot(boss, client_as):
    client_as(boss).post(reverse("testapp:dispatch_add"), form_data())

    record = Dispatch.objects.get()
    entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE)
    assert entry.actor == boss
    assert entry.serialized_data
    assert entry.serialized_data["fields"]["subject"] == "Note on the border talks"


def test_the_add_form_shows_its_fields(boss, client_as):
    response = client_as(boss).get(reverse("testapp:dispatch_add"))

    assert response.status_code == 200
    for name in ("subject", "channel", "sent_on", "country", "pages", "classification"):
        assert f'name="{name}"'.encode() in response.content


def test_the_edit_form_changes_the_record_and_keeps_its_author(
    boss, make_user, client_as, home_state
):
    record = dispatch("Old subject", created_by=boss, updated_by=boss)
    editor = make_user("editor", Classification.SECRET, role=None, is_superuser=True)

    shown = client_as(editor).get(reverse("testapp:dispatch_edit", args=[record.pk]))
    response = client_as(editor).post(
        reverse("testapp:dispatch_edit", args=[record.pk]),
        form_data(
            subject="New subject",
            pages="9",
            country=str(home_state.pk),
            _version=shown.context["version"],
        ),
    )

    assert shown.status_code == 200
    assert b"Old subject" in shown.content
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.subject == "New subject"
    assert record.pages == 9
    assert record.country == home_state
    assert record.created_by == boss
    assert record.updated_by == editor
    update = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.UPDATE)
    assert update.actor == editor
    assert update.changes_dict["subject"] == ["Old subject", "New subject"]


def test_the_delete_form_asks_before_deleting(boss, client_as):
    record = dispatch("To be deleted")

    response = client_as(boss).get(reverse("testapp:dispatch_delete", args=[record.pk]))

    assert response.status_code == 200
    assert Dispatch.objects.filter(pk=record.pk).exists()


def test_posting_the_delete_form_deletes_the_record_and_logs_it(boss, client_as):
    record = dispatch("To be deleted")

    response = client_as(boss).post(reverse("testapp:dispatch_delete", args=[record.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("testapp:dispatch_list")
    assert not Dispatch.objects.filter(pk=record.pk).exists()
    entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.DELETE)
    assert entry.actor == boss


def test_a_record_that_others_refer_to_cannot_be_deleted(boss, client_as, home_state):
    dispatch("From Baku", country=home_state)

    response = client_as(boss).post(reverse("reference:country_delete", args=[home_state.pk]))

    assert response.status_code == 409
    assert b"cannot be deleted" in response.content
    assert Country.objects.filter(pk=home_state.pk).exists()


def test_a_role_without_the_add_permission_gets_403_on_the_add_page(personas, client_as):
    analyst = client_as(personas["analyst"])

    page = analyst.get(reverse("testapp:dispatch_add"))
    posted = analyst.post(reverse("testapp:dispatch_add"), form_data())

    assert page.status_code == 403
    assert posted.status_code == 403
    assert not Dispatch.objects.exists()


def test_a_user_given_the_add_permission_may_add(personas, client_as):
    officer = personas[Classification.SECRET]
    grant(officer, "add_dispatch")

    response = client_as(officer).post(reverse("testapp:dispatch_add"), form_data())

    assert response.status_code == 302
    assert Dispatch.objects.get().created_by == officer


def test_a_role_follows_its_apps_for_the_add_page(personas, client_as):
    # desk officers edit reference data, analysts edit nothing
    url = reverse("reference:country_add")

    assert client_as(personas[Classification.SECRET]).get(url).status_code == 200
    assert client_as(personas["analyst"]).get(url).status_code == 403


def test_pages_require_log_in(client, dispatch_at_each_level):
    record = dispatch_at_each_level[Classification.UNCLASSIFIED]

    for url in (
        reverse("testapp:dispatch_list"),
        record.get_absolute_url(),
        reverse("testapp:dispatch_export", args=["csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


# exports -----------------------------------------------------------------------------------


@pytest.fixture
def two_channels(home_state):
    dispatch(
        "by courier",
        channel=Dispatch.Channel.COURIER,
        sent_on=datetime.date(2011, 1, 1),
        sent_on_precision=DatePrecision.YEAR,
        country=home_state,
        pages=4,
    )
    dispatch(
        "by cable",
        channel=Dispatch.Channel.CABLE,
        sent_on=datetime.date(2012, 3, 4),
        sent_on_precision=DatePrecision.DAY,
    )


def test_it_exports_the_filtered_list_as_csv(personas, client_as, two_channels):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["csv"]), {"channel": "courier"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 1
    assert rows[0]["subject"] == "by courier"
    assert rows[0]["channel"] == "Courier"
    assert rows[0]["sent on"] == "2011"
    assert rows[0]["country"] == "Azerbaijan"
    assert rows[0]["pages"] == "4"


def test_it_exports_the_filtered_list_as_xlsx(personas, client_as, two_channels):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["xlsx"]), {"channel": "cable"}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["subject"] == "by cable"
    assert row["sent on"] == "2012-03-04"
    assert row["pages"] == 1


def test_it_exports_the_filtered_list_as_json(personas, client_as, two_channels):
    response = client_as(personas[Classification.SECRET]).get(
        reverse("testapp:dispatch_export", args=["json"]), {"q": "courier"}
    )

    assert response.status_code == 200
    rows = json_rows(response)
    assert [row["subject"] for row in rows] == ["by courier"]
    assert rows[0]["sent_on"] == "2011"
    assert rows[0]["classification"] == "Unclassified"
    assert "sent_on_precision" not in rows[0]


def test_the_export_leaves_out_records_above_the_clearance(
    personas, client_as, dispatch_at_each_level
):
    response = client_as(personas[Classification.RESTRICTED]).get(
        reverse("testapp:dispatch_export", args=["json"])
    )

    assert sorted(row["subject"] for row in json_rows(response)) == [
        "dispatch restricted",
        "dispatch unclassified",
    ]


# REST API ----------------------------------------------------------------------------------


def test_the_api_lists_what_the_user_may_see(personas, client_as, dispatch_at_each_level):
    response = client_as(personas[Classification.CONFIDENTIAL]).get(API)

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert sorted(r["subject"] for r in response.json()["results"]) == [
        "dispatch confidential",
        "dispatch restricted",
        "dispatch unclassified",
    ]


def test_the_api_list_applies_the_filters(personas, client_as, two_channels):
    response = client_as(personas[Classification.SECRET]).get(API, {"channel": "cable"})

    assert [r["subject"] for r in response.json()["results"]] == ["by cable"]


def test_the_api_retrieves_a_record(personas, client_as, home_state):
    record = dispatch("Talks in Baku", country=home_state, pages=5)

    response = client_as(personas[Classification.SECRET]).get(f"{API}{record.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == record.pk
    assert body["subject"] == "Talks in Baku"
    assert body["display"] == "Talks in Baku"
    assert body["country"] == home_state.pk
    assert body["pages"] == 5


def test_the_api_creates_a_record_stamped_with_its_author(boss, client_as, home_state):
    response = client_as(boss).post(
        API,
        {
            "subject": "Created through the API",
            "channel": "courier",
            "country": home_state.pk,
            "classification": Classification.CONFIDENTIAL.value,
            "sent_on": "2011-05-01",
            "sent_on_precision": "month",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    record = Dispatch.objects.get(pk=response.json()["id"])
    assert record.subject == "Created through the API"
    assert record.channel == Dispatch.Channel.COURIER
    assert record.country == home_state
    assert record.sent_on_precision == DatePrecision.MONTH
    assert record.created_by == boss
    assert record.updated_by == boss
    assert LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE).actor == boss


def test_the_api_ignores_a_forged_author(boss, make_user, client_as):
    someone_else = make_user("someone", Classification.SECRET, role=None)

    response = client_as(boss).post(
        API,
        {"subject": "Forged", "created_by": someone_else.pk, "updated_by": someone_else.pk},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    record = Dispatch.objects.get(subject="Forged")
    assert (record.created_by, record.updated_by) == (boss, boss)


def test_the_api_patches_a_record(boss, make_user, client_as):
    record = dispatch("Old subject", pages=1, created_by=boss, updated_by=boss)
    editor = make_user("editor", Classification.SECRET, role=None, is_superuser=True)

    response = client_as(editor).patch(
        f"{API}{record.pk}/", {"subject": "New subject"}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.subject == "New subject"
    assert record.pages == 1
    assert record.created_by == boss
    assert record.updated_by == editor


def test_the_api_deletes_a_record(boss, client_as):
    record = dispatch("To be deleted")

    response = client_as(boss).delete(f"{API}{record.pk}/")

    assert response.status_code == 204
    assert not Dispatch.objects.filter(pk=record.pk).exists()


def test_the_api_answers_409_for_a_record_that_others_refer_to(boss, client_as, home_state):
    dispatch("From Baku", country=home_state)

    response = client_as(boss).delete(f"/api/reference/countries/{home_state.pk}/")

    assert response.status_code == 409
    assert "cannot be deleted" in response.json()["detail"]
    assert Country.objects.filter(pk=home_state.pk).exists()


def test_the_api_accepts_a_token(boss, client, dispatch_at_each_level):
    _, key = issue_token(boss, "test", timezone.now() + datetime.timedelta(days=1))
    auth = {"Authorization": f"Token {key}"}

    listed = client.get(API, headers=auth)
    created = client.post(
        API, {"subject": "By token"}, content_type="application/json", headers=auth
    )

    assert listed.status_code == 200
    assert listed.json()["count"] == len(dispatch_at_each_level)
    assert created.status_code == 201, created.content
    assert Dispatch.objects.get(subject="By token").created_by == boss


def test_the_api_refuses_a_request_without_credentials(client, dispatch_at_each_level):
    assert client.get(API).status_code in (401, 403)
    assert client.get(API, headers={"Authorization": "Token wrong"}).status_code in (401, 403)


def test_a_role_without_the_add_permission_gets_403_on_api_post(personas, client_as):
    response = client_as(personas["analyst"]).post(
        API, {"subject": "Not allowed"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Dispatch.objects.exists()


def test_the_api_schema_describes_the_dispatches(personas, client_as):
    response = client_as(personas[Classification.UNCLASSIFIED]).get(
        "/api/schema/", {"format": "json"}
    )

    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/api/testapp/dispatches/" in paths
    assert "/api/testapp/dispatches/{id}/" in paths
    assert {"get", "post"} <= set(paths["/api/testapp/dispatches/"])


def test_the_api_docs_answer_for_a_signed_in_user(personas, client_as):
    response = client_as(personas[Classification.UNCLASSIFIED]).get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


# global search -----------------------------------------------------------------------------


def test_the_global_search_finds_a_dispatch(personas, client_as, dispatch_at_each_level):
    dispatch("Talks in Baku")

    response = client_as(personas[Classification.SECRET]).get("/search/", {"q": "baku"})

    assert response.status_code == 200
    groups = {g["record_type"].model: g["items"] for g in response.context["groups"]}
    assert [d.subject for d in groups[Dispatch]] == ["Talks in Baku"]
    assert b"Talks in <mark>Baku</mark>" in response.content


def test_the_global_search_leaves_out_records_above_the_clearance(
    personas, client_as, dispatch_at_each_level
):
    response = client_as(personas[Classification.RESTRICTED]).get("/search/", {"q": "dispatch"})

    groups = {g["record_type"].model: g["items"] for g in response.context["groups"]}
    assert sorted(d.subject for d in groups[Dispatch]) == [
        "dispatch restricted",
        "dispatch unclassified",
    ]
    assert b"dispatch secret" not in response.content


def test_a_related_record_above_the_clearance_is_not_named_on_pages_or_exports(
    personas, client_as, secret_country
):
    record = dispatch("Visible dispatch", country=secret_country)
    client = client_as(personas[Classification.RESTRICTED])

    for url in (
        record.get_absolute_url(),
        reverse("testapp:dispatch_list"),
        *(reverse("testapp:dispatch_export", args=[fmt]) for fmt in ("csv", "json")),
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert b"Visible dispatch" in body, url
        assert b"Secretland" not in body, url


def test_every_list_is_ended_by_the_key_in_its_own_order_and_in_a_chosen_one(personas, rf):
    """Rows of equal sort keys keep one order, so that no row moves between pages (PostgreSQL
    gives them in any order): the list page, the API and the export share this filter set."""
    from chancery.core.registry import registry

    request = rf.get("/")
    request.user = personas[Classification.SECRET]
    unended = []
    for rt in registry:
        column = next(iter(rt.filterset_class.base_filters["sort"].param_map), None)
        for sort in ({}, {"sort": column} if column else {}):
            filterset = rt.filterset_class(
                sort, queryset=rt.list_queryset(request.user), request=request
            )
            assert filterset.is_valid(), (rt, filterset.errors)
            order = filterset.qs.query.order_by or rt.model._meta.ordering
            last = order[-1] if order else None
            last = str(getattr(getattr(last, "expression", None), "name", last)).lstrip("-")
            if last not in ("pk", rt.model._meta.pk.name):
                unended.append((rt.model._meta.label, sort, filterset.qs.query.order_by))
    assert unended == []
