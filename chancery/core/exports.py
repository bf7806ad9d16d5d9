"""CSV, XLSX and JSON export of a filtered list, column for column what the detail page shows.

The rows are read flat, a chunk at a time, and each column is written by a reader made once for
the export, so that an export of any length streams in constant memory and in as many queries per
chunk for a long list as for a short one. A linked record is named through the records of its
type the user may see (one out of sight is an empty cell, as on the page), a choice by its label.
"""

import csv
import datetime
import io
import json
import tempfile
from itertools import chain, islice
from operator import itemgetter

from django.conf import settings
from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from openpyxl import Workbook

from . import reads
from .display import get_field, label_for, raw_value
from .filters import ended_by_key
from .models import Record, format_partial_date
from .registry import registry
from .text import spreadsheet_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

# columns whose cells are never text, so never read as a formula
NEVER_TEXT = (
    models.IntegerField,  # the keys too
    models.BooleanField,
    models.DecimalField,
    models.FloatField,
    models.DateField,  # DateTimeField too; both written as ISO text that starts with a digit
    models.TimeField,
)


class Chunk:
    """One chunk of rows and what its cells name: the linked records' names and the members
    of each many-to-many field, all of them records the user may see."""

    def __init__(self, rows, keys):
        self.rows = rows
        self.keys = keys
        self.names = {}  # target model -> {pk: name}
        self.ranks = {}  # target model -> {pk: place in the model's own order}
        self.members = {}  # many-to-many field name -> {pk: [member pk, ...]}
        self.records = {}  # pk -> record, for a column that is no field


class Columns:
    """The exported columns of a record type as one user reads them: the database columns to
    read and, per exported column, a reader that turns a chunk into that column's cells."""

    def __init__(self, record_type, queryset, user):
        self.record_type = record_type
        self.queryset = queryset
        self.user = user
        self.model = record_type.model
        self.read = ["pk"]
        self.readers = []
        self.may_be_text = []
        self.linked = {}  # target model -> the names of the columns whose keys lead there
        self.many = {}  # many-to-many field name -> field
        self.attributes = False
        self.zone = timezone.get_current_timezone()
        for name in record_type.detail_fields:
            field = get_field(self.model, name)
            self.readers.append(self._reader(name, field))
            self.may_be_text.append(
                field is None
                or bool(field.choices)
                or field.is_relation
                or not isinstance(field, NEVER_TEXT)
            )

    def _at(self, name):
        if name not in self.read:
            self.read.append(name)
        return itemgetter(self.read.index(name))

    def _reader(self, name, field):
        """As `display.raw_value` and `_plain` read a field of a record, from a chunk of rows."""
        if field is None:
            self.attributes = True
            return lambda chunk: [_plain(raw_value(chunk.records[pk], name)) for pk in chunk.keys]
        if field.many_to_many:
            self.many[name] = field
            self.linked.setdefault(field.related_model, [])
            return lambda chunk: [
                "; ".join(chunk.names[field.related_model][m] for m in chunk.members[name][pk])
                for pk in chunk.keys
            ]
        at = self._at(field.attname)
        if field.choices:
            labels = {value: force_str(label) for value, label in field.flatchoices}
            return lambda chunk: [labels.get(v, v) for v in map(at, chunk.rows)]
        if field.is_relation:
            self.linked.setdefault(field.related_model, []).append(at)
            return lambda chunk: [
                chunk.names[field.related_model].get(v) for v in map(at, chunk.rows)
            ]
        if isinstance(field, models.DateTimeField):
            zone = self.zone
            return lambda chunk: [
                v.astimezone(zone).isoformat() if v is not None and timezone.is_aware(v) else v
                for v in map(at, chunk.rows)
            ]
        if isinstance(field, models.DateField):
            if get_field(self.model, f"{name}_precision") is None:
                return lambda chunk: [
                    None if v is None else v.isoformat() for v in map(at, chunk.rows)
                ]
            precision = self._at(f"{name}_precision")
            return lambda chunk: [
                None if (v := at(row)) is None else format_partial_date(v, precision(row))
                for row in chunk.rows
            ]
        if isinstance(field, models.FileField):
            return lambda chunk: [v or "" for v in map(at, chunk.rows)]
        return lambda chunk: list(map(at, chunk.rows))

    def chunks(self, size):
        """The filtered records, a chunk at a time, each with what its cells name."""
        flat = self.queryset.select_related(None).prefetch_related(None).values_list(*self.read)
        rows = flat.iterator(chunk_size=size)
        while batch := list(islice(rows, size)):
            chunk = Chunk(batch, [row[0] for row in batch])
            self._fill(chunk)
            yield chunk

    def _fill(self, chunk):
        wanted = {model: set() for model in self.linked}
        for model, columns in self.linked.items():
            for at in columns:
                wanted[model].update(map(at, chunk.rows))
        for name, field in self.many.items():
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            members = {pk: [] for pk in chunk.keys}
            pairs = through._base_manager.filter(**{f"{source}__in": chunk.keys}).values_list(
                through._meta.get_field(source).attname, through._meta.get_field(target).attname
            )
            for pk, member in pairs:
                members[pk].append(member)
            chunk.members[name] = members
            wanted[field.related_model].update(m for found in members.values() for m in found)
        for model, pks in wanted.items():
            pks.discard(None)
            names = {}
            if pks:
                names = {obj.pk: str(obj) for obj in self._named(model).filter(pk__in=pks)}
            chunk.names[model] = names
        for name, field in self.many.items():
            names = chunk.names[field.related_model]
            rank = {pk: place for place, pk in enumerate(names)}
            for found in chunk.members[name].values():
                found[:] = sorted((m for m in found if m in names), key=rank.__getitem__)
        if self.attributes:
            chunk.records = self.queryset.in_bulk(chunk.keys)

    def _named(self, model):
        """The records of `model` a cell may name, with what their names need, in their own
        order (a many-to-many field lists its members in it): those the user may see."""
        if not issubclass(model, Record):
            return ended_by_key(model._default_manager.all())
        target_type = registry.get(model)
        if target_type is None:
            return ended_by_key(model.objects.visible_to(self.user))
        return ended_by_key(target_type.list_queryset(self.user, 1))

    def cells(self, chunk):
        """The chunk's cells, column by column."""
        return [reader(chunk) for reader in self.readers]


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def chunk_size():
    return settings.CHANCERY_EXPORT_CHUNK_SIZE


