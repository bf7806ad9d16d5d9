"""An export writes what a record's fields read as (`display.raw_value` on the record), cell for
cell and byte for byte, for every record type of the demo as each of its users reads it."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from chancery.bilateral.models import Engagement
from chancery.core import exports
from chancery.core.display import raw_value
from chancery.core.registry import registry

# the demo's users, from a desk officer with four desks to leadership, who sees every desk
DEMO_READERS = ("desk", "consular", "analyst", "leadership")
# the records of a type compared, spread over the whole list
SAMPLE = 40


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
def test_every_type_exports_what_its_records_read_as(username, demo_read, settings, monkeypatch):
    settings.CHANCERY_EXPORT_CHUNK_SIZE = 40
    if username == "desk":  # every linked table named a chunk at a time, as a large one is
        monkeypatch.setattr(exports, "NAMED_AT_ONCE", 0)
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
