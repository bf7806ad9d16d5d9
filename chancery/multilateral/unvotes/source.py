"""Reading an unvotes file: a path (plain or gzip), an open file, or the CSV text itself, as a
stream of rows, so that 870,109 votes are never held as one string."""

import csv
import gzip
import io
import os
from contextlib import contextmanager

from django.utils.translation import gettext as _


class UnVotesImportError(Exception):
    """The file was not imported; `errors` names each bad row, or each unknown code once
    (`per_code`: few, to be listed whole)."""

    def __init__(self, errors, per_code=False):
        self.errors = errors
        self.per_code = per_code
        super().__init__("\n".join(errors))


@contextmanager
def opened(source):
    """A text stream of `source`: a path (`.gz` or gzip bytes read as gzip), a file object (text
    or binary, gzip or not), or a string holding the CSV text."""
    if isinstance(source, str):
        yield io.StringIO(source)
        return
    if isinstance(source, os.PathLike):
        with open(source, "rb") as raw:
            yield _text(raw)
        return
    yield _text(source)


def _text(stream):
    """`stream` as text: a binary stream is decoded (and gunzipped when it starts as gzip)."""
    if isinstance(stream, io.TextIOBase):
        return stream
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        buffered = gzip.GzipFile(fileobj=buffered)
    return io.TextIOWrapper(buffered, encoding="utf-8", newline="")


def header_and_rows(stream):
    """The header (lower case, stripped) and an iterator of (line, cells) over the non-blank
    rows; the cells are as the file gives them (the caller strips those it reads)."""
    reader = csv.reader(stream)
    first = next(reader, [])
    if first:
        first[0] = first[0].lstrip("\ufeff")
    header = [name.strip().lower() for name in first]

    def rows():
        for line, row in enumerate(reader, start=2):
            if row and (row[0].strip() or any(cell.strip() for cell in row)):
                yield line, row

    return header, rows()


def refuse_header(header, expected):
    """Refuse a file whose header is not the one expected."""
    raise UnVotesImportError(
        [
            _("Line 1: expected %(expected)s; found the columns %(found)s.")
            % {"expected": expected, "found": ", ".join(header) or _("nothing")}
        ]
    )


def number(value):
    """A whole number written in ASCII digits, or None."""
    return int(value) if value.isascii() and value.isdigit() else None
