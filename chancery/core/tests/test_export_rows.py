"""An export reads flat rows a chunk at a time: it writes what a record's fields read as, cell for
cell (`display.raw_value` on the record), names a linked record out of the reader's sight as
nothing, and asks the database as often for a long list as for a short one, but per chunk."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from chancery.bilateral.models import Engagement
from chancery.consular.models import Registration
from chancery.core import exports
from chancery.core.display import raw_value
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory

# the demo's users, from a desk officer with four desks to leadership, who sees every desk
DEMO_READERS = ("desk", "consular", "analyst", "leadership")
# the records of a type compared, spread over the whole list
SAMPLE = 150


def filtered(record_type, user):
    """The export's records as the view filters them with no filter asked for."""
    request = RequestFactory().get("/")
    request.user = user
    queryset = record_type.export_queryset(user)
    return record_type.filterset_class(None, queryset=queryset, request=request).qs


def as_records(record_type, queryset):
    """The cells as a record reads them, a record at a time (the export as it once was)."""
    fields = record_type.detail_fields
    return [[exports._plain(raw_value(obj, name)) for name in fields] for obj in queryset]


def as_rows(record_type, queryset, user):
    columns = exports.Columns(record_type, queryset, user)
    return [
        list(row)
        for chunk in columns.chunks(exports.chunk_size())
        for row in zip(*columns.cells(chunk), strict=True)
    ]


def sampled(queryset):
    pks = list(queryset.values_list("pk", flat=True))
    step = max(1, len(pks) // SAMPLE)
    return queryset.filter(pk__in=pks[::step])


def typed(rows):
    """Each cell with its type: 1 and True, or a date and its text, are not the same cell."""
    return [[(type(cell).__name__, cell) for cell in row] for row in rows]


@pytest.mark.parametrize("username", DEMO_READERS)
def test_every_type_exports_what_its_records_read_as(username, demo_read, settings):
    settings.CHANCERY_EXPORT_CHUNK_SIZE = 40
    user = get_user_model().objects.get(username=username)
    for record_type in registry:
        queryset = sampled(filtered(record_type, user))

        expected = typed(as_records(record_type, queryset))

        assert typed(as_rows(record_type, queryset, user)) == expected, record_type


def test_the_files_are_those_the_records_would_write(demo_read, client_as, settings):
    """Byte for byte, CSV and JSON, for a type with choices, partial dates, links and lists."""
    settings.CHANCERY_EXPORT_CHUNK_SIZE = 7
    user = get_user_model().objects.get(username="desk")
    record_type = registry[Engagement]
    client = client_as(user)
    rows = as_records(record_type, filtered(record_type, user))
    headers = [exports.label_for(Engagement, name) for name in record_type.detail_fields]
    writer = io.StringIO()
    csv.writer(writer).writerows(
        [headers, *([exports.spreadsheet_safe(v) for v in row] for row in rows)]
    )
    keys = record_type.detail_fields
    as_json = ",".join(json.dumps(dict(zip(keys, row, strict=True)), default=str) for row in rows)

    def body(fmt):
        response = client.get(reverse(record_type.url_name("export"), args=[fmt]))
        return b"".join(response.streaming_content).decode()

    assert len(rows) > 14
    assert body("csv") == writer.getvalue()
    assert body("json") == f"[{as_json}]"


@pytest.fixture
def secret_links(make_user, georgia, secret_country):
    """An engagement held in Georgia, open to every clearance, with a secret country as its place
    and among its countries."""
    admin = make_user("admin", Classification.SECRET, role=None, is_superuser=True)
    engagement = RecordFactory(admin).make(Engagement, marker="talks")
    engagement.place_country = secret_country
    engagement.save()
    engagement.countries.set([secret_country, georgia])
    return engagement


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_linked_record_out_of_sight_exports_as_an_empty_cell(
    fmt, secret_links, make_user, client_as
):
    reader = make_user("reader", Classification.CONFIDENTIAL)
    url = reverse("bilateral:engagement_export", args=[fmt])

    response = client_as(reader).get(url)
    body = b"".join(response.streaming_content)
    names = registry[Engagement].detail_fields
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        row = dict(zip(names, list(sheet.iter_rows(values_only=True))[1], strict=True))
    elif fmt == "csv":
        row = dict(zip(names, list(csv.reader(io.StringIO(body.decode())))[1], strict=True))
    else:
        row = json.loads(body)[0]

    assert response.status_code == 200
    assert b"Secretland" not in body
    assert row["countries"] == "Georgia"
    assert row["place_country"] in ("", None)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.parametrize("model", [Engagement, Registration], ids=lambda m: m.__name__)
def test_the_queries_grow_with_the_chunks_not_the_rows(model, make_user, client_as, settings):
    """Engagements link to many types; a registration is a person's, each read logged."""
    chunk = settings.CHANCERY_EXPORT_CHUNK_SIZE = 2
    admin = make_user("admin", Classification.SECRET, role="administrator")
    factory = RecordFactory(admin, fill_optional=True)
    client = client_as(admin)
    url = reverse(registry[model].url_name("export"), args=["csv"])
    client.get(url)  # fills the caches (content types, ...) once for all
    counted = {}
    for rows in (chunk, chunk + 1, 2 * chunk, 3 * chunk):
        factory.make_many(model, rows - model.objects.count())
        assert model.objects.count() == rows
        counted[rows] = queries_of(client, url)

    per_chunk = counted[2 * chunk] - counted[chunk]
    assert counted[chunk + 1] == counted[2 * chunk]
    assert counted[3 * chunk] - counted[2 * chunk] == per_chunk
