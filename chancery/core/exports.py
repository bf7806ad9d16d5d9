"""CSV, XLSX and JSON export of a filtered list, column for column what the detail page shows."""

import csv
import datetime
import io
import json
from itertools import chain

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .display import label_for, raw_value
from .text import spreadsheet_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _rows(record_type, queryset):
    fields = record_type.detail_fields
    for obj in queryset.iterator(chunk_size=2000):
        yield [_plain(raw_value(obj, name)) for name in fields]


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, value):
        return value


def export(record_type, queryset, fmt: str):
    """The response carrying `queryset` in format `fmt` (one of FORMATS)."""
    model = record_type.model
    headers = [label_for(model, name) for name in record_type.detail_fields]
    stamp = timezone.localdate().isoformat()
    filename = f"{record_type.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())
        rows = ([spreadsheet_safe(v) for v in row] for row in _rows(record_type, queryset))
        stream = (writer.writerow(row) for row in chain([headers], rows))
        response = StreamingHttpResponse(stream, content_type=FORMATS[fmt])
    elif fmt == "json":
        keys = record_type.detail_fields
        response = StreamingHttpResponse(
            _json_stream(keys, _rows(record_type, queryset)), content_type=FORMATS[fmt]
        )
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(record_type.verbose_name_plural)[:31])
        sheet.append(headers)
        for row in _rows(record_type, queryset):
            sheet.append([spreadsheet_safe(_xlsx_cell(v)) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_stream(keys, rows):
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(dict(zip(keys, row, strict=True)), default=str)
    yield "]"


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