def _records(columns, request):
    """The chunks of the export, each read logged (a person's record) before it is written."""
    for chunk in columns.chunks(chunk_size()):
        reads.log_reads(request, columns.model, chunk.keys, reads.EXPORT)
        yield chunk


def export(record_type, queryset, fmt: str, request):
    """The response carrying `queryset` in format `fmt` (one of FORMATS), as `request.user`
    reads it; each record of a person's data exported is logged as read."""
    model = record_type.model
    headers = [label_for(model, name) for name in record_type.detail_fields]
    stamp = timezone.localdate().isoformat()
    filename = f"{record_type.slug}-{stamp}.{fmt}"
    columns = Columns(record_type, queryset, request.user)
    chunks = _records(columns, request)
    if fmt == "csv":
        stream = chain([_csv_lines([headers])], _csv_chunks(columns, chunks))
        response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    elif fmt == "json":
        stream = _json_stream(record_type.detail_fields, columns, chunks)
        response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    else:
        file = _xlsx_file(record_type, headers, columns, chunks)
        response = FileResponse(file, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_lines(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _csv_chunks(columns, chunks):
    for chunk in chunks:
        cells = columns.cells(chunk)
        safe = [
            list(map(spreadsheet_safe, column)) if text else column
            for column, text in zip(cells, columns.may_be_text, strict=True)
        ]
        yield _csv_lines(zip(*safe, strict=True))


def _json_stream(keys, columns, chunks):
    encode = json.JSONEncoder(default=str).encode
    yield "["
    first = True
    for chunk in chunks:
        rows = zip(*columns.cells(chunk), strict=True)
        text = ",".join(encode(dict(zip(keys, row, strict=True))) for row in rows)
        yield text if first else "," + text
        first = False
    yield "]"


def _xlsx_file(record_type, headers, columns, chunks):
    """The workbook, written a row at a time to a temporary file (removed once it is closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(record_type.verbose_name_plural)[:31])
    sheet.append(headers)
    for chunk in chunks:
        cells = [
            [spreadsheet_safe(_xlsx_cell(value)) for value in column]
            for column in columns.cells(chunk)
        ]
        for row in zip(*cells, strict=True):
            sheet.append(row)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(file)
    file.seek(0)
    return file


# the most characters a spreadsheet cell holds (Excel's limit; openpyxl reads no more)
CELL_LIMIT = 32767


def _xlsx_cell(value):
    """A value as an XLSX cell holds it: text with the characters XML refuses shown visibly
    (core/text.py), and cut, with an ellipsis, at the cell limit."""
    if value is None or isinstance(value, int | float | bool | datetime.date):
        return value
    text = spreadsheet_text(str(value))
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 2] + "\u2026"  # room left for spreadsheet_safe's apostrophe
    return text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text (or a record's name) that a spreadsheet would run as a formula is exported with a
    leading apostrophe; every CSV or XLSX cell Chancery writes goes through here."""
    if isinstance(value, models.Model):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
