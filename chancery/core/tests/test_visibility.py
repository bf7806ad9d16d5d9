"""Who sees what: `visible_to` by clearance, on every surface, for every registered record type.

The matrix is generated from the registry, so a new record type is covered here without a test of
its own: each type gets one record per classification, made by a generic factory, and each user
clearance must see exactly the records at or below it — and answer 404 for the others.
"""

import csv
import html
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from openpyxl import load_workbook

from chancery.core.models import Classification, Record
from chancery.core.reads import holds_personal_data
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.strategy.models import Priority
from chancery.strategy.summary import priority_summaries

RECORD_TYPES = list(registry)
CLEARANCES = list(Classification)
EXPORT_FORMATS = ["csv", "xlsx", "json"]
# a word no other record contains, so that the global search finds only the records made here
MARKER = "zeugma"


def marker_of(record_type, level):
    return f"{MARKER} {record_type.model_name} {level.name.lower()}"


# fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(params=RECORD_TYPES, ids=lambda rt: f"{rt.app_label}.{rt.model_name}")
def record_type(request):
    return request.param


@pytest.fixture(params=CLEARANCES, ids=lambda level: f"cleared-{level.name.lower()}")
def clearance(request):
    return request.param


@pytest.fixture
def priority(db):
    return Priority.objects.create(
        code="visibility", order=99, title="Keeping secrets secret", short_title="Secrets"
    )


@pytest.fixture
def record_at_each_level(db, record_type, priority):
    """One record of the type per classification, oldest unclassified, newest secret."""
    factory = RecordFactory()
    records = {}
    for level in CLEARANCES:
        record = factory.make(record_type.model, level, marker=marker_of(record_type, level))
        record.priorities.add(priority)
        records[level] = record
    return records


@pytest.fixture
def user(make_user, clearance, record_type):
    """A user cleared to `clearance`. For a person's record, one who may read every mission's
    (an administrator): who else may read it is the consular tests' matrix."""
    role = "administrator" if holds_personal_data(record_type.model) else "desk officer"
    return make_user(f"cleared-{clearance.name.lower()}", clearance=clearance, role=role)


@pytest.fixture
def cleared_client(client_as, user):
    return client_as(user)


def split(records, clearance):
    """The records a user with `clearance` must see, and those they must not."""
    visible = [r for level, r in records.items() if level <= clearance]
    hidden = [r for level, r in records.items() if level > clearance]
    return visible, hidden


def shown(record):
    return html.escape(str(record))


def linked(record, page):
    """Whether `page` links to the record: a list's first column and search results do."""
    return f'href="{record.get_absolute_url()}"' in page


def leaked(record, page):
    """Whether `page` shows anything of the record: its link, its name or its marker."""
    marker = html.escape(marker_of(registry[type(record)], Classification(record.classification)))
    return linked(record, page) or shown(record) in page or marker in page


def api_url(record_type, pk=None):
    base = f"/api/{record_type.app_label}/{record_type.slug}/"
    return base if pk is None else f"{base}{pk}/"


def export_url(record_type, fmt):
    return f"{record_type.list_url}export/{fmt}/"


def exported_ids(response, fmt):
    """The ids of the records an export holds (the first column is the id)."""
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}
    body = b"".join(response.streaming_content).decode("utf-8")
    if fmt == "csv":
        return {int(row[0]) for row in list(csv.reader(io.StringIO(body)))[1:]}
    return {item["id"] for item in json.loads(body)}


def ids(records):
    return {r.pk for r in records}


# the matrix ---------------------------------------------------------------------------------------
def test_visible_to_returns_exactly_the_records_at_or_below_the_clearance(
    record_type, user, clearance, record_at_each_level
):
    visible, _hidden = split(record_at_each_level, clearance)
    mine = record_type.model.objects.filter(pk__in=ids(record_at_each_level.values()))

    assert set(mine.visible_to(user)) == set(visible)


def test_the_list_page_shows_only_records_within_the_clearance(
    record_type, cleared_client, clearance, record_at_each_level
):
    visible, hidden = split(record_at_each_level, clearance)

    response = cleared_client.get(record_type.list_url)

    assert response.status_code == 200
    page = response.content.decode()
    assert [r for r in visible if not linked(r, page)] == []
    assert [r for r in hidden if leaked(r, page)] == []


def test_the_detail_page_answers_404_above_the_clearance_never_403(
    record_type, cleared_client, clearance, record_at_each_level
):
    statuses = {
        level: cleared_client.get(record.get_absolute_url()).status_code
        for level, record in record_at_each_level.items()
    }

    assert statuses == {level: 200 if level <= clearance else 404 for level in CLEARANCES}


