"""Import each state's vote on the roll calls of an organ, streamed from a file of 870,109 rows
in about ten seconds and a few hundred megabytes.

Two layouts, told apart by the header:
- tidy (unvotes): rcid, country, country_code, vote, where country_code is ISO alpha-2 (blank for
  a few historic states, then placed by the country's name) and vote is yes, abstain or no
  (absences were dropped upstream);
- original (Voeten): rcid, ccode, vote and optionally session and member, where ccode is the
  Correlates of War code and vote is 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member, the coding
  `Vote` keeps.
Which country cast a vote is decided by `placement.vote_placement` alone. A vote on a roll call
the organ does not have, or outside the coding, is an error naming the line and the value; a code
or name placed on no country is an error naming it once, with its rows' count and first line,
or, with `report_unknown`, is reported the same way and its rows left out.

The file is checked whole before anything is written; it lands whole or not at all (the caller's
transaction). A second import writes nothing: the stored votes are read as plain tuples and
compared, and only new or different ones are written, in batches of `BATCH` through
`bulk_create` and `bulk_update` (no per-row change-log entry: one log line, written only once the
transaction has committed). Stored votes the file does not mention are left alone."""

import itertools
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from chancery.core.services import record_write

from ..models import Organ, Resolution, Vote
from .placement import vote_placement
from .source import UnVotesImportError, header_and_rows, number, opened, refuse_header

logger = logging.getLogger("chancery.multilateral.unvotes")

TIDY_COLUMNS = ("rcid", "country_code", "vote")
ORIGINAL_COLUMNS = ("rcid", "ccode", "vote")
TIDY_VOTES = {"yes": Vote.Choice.YES, "abstain": Vote.Choice.ABSTAIN, "no": Vote.Choice.NO}
ORIGINAL_VOTES = {str(choice.value): choice.value for choice in Vote.Choice}
# the values a vote may take in each layout, as the file writes them
VOTE_CODINGS = {"tidy": ", ".join(TIDY_VOTES), "original": ", ".join(ORIGINAL_VOTES)}
BATCH = 5000
SHIFT = 32  # a vote's key: resolution << SHIFT | state, one int instead of a tuple


@dataclass
class Unknown:
    """A code or name of the file placed on no country: how many rows, and the first line."""

    code: str
    name: str
    rows: int
    first_line: int

    def __str__(self):
        return _(
            "%(column)s '%(code)s' (%(name)s) is no country Chancery knows: %(rows)s rows, "
            "the first on line %(line)s"
        ) % {
            "column": "country_code" if self.name is not None else "ccode",
            "code": self.code,
            "name": self.name or "-",
            "rows": self.rows,
            "line": self.first_line,
        }


@dataclass
class VoteImportResult:
    layout: str = ""  # "tidy" or "original"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown: list = field(default_factory=list)  # [Unknown], with report_unknown

    @property
    def left_out(self):
        return sum(u.rows for u in self.unknown)


def import_votes(source, user, organ, report_unknown=False) -> VoteImportResult:
    """Import the votes of `source` (a path, a file object or the CSV text; tidy or original
    layout) on the roll calls of `organ`, writing as `user`. With `report_unknown`, rows whose
    country is unknown are left out and listed in the result instead of refusing the file."""
    if not Organ.objects.visible_to(user).filter(pk=organ.pk).exists():
        raise UnVotesImportError([_("You cannot see the organ %(organ)s.") % {"organ": organ}])
    with opened(source) as stream:
        header, rows = header_and_rows(stream)
        layout, columns = _layout(header)
        votes, unknown = _read(rows, layout, columns, user, organ)
    result = VoteImportResult(layout=layout)
    if unknown and not report_unknown:
        raise UnVotesImportError(
            [_("%(unknown)s.") % {"unknown": u} for u in unknown], per_code=True
        )
    result.unknown = unknown
    _write(votes, user, organ, result)
    return result


def _layout(header):
    """The layout and the columns' positions (rcid, code, vote, name or None)."""
    at = {name: i for i, name in enumerate(header)}
    if set(TIDY_COLUMNS) <= at.keys() and "ccode" not in at:
        return "tidy", (at["rcid"], at["country_code"], at["vote"], at.get("country"))
    if set(ORIGINAL_COLUMNS) <= at.keys() and "country_code" not in at:
        return "original", (at["rcid"], at["ccode"], at["vote"], None)
    refuse_header(
        header,
        _(
            "the votes of the unvotes data (rcid, country, country_code, vote: yes, abstain or "
            "no) or of Voeten's original coding (rcid, ccode, vote: 1, 2, 3, 8 or 9)"
        ),
    )


