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
from itertools import chain
from operator import itemgetter

from django.conf import settings
from django.db import connection, connections, models
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

from . import reads, xlsx
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

# a linked type with at most this many records is ordered once for a whole export, and each of
# its names read once
NAMED_AT_ONCE = 20000
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
        self.members = {}  # many-to-many field name -> {pk: its members' names, joined}
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
        self.small = {}  # a small linked type -> the names met and every place, or None
        self.zone = timezone.get_current_timezone()
        self.stored_zone = connections[queryset.db].timezone if settings.USE_TZ else None
        self.as_stored = set()  # the places of columns read as the database gives them
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
            return lambda chunk: [chunk.members[name].get(pk, "") for pk in chunk.keys]
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
            self.as_stored.add(self.read.index(field.attname))
            stored, zone = self.stored_zone, self.zone
            return lambda chunk: [_moment(v, stored, zone) for v in map(at, chunk.rows)]
        if isinstance(field, models.DateField):
            self.as_stored.add(self.read.index(field.attname))
            if get_field(self.model, f"{name}_precision") is None:
                return lambda chunk: [
                    None if v is None else _day(v).isoformat() for v in map(at, chunk.rows)
                ]
            precision = self._at(f"{name}_precision")
            return lambda chunk: [
                None if (v := at(row)) is None else format_partial_date(_day(v), precision(row))
                for row in chunk.rows
            ]
        if isinstance(field, models.FileField):
            return lambda chunk: [v or "" for v in map(at, chunk.rows)]
        return lambda chunk: list(map(at, chunk.rows))

    def chunks(self, size):
        """The filtered records, a chunk at a time, each with what its cells name."""
        flat = self.queryset.select_related(None).prefetch_related(None).values_list(*self.read)
        compiler = flat.query.get_compiler(using=flat.db)
        # rows as the database gives them: the dates are read by their columns' readers, the
        # rest as `values_list` would read it
        batches = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=size)
        converters = None
        for batch in batches:
            if converters is None:
                fields = [column[0] for column in compiler.select[: compiler.col_count]]
                converters = {
                    place: found
                    for place, found in compiler.get_converters(fields).items()
                    if place not in self.as_stored
                }
            if converters:
                batch = list(compiler.apply_converters(batch, converters))
            chunk = Chunk(batch, [row[0] for row in batch])
            self._fill(chunk)
            yield chunk

    def _fill(self, chunk):
        wanted = {model: set() for model in self.linked}
        for model, columns in self.linked.items():
            for at in columns:
                wanted[model].update(map(at, chunk.rows))
        pairs = {}
        for name, field in self.many.items():
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            pairs[name] = list(
                through._base_manager.filter(**{f"{source}__in": among(chunk.keys)}).values_list(
                    through._meta.get_field(source).attname,
                    through._meta.get_field(target).attname,
                )
            )
            wanted[field.related_model].update(member for _pk, member in pairs[name])
        ranks = {}
        for model, pks in wanted.items():
            pks.discard(None)
            chunk.names[model], ranks[model] = self._names(model, pks)
        for name, field in self.many.items():
            model = field.related_model
            chunk.members[name] = _listed(pairs[name], chunk.names[model], ranks[model])
        if self.attributes:
            chunk.records = self.queryset.in_bulk(chunk.keys)

    def _names(self, model, pks):
        """The names of the records `pks` of `model` the user may see, and the place of each in
        the model's own order. Of a small table (the states, the users) the places are read once
        for the export and each name once when first met; of a large one, a chunk at a time."""
        if model not in self.small:
            small = model._base_manager.count() <= NAMED_AT_ONCE
            self.small[model] = ({}, _places(self._named(model))) if small else None
        if self.small[model] is None:
            if not pks:
                return {}, {}
            return _ranked(self._named(model).filter(pk__in=among(pks)))
        names, places = self.small[model]
        if missing := [pk for pk in pks if pk in places and pk not in names]:
            found = self._named(model).filter(pk__in=among(missing)).order_by()
            names.update((record.pk, str(record)) for record in found)
        return names, places

    def _named(self, model):
        """The records of `model` a cell may name, with what their names need, in their own
        order (a many-to-many field lists its members in it): those the user may see."""
        if not issubclass(model, Record):
            return ended_by_key(model._default_manager.all())
        target_type = registry.get(model)
        if target_type is None:
            records = model.objects.visible_to(self.user)
        else:
            records = target_type.list_queryset(self.user, 1)
        # a name is neither long text nor a moment: a document's text is not read to name it
        unnamed = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.TextField | models.DateTimeField)
        ]
        return ended_by_key(records.defer(*unnamed))

    def cells(self, chunk):
        """The chunk's cells, column by column."""
        return [reader(chunk) for reader in self.readers]


def _ranked(records):
    names = {record.pk: str(record) for record in records}
    return names, {pk: place for place, pk in enumerate(names)}


def _places(records):
    keys = records.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    return {pk: place for place, pk in enumerate(keys)}


def _listed(pairs, names, rank):
    """The members of each record (`pairs` of its key and a member's) named and joined in the
    order of `rank`; a member without a name (out of sight) is left out."""
    members = {}
    for pk, member in pairs:
        if member in names:
            members.setdefault(pk, []).append(member)
    return {
        pk: "; ".join(names[m] for m in (found if len(found) == 1 else sorted(found, key=rank.get)))
        for pk, found in members.items()
    }


def among(keys):
    """The keys as a subquery with a single parameter: the database reads the list, where Django
    would prepare each value of an `__in` list (for a chunk, that cost more than the query)."""
    keys = list(keys)
    if keys and not isinstance(keys[0], int):
        return keys
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (keys,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(keys),))


def _moment(value, stored, zone):
    """A stored date and time as `_plain` writes it: ISO, in the current time zone."""
    if value is None:
        return None
    if value.__class__ is str:
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        if stored is None:
            return value
        value = value.replace(tzinfo=stored)
    return value.astimezone(zone).isoformat()


def _day(value):
    return datetime.date.fromisoformat(value) if value.__class__ is str else value


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
        stream = _xlsx_stream(record_type, headers, columns, chunks)
        response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
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
            _formulas_inert(column) if text else column
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


def _xlsx_stream(record_type, headers, columns, chunks):
    """The workbook, streamed a chunk of rows at a time (core/xlsx.py)."""
    rows = (
        zip(
            *[[spreadsheet_safe(_xlsx_cell(v)) for v in column] for column in columns.cells(chunk)],
            strict=True,
        )
        for chunk in chunks
    )
    return xlsx.stream(record_type.verbose_name_plural, chain([[headers]], rows))


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


def _formulas_inert(column):
    """`spreadsheet_safe` of each cell of a column."""
    return [
        spreadsheet_safe(v) if v.__class__ is not str or v.startswith(FORMULA_START) else v
        for v in column
    ]


def spreadsheet_safe(value):
    """Text (or a record's name) that a spreadsheet would run as a formula is exported with a
    leading apostrophe; every CSV or XLSX cell Chancery writes goes through here."""
    if isinstance(value, models.Model):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
