"""An export reads flat rows a chunk at a time: it names a linked record out of the reader's sight
as nothing, and asks the database as often for a long list as for a short one, but per chunk (what
it writes, cell for cell: test_export_cells.py)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from chancery.bilateral.models import Engagement
from chancery.consular.models import Registration
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory


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