def _read(rows, layout, columns, user, organ):
    """{key: line << 4 | vote} of the rows, and the unknown codes; UnVotesImportError names
    every other bad row."""
    rcid_at, code_at, vote_at, name_at = columns
    width = max(i for i in columns if i is not None) + 1
    coding = TIDY_VOTES if layout == "tidy" else ORIGINAL_VOTES
    resolutions = {
        str(rcid): (pk, day)
        for rcid, pk, day in Resolution.objects.visible_to(user)
        .filter(organ=organ, roll_call__isnull=False)
        .values_list("roll_call", "pk", "date")
    }
    place = vote_placement(user, layout)
    placed, placed_on = {}, None  # codes placed on the day of the rows at hand
    errors, unknown, votes = [], {}, {}
    for line, cells in rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        rcid, code = cells[rcid_at].strip(), cells[code_at].strip()
        value = cells[vote_at].strip()
        name = cells[name_at].strip() if name_at is not None else None
        problems = []
        resolution = resolutions.get(rcid) or resolutions.get(str(number(rcid)))
        if resolution is None:
            problems.append(
                _("no roll call %(rcid)s of %(organ)s (import the roll calls first)")
                % {"rcid": rcid, "organ": organ.acronym or organ.name}
            )
        vote = coding.get(value.casefold() if layout == "tidy" else value)
        if vote is None:
            problems.append(
                _("vote '%(value)s' is not one of %(coding)s")
                % {"value": value, "coding": VOTE_CODINGS[layout]}
            )
        if resolution is None:
            state = None
        else:
            if resolution[1] != placed_on:
                placed, placed_on = {}, resolution[1]
            try:
                state = placed[code, name]
            except KeyError:
                state = placed[code, name] = place(code, name, resolution[1])
            if state is None:
                found = unknown.get((code, name))
                if found is None:
                    unknown[code, name] = Unknown(code, name, 1, line)
                else:
                    found.rows += 1
                if not problems:
                    continue
        if not problems:
            key = resolution[0] << SHIFT | state
            first = votes.get(key)
            if first is not None:
                problems.append(
                    _("a second vote of %(code)s on roll call %(rcid)s; first on line %(first)s")
                    % {"code": code or name, "rcid": rcid, "first": first >> 4}
                )
            else:
                votes[key] = line << 4 | vote
                continue
        errors.append(
            _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
        )
    if errors:
        raise UnVotesImportError(errors)
    return votes, sorted(unknown.values(), key=lambda u: (-u.rows, u.code, u.name or ""))


def _insert(rows, size):
    """Insert (resolution, state, vote) rows in batches of `size`: the documented bulk path
    (STYLE.md, 7) of this import, with no model instance per row, which would take four times
    as long as the database itself for 870,109 votes."""
    meta = Vote._meta
    quote = connection.ops.quote_name
    names = ("resolution", "state", "vote")
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s)"
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, size)):
            cursor.executemany(sql, batch)


def _write(votes, user, organ, result):
    """Compare the votes with the stored ones and write the new and the changed, in batches."""
    mask = (1 << SHIFT) - 1
    changed = []
    stored = (
        Vote.objects.filter(resolution__organ=organ)
        .values_list("pk", "resolution_id", "state_id", "vote")
        .iterator(chunk_size=BATCH * 4)
    )
    for pk, resolution, state, vote in stored:
        found = votes.pop(resolution << SHIFT | state, None)
        if found is None:
            continue
        if found & 15 == vote:
            result.unchanged += 1
        else:
            changed.append(Vote(pk=pk, resolution_id=resolution, state_id=state, vote=found & 15))
    with record_write(user):
        _insert(((key >> SHIFT, key & mask, value & 15) for key, value in votes.items()), BATCH)
        Vote.objects.bulk_update(changed, ["vote"], batch_size=BATCH)
    result.created, result.updated = len(votes), len(changed)
    summary = (result.layout, str(user), str(organ), result.created, result.updated)
    summary += (result.unchanged, result.left_out)
    transaction.on_commit(
        lambda: logger.info(
            "UN vote import (%s layout) by %s into %s: %s votes created and %s updated in bulk "
            "(no per-row change-log entry), %s unchanged, %s rows of unknown states left out.",
            *summary,
        )
    )
