"""Every export (CSV, XLSX, JSON) of every record type answers 200 for any text the database can
hold, as real records hold it (control characters in UN roll-call descriptions of sessions 71-72);
what an XLSX cell cannot hold is shown visibly, JSON keeps the text as it is."""

import csv
import io
import json

import pytest
from django.db import connection, models
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.text import spreadsheet_text

FORMATS = ("csv", "json", "xlsx")
# NUL only where the database holds it: PostgreSQL refuses it in text
LOWEST = 1 if connection.vendor == "postgresql" else 0
CHARACTERS = st.one_of(
    st.characters(min_codepoint=LOWEST, max_codepoint=0x1F),
    st.sampled_from("=+-@\t\r\n\x7f\ufffe\uffff\u2028\u0301\U0001f600'\",;"),
    st.characters(exclude_categories=("Cs",), min_codepoint=LOWEST),
)
# a stored value is written straight to the table (as an import or an older rule left it), so
# that no form's validation stands between the text and the export
ANY_TEXT = st.text(CHARACTERS, min_size=1, max_size=24)


def text_fields(model):
    """The plain text columns an export shows, that a value can be written to directly."""
    return [
        field
        for field in model._meta.concrete_fields
        if type(field) in (models.CharField, models.TextField)
        and not field.choices
        and not field.unique
    ]


def lines(text):
    """`text` with its line breaks as XML reads them back (a carriage return reads as a line
    feed)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def stored(make_user):
    admin = make_user("admin", Classification.SECRET, role=None, is_superuser=True)
    factory = RecordFactory(admin)
    return admin, [(rt, factory.make(rt.model, marker="plain")) for rt in registry]


def exported(client, record_type, fmt):
    url = reverse(f"{record_type.app_label}:{record_type.model_name}_export", args=[fmt])
    response = client.get(url)
    assert response.status_code == 200, (record_type, fmt)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "json":
        return json.loads(body)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    sheet = load_workbook(io.BytesIO(body)).active
    return [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]


@settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_stored_text_exports_in_every_format_of_every_record_type(stored, client_as, data):
    admin, records = stored
    client = client_as(admin)
    for record_type, record in records:
        fields = [f for f in text_fields(record_type.model) if f.name in record_type.detail_fields]
        if not fields:
            continue
        text = data.draw(ANY_TEXT, label=record_type.model._meta.label)
        values = {f.name: text[: f.max_length] if f.max_length else text for f in fields}
        record_type.model.objects.filter(pk=record.pk).update(**values)

        rows = exported(client, record_type, "json")
        assert any(all(row[name] == value for name, value in values.items()) for row in rows), (
            record_type
        )
        table = exported(client, record_type, "csv")
        assert len(table) == len(rows) + 1
        cells = [lines(cell) for cell in exported(client, record_type, "xlsx")]
        for value in values.values():
            shown = lines(spreadsheet_text(value))
            assert any(shown in cell for cell in cells), (record_type, value)