def test_the_api_lists_only_records_within_the_clearance(
    record_type, cleared_client, clearance, record_at_each_level
):
    visible, _hidden = split(record_at_each_level, clearance)

    response = cleared_client.get(api_url(record_type))

    assert response.status_code == 200
    listed = {item["id"] for item in response.json()["results"]}
    assert listed & ids(record_at_each_level.values()) == ids(visible)


def test_the_api_detail_answers_404_above_the_clearance_never_403(
    record_type, cleared_client, clearance, record_at_each_level
):
    statuses = {
        level: cleared_client.get(api_url(record_type, record.pk)).status_code
        for level, record in record_at_each_level.items()
    }

    assert statuses == {level: 200 if level <= clearance else 404 for level in CLEARANCES}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_export_holds_only_records_within_the_clearance(
    record_type, cleared_client, clearance, record_at_each_level, fmt
):
    visible, _hidden = split(record_at_each_level, clearance)

    response = cleared_client.get(export_url(record_type, fmt))

    assert response.status_code == 200
    assert exported_ids(response, fmt) & ids(record_at_each_level.values()) == ids(visible)


def test_the_search_finds_only_records_within_the_clearance(
    record_type, cleared_client, clearance, record_at_each_level
):
    visible, hidden = split(record_at_each_level, clearance)

    response = cleared_client.get("/search/", {"q": f"{MARKER} {record_type.model_name}"})

    assert response.status_code == 200
    page = response.content.decode()
    assert [r for r in hidden if leaked(r, page)] == []
    if record_type.search_fields:
        assert [r for r in visible if not (linked(r, page) and shown(r) in page)] == []


def test_the_priority_summary_counts_only_records_within_the_clearance(
    record_type, user, clearance, record_at_each_level, priority
):
    visible, _hidden = split(record_at_each_level, clearance)

    (summary,) = [s for s in priority_summaries(user) if s.priority == priority]

    assert summary.count == len(visible)
    assert summary.by_type == [(record_type, len(visible))]
    assert summary.newest == record_at_each_level[clearance]


def test_the_home_page_counts_only_records_within_the_clearance(
    record_type, cleared_client, clearance, record_at_each_level, priority
):
    visible, hidden = split(record_at_each_level, clearance)

    response = cleared_client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    card = page[page.index(html.escape(priority.title)) :]
    count = re.search(r'<span class="count">(\d+)</span>', card)
    assert count is not None
    assert int(count.group(1)) == len(visible)
    newest = record_at_each_level[clearance]
    assert linked(newest, page)
    assert shown(newest) in page
    assert [r for r in hidden if leaked(r, page)] == []


# those who see nothing, and the one who sees all ---------------------------------------------
def test_an_anonymous_user_is_sent_to_log_in_from_every_page(record_type, record_at_each_level):
    client = Client()
    record = record_at_each_level[Classification.UNCLASSIFIED]
    pages = [
        "/",
        "/search/?q=" + MARKER,
        record_type.list_url,
        record.get_absolute_url(),
        *(export_url(record_type, fmt) for fmt in EXPORT_FORMATS),
    ]

    responses = {url: client.get(url) for url in pages}

    assert {url: r.status_code for url, r in responses.items()} == dict.fromkeys(pages, 302)
    assert all("/accounts/login/" in r["Location"] for r in responses.values())


def test_an_anonymous_user_gets_nothing_from_the_api(record_type, record_at_each_level):
    client = Client()
    record = record_at_each_level[Classification.UNCLASSIFIED]

    listing = client.get(api_url(record_type))
    detail = client.get(api_url(record_type, record.pk))

    assert listing.status_code in (401, 403)
    assert detail.status_code in (401, 403)
    assert not leaked(record, listing.content.decode() + detail.content.decode())


def test_nothing_is_visible_to_an_anonymous_user(record_type, record_at_each_level):
    assert not record_type.model.objects.visible_to(AnonymousUser()).exists()
    assert not record_type.model.objects.visible_to(None).exists()


def test_nothing_is_visible_to_an_inactive_user(record_type, make_user, record_at_each_level):
    inactive = make_user("gone", clearance=Classification.SECRET, is_active=False)

    assert not record_type.model.objects.visible_to(inactive).exists()


def test_a_superuser_sees_everything_whatever_the_clearance(
    record_type, make_user, client_as, record_at_each_level
):
    root = make_user("root", clearance=Classification.UNCLASSIFIED, is_superuser=True)
    everything = ids(record_at_each_level.values())

    queryset = record_type.model.objects.visible_to(root)
    response = client_as(root).get(api_url(record_type))

    assert ids(queryset) >= everything
    assert {item["id"] for item in response.json()["results"]} >= everything


def test_the_matrix_covers_every_registered_type_including_the_test_only_one():
    from chancery.core.tests.testapp.models import Dispatch

    models_covered = {rt.model for rt in RECORD_TYPES}
    assert Dispatch in models_covered
    assert all(issubclass(model, Record) for model in models_covered)
