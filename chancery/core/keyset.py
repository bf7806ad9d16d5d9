"""Pages of log entries by keyset, newest first by (timestamp, key): a page is found from the
entry it starts after (`?before=` or `?after=` an entry's `timestamp,key`), never by counting or
skipping the entries before it, so it costs the same however long the log."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from .keys import fits

BEFORE, AFTER = "before", "after"
SEPARATOR = ","
WHEN = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}"  # day and time
    r"(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"  # microseconds, offset
)
KEY = re.compile(r"[0-9]{1,19}")


class BadCursor(ValueError):
    """A `before` or `after` value that names no place in the log."""


def cursor_of(entry) -> str:
    """The place of `entry` in the log: its timestamp in UTC to the microsecond, and its key."""
    when = entry.timestamp.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return f"{when.replace('+00:00', 'Z')}{SEPARATOR}{entry.pk}"


def parse_cursor(value: str):
    """(timestamp, key) from a cursor; `BadCursor`, with a message its reader can act on, for
    anything else."""
    when, separator, key = str(value).partition(SEPARATOR)
    message = _(
        "This link to a page of the log is not valid: it should read "
        "“timestamp,number”, as the Older and Newer links give it. Start again from the "
        "newest changes."
    )
    if not separator or not WHEN.fullmatch(when) or not KEY.fullmatch(key) or not fits(key):
        raise BadCursor(message)
    try:
        timestamp = datetime.datetime.fromisoformat(when)
    except ValueError:
        raise BadCursor(message) from None
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=datetime.UTC)
    return timestamp, int(key)


def _older_than(timestamp, key):
    # the first condition is the index's range, the second the tie on the same timestamp
    return Q(timestamp__lte=timestamp) & (Q(timestamp__lt=timestamp) | Q(pk__lt=key))


def _newer_than(timestamp, key):
    return Q(timestamp__gte=timestamp) & (Q(timestamp__gt=timestamp) | Q(pk__gt=key))


@dataclass
class Page:
    """A page of entries, newest first, and where the pages next to it start."""

    entries: list = field(default_factory=list)
    has_older: bool = False
    has_newer: bool = False

    @property
    def older(self) -> str:
        return cursor_of(self.entries[-1]) if self.has_older and self.entries else ""

    @property
    def newer(self) -> str:
        return cursor_of(self.entries[0]) if self.has_newer and self.entries else ""


def page_of(entries, size, before=None, after=None) -> Page:
    """The page of `entries` older than the cursor `before`, or newer than `after`, or the
    newest; one query reading at most `size` + 1 entries. Walking the pages either way gives
    each entry once; the page that reaches the newest from `after` may be shorter than `size`
    (the Newest link gives the first page whole)."""
    if after is not None:
        found = list(entries.filter(_newer_than(*after)).order_by("timestamp", "pk")[: size + 1])
        return Page(found[:size][::-1], has_older=True, has_newer=len(found) > size)
    query = entries.order_by("-timestamp", "-pk")
    if before is not None:
        query = query.filter(_older_than(*before))
    found = list(query[: size + 1])
    return Page(found[:size], has_older=len(found) > size, has_newer=before is not None)
