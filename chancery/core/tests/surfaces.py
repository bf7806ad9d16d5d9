"""What the tests generated from the registry ask of the surfaces of a record type: the addresses of
its API and its exports, the records an export holds, and whether a page links to or shows a
record (the leak matrix, `test_leak_matrix`, and the personal-data tests use them)."""

import csv
import html
import io
import json
import re

from django.db.models.fields.files import FieldFile
from openpyxl import load_workbook

from chancery.core.models import (
    Classification,
    desk_paths,
    model_at,
    required_record_paths,
)
from chancery.core.registry import registry

EXPORT_FORMATS = ["csv", "xlsx", "json"]
# a word no other record contains, so that the global search finds only the records made here
MARKER = "zeugma"


def marker_of(record_type, level):
    return f"{MARKER} {record_type.model_name} {level.name.lower()}"


def api_url(record_type, pk=None):
    base = f"/api/{record_type.app_label}/{record_type.slug}/"
    return base if pk is None else f"{base}{pk}/"


def export_url(record_type, fmt):
    return f"{record_type.list_url}export/{fmt}/"


def exported_ids(response, fmt):
    """The ids of the records an export holds (the first column is the id)."""
    if fmt == "xlsx":
        sheet = load_workbook(
            io.BytesIO(b"".join(response.streaming_content)), read_only=True
        ).worksheets[0]
        return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}
    body = b"".join(response.streaming_content).decode("utf-8")
    if fmt == "csv":
        return {int(row[0]) for row in list(csv.reader(io.StringIO(body)))[1:]}
    return {item["id"] for item in json.loads(body)}


def shown(record):
    """The record's name as a page shows it."""
    return html.escape(str(record))


def linked(record, page):
    """Whether `page` links to the record: a list's first column and search results do."""
    return f'href="{record.get_absolute_url()}"' in page


def leaked(record, page):
    """Whether `page` shows anything of the record: its link, its name or its marker."""
    marker = html.escape(marker_of(registry[type(record)], Classification(record.classification)))
    return linked(record, page) or shown(record) in page or marker in page


def posted(form):
    """What a browser posts of a bound form: its data, without the empty file inputs (an edit
    that uploads no new file keeps the stored one)."""
    return {
        name: value
        for name, value in form.data.items()
        if value is not None and not isinstance(value, FieldFile)
    }


def concerns_a_desk(model):
    """Whether the rules let a desk decide over records of `model` (or records they require)."""
    return any(desk_paths(model_at(model, prefix)) for prefix in required_record_paths(model))


def without_tokens(text):
    """A page's text without what differs on every answer: the CSRF tokens of its forms (the
    log-out button's, on every page of a signed-in user)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def as_read(response):
    """A page's status and text without its CSRF tokens: two answers that must tell the user
    the same thing compare equal."""
    return response.status_code, without_tokens(response.content.decode())
