"""Import UN General Assembly roll calls and each state's vote on them, from Erik Voeten's public
voting data, in its original coding or in the tidy form of the R package unvotes.

Roll calls (columns rcid, session, importantvote, date, unres, amend, para, short, descr, issues)
become resolutions of the organ given: `roll_call` is the rcid, `symbol` the unres as the data
spells it (R/70/5), `title` the short description or else the long one (cut to the field's
length), `description` the long one, `important` whether importantvote is 1, and the issues
(separated by "; ") subjects, created as needed. A roll call without any text is titled by its
number. Subjects already on a resolution are kept: an import adds the missing ones only.

Votes come in one of two layouts, told apart by the header:
- tidy (unvotes): rcid, country, country_code, vote, where country_code is ISO alpha-2 and vote
  is yes, abstain or no (absences were dropped upstream). The data codes Serbia as YU, the
  retired code of Yugoslavia; it is read as RS, as Chancery reads COW's 345 "Yugoslavia".
- original (Voeten): rcid, ccode, vote and optionally session and member, where ccode is the
  Correlates of War code (`Country.cow_code`) and vote is 1 yes, 2 abstain, 3 no, 8 absent,
  9 not a member, the coding `Vote` keeps. COW gives the USSR and Russia one code (365), so the
  USSR's votes land on Russia; states that no longer exist have no country and are errors.
Any other header is refused. A vote on a roll call the organ does not have, by a country Chancery
does not know, or outside the coding is an error naming the line and the value.

Each file is checked whole and lands whole or not at all. A second import of the same files writes
nothing: stored rows are compared first, and only new or different ones are written. Stored votes
the file does not mention are left alone. Roll calls and votes are many (6,203 roll calls,
870,109 votes in the full data), so they are written with `bulk_create` and `bulk_update` in the
import's one transaction, after the checks above; the resolutions' organ and the countries are read
through `visible_to(user)`, and the import is logged as one line, but no per-row change-log entry
is written. Subjects created go through the form and the change log.
"""

import csv
import datetime
import io
import logging
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.forms import form_over
from chancery.core.registry import registry
from chancery.core.services import record_write, save_if_changed, stamp
from chancery.reference.models import Country

from .models import Organ, Resolution, Subject, Vote

logger = logging.getLogger(__name__)

ROLL_CALL_COLUMNS = ("rcid", "session", "importantvote", "date", "unres", "short", "descr")
TIDY_COLUMNS = ("rcid", "country_code", "vote")
ORIGINAL_COLUMNS = ("rcid", "ccode", "vote")
TIDY_VOTES = {"yes": Vote.Choice.YES, "abstain": Vote.Choice.ABSTAIN, "no": Vote.Choice.NO}
# Retired ISO codes the data uses for a state that exists now.
RETIRED_CODES = {"YU": "RS"}
RESOLUTION_FIELDS = ("symbol", "session", "date", "title", "description", "important")
BATCH = 2000


class UnVotesImportError(Exception):
    """The file was not imported; `errors` names each bad row."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class RollCallImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # roll calls of sessions the import was not asked for
    subjects_created: int = 0


@dataclass
class VoteImportResult:
    layout: str = ""  # "tidy" or "original"
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _rows(text):
    """The header (lower case) and the non-blank rows, as (line, {column: value})."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(reader, [])]
    rows = [
        (line, _cells_by_column(header, row))
        for line, row in enumerate(reader, start=2)
        if any(cell.strip() for cell in row)
    ]
    return header, rows


def _refuse_header(header, expected):
    raise UnVotesImportError(
        [
            _("Line 1: expected %(expected)s; found the columns %(found)s.")
            % {"expected": expected, "found": ", ".join(header) or _("nothing")}
        ]
    )


def _check_organ(organ, user):
    if not Organ.objects.visible_to(user).filter(pk=organ.pk).exists():
        raise UnVotesImportError([_("You cannot see the organ %(organ)s.") % {"organ": organ}])


def _cells_by_column(header, row):
    """A row's cells by column name; a short row's missing cells are blank."""
    cells = [cell.strip() for cell in row]
    return {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header)}


def import_roll_calls(text: str, user, organ, sessions=None) -> RollCallImportResult:
    """Import the roll calls `text` (CSV) as resolutions of `organ`, writing as `user`; `sessions`
    (numbers) limits the import to the roll calls of those sessions."""
    _check_organ(organ, user)
    header, rows = _rows(text)
    if any(name not in header for name in ROLL_CALL_COLUMNS):
        _refuse_header(
            header,
            _("the roll calls of the unvotes data (%(columns)s, issues)")
            % {"columns": ", ".join(ROLL_CALL_COLUMNS)},
        )
    errors, parsed, seen = [], [], {}
    for line, row in rows:
        try:
            values, issues = _roll_call(row)
        except ValueError as exc:
            errors.append(
                _("Line %(line)s (rcid %(rcid)s): %(error)s")
                % {"line": line, "rcid": row.get("rcid", ""), "error": exc}
            )
            continue
        if values["roll_call"] in seen:
            errors.append(
                _("Line %(line)s: rcid %(rcid)s again; first on line %(first)s.")
                % {"line": line, "rcid": values["roll_call"], "first": seen[values["roll_call"]]}
            )
            continue
        seen[values["roll_call"]] = line
        parsed.append((line, values, issues))

    result = RollCallImportResult()
    wanted = []
    for line, values, issues in parsed:
        if sessions is not None and values["session"] not in sessions:
            result.skipped += 1
        else:
            wanted.append((line, values, issues))
    stored = {r.roll_call: r for r in Resolution.objects.filter(roll_call__isnull=False)}
    visible = set(Resolution.objects.visible_to(user).values_list("pk", flat=True))
    for line, values, _issues in wanted:
        resolution = stored.get(values["roll_call"])
        if resolution is not None and resolution.pk not in visible:
            errors.append(
                _("Line %(line)s: rcid %(rcid)s is held by a record you cannot see.")
                % {"line": line, "rcid": values["roll_call"]}
            )
        elif resolution is not None and resolution.organ_id != organ.pk:
            errors.append(
                _(
                    "Line %(line)s: rcid %(rcid)s is already the roll call of %(resolution)s "
                    "in %(organ)s."
                )
                % {
                    "line": line,
                    "rcid": values["roll_call"],
                    "resolution": resolution,
                    "organ": resolution.organ,
                }
            )
    if errors:
        raise UnVotesImportError(errors)

    with record_write(user):
        subjects = _subjects({issue for _l, _v, issues in wanted for issue in issues}, user, result)
        new, changed, links = [], [], []
        for _line, values, issues in wanted:
            resolution = stored.get(values["roll_call"])
            if resolution is None:
                resolution = Resolution(organ=organ, **values)
                stamp(resolution, user)
                new.append(resolution)
            elif any(getattr(resolution, name) != values[name] for name in RESOLUTION_FIELDS):
                for name in RESOLUTION_FIELDS:
                    setattr(resolution, name, values[name])
                stamp(resolution, user)
                resolution.updated_at = timezone.now()
                changed.append(resolution)
            links.append((resolution, {subjects[issue.casefold()] for issue in issues}))
        Resolution.objects.bulk_create(new, batch_size=BATCH)
        Resolution.objects.bulk_update(
            changed, [*RESOLUTION_FIELDS, "updated_at", "updated_by"], batch_size=BATCH
        )
        subjects_added = _add_subjects(links, organ, {r.pk for r in new})
        result.created = len(new)
        result.updated = len(changed) + len(subjects_added - {r.pk for r in changed})
        result.unchanged = len(wanted) - result.created - result.updated
    logger.info(
        "UN roll-call import by %s into %s: %s resolutions created and %s updated in bulk (no "
        "per-row change-log entry), %s unchanged.",
        user,
        organ,
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


def _roll_call(row):
    """The resolution values and the issues of a roll-call row; ValueError names a bad value."""
    rcid = _whole_number(row["rcid"], "rcid")
    if rcid < 1:
        raise ValueError(_("rcid '%(value)s' is not a roll-call number") % {"value": row["rcid"]})
    session = _whole_number(row["session"], "session")
    try:
        date = datetime.date.fromisoformat(row["date"])
    except ValueError as exc:
        raise ValueError(
            _("date '%(value)s' is not a date (YYYY-MM-DD)") % {"value": row["date"]}
        ) from exc
    if row["importantvote"] not in ("", "0", "1"):
        raise ValueError(
            _("importantvote '%(value)s' is not 0 or 1") % {"value": row["importantvote"]}
        )
    symbol = row["unres"]
    if len(symbol) > Resolution._meta.get_field("symbol").max_length:
        raise ValueError(_("unres '%(value)s' is too long for a symbol") % {"value": symbol})
    title = row["short"] or row["descr"] or symbol or _("Roll call %(rcid)s") % {"rcid": rcid}
    issues = [issue.strip() for issue in row.get("issues", "").split(";") if issue.strip()]
    values = {
        "roll_call": rcid,
        "symbol": symbol,
        "session": session,
        "date": date,
        "title": _truncate(title, Resolution._meta.get_field("title").max_length),
        "description": row["descr"],
        "important": row["importantvote"] == "1",
    }
    return values, issues


def _whole_number(value, column):
    number = _number(value)
    if number is None:
        raise ValueError(
            _("%(column)s '%(value)s' is not a whole number") % {"column": column, "value": value}
        )
    return number


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _subjects(names, user, result):
    """The subjects named, by name ignoring case; the missing ones are created through the form."""
    subjects = {s.name.casefold(): s for s in Subject.objects.visible_to(user)}
    form_class = registry[Subject].form_class
    for name in sorted(names):
        if name.casefold() in subjects:
            continue
        if Subject.objects.filter(name__iexact=name).exists():
            raise UnVotesImportError(
                [_("The subject %(name)s exists but you cannot see it.") % {"name": name}]
            )
        form = form_over(form_class, None, {"name": name}, user=user)
        if not form.is_valid():
            raise UnVotesImportError(
                [
                    _("Subject %(name)s: %(error)s")
                    % {
                        "name": name,
                        "error": "; ".join(
                            ("" if field == NON_FIELD_ERRORS else f"{field}: ") + " ".join(errors)
                            for field, errors in form.errors.items()
                        ),
                    }
                ]
            )
        _outcome, subject = save_if_changed(form, user)
        subjects[name.casefold()] = subject
        result.subjects_created += 1
    return subjects


def _add_subjects(links, organ, created):
    """Link each resolution to the subjects it lacks; return the stored ones that gained any."""
    through = Resolution.subjects.through
    pairs = set(
        through.objects.filter(resolution__organ=organ).values_list("resolution_id", "subject_id")
    )
    missing = [
        through(resolution_id=resolution.pk, subject_id=subject.pk)
        for resolution, subjects in links
        for subject in subjects
        if (resolution.pk, subject.pk) not in pairs
    ]
    through.objects.bulk_create(missing, batch_size=BATCH)
    return {link.resolution_id for link in missing} - created


def import_votes(text: str, user, organ) -> VoteImportResult:
    """Import the votes `text` (CSV, tidy or original layout) on the roll calls of `organ`,
    writing as `user`."""
    _check_organ(organ, user)
    header, rows = _rows(text)
    columns = set(header)
    if set(TIDY_COLUMNS) <= columns and "ccode" not in columns:
        layout, code_column = "tidy", "country_code"
        states = {c.alpha_2: c.pk for c in Country.objects.visible_to(user)}
        for retired, current in RETIRED_CODES.items():
            if current in states:
                states.setdefault(retired, states[current])
    elif set(ORIGINAL_COLUMNS) <= columns and "country_code" not in columns:
        layout, code_column = "original", "ccode"
        states = dict(
            Country.objects.visible_to(user)
            .filter(cow_code__isnull=False)
            .values_list("cow_code", "pk")
        )
    else:
        _refuse_header(
            header,
            _(
                "the votes of the unvotes data (rcid, country, country_code, vote: yes, abstain or "
                "no) or of Voeten's original coding (rcid, ccode, vote: 1, 2, 3, 8 or 9)"
            ),
        )
    resolutions = dict(
        Resolution.objects.visible_to(user)
        .filter(organ=organ, roll_call__isnull=False)
        .values_list("roll_call", "pk")
    )
    errors, votes, seen = [], {}, {}
    for line, row in rows:
        problems = []
        resolution = resolutions.get(_number(row["rcid"]))
        if resolution is None:
            problems.append(
                _("no roll call %(rcid)s of %(organ)s (import the roll calls first)")
                % {"rcid": row["rcid"], "organ": organ.acronym or organ.name}
            )
        code = row[code_column]
        state = states.get(code.upper() if layout == "tidy" else _number(code))
        if state is None:
            problems.append(
                _("%(column)s '%(code)s' is no country Chancery knows")
                % {"column": code_column, "code": code}
            )
        vote = _vote(row["vote"], layout)
        if vote is None:
            coding = _("yes, abstain or no") if layout == "tidy" else _("none of 1, 2, 3, 8 or 9")
            problems.append(
                _("vote '%(value)s' is %(coding)s") % {"value": row["vote"], "coding": coding}
            )
        if not problems and (resolution, state) in seen:
            problems.append(
                _("a second vote of %(code)s on roll call %(rcid)s; first on line %(first)s")
                % {"code": code, "rcid": row["rcid"], "first": seen[(resolution, state)]}
            )
        if problems:
            errors.append(
                _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
            continue
        seen[(resolution, state)] = line
        votes[(resolution, state)] = vote
    if errors:
        raise UnVotesImportError(errors)

    result = VoteImportResult(layout=layout)
    stored = {
        (resolution, state): (pk, vote)
        for pk, resolution, state, vote in Vote.objects.filter(resolution__organ=organ)
        .values_list("pk", "resolution_id", "state_id", "vote")
        .iterator(chunk_size=BATCH)
    }
    new, changed = [], []
    for (resolution, state), vote in votes.items():
        found = stored.get((resolution, state))
        if found is None:
            new.append(Vote(resolution_id=resolution, state_id=state, vote=vote))
        elif found[1] != vote:
            changed.append(Vote(pk=found[0], resolution_id=resolution, state_id=state, vote=vote))
    with record_write(user):
        Vote.objects.bulk_create(new, batch_size=BATCH)
        Vote.objects.bulk_update(changed, ["vote"], batch_size=BATCH)
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(votes) - len(new) - len(changed)
    logger.info(
        "UN vote import (%s layout) by %s into %s: %s votes created, %s updated, %s unchanged.",
        layout,
        user,
        organ,
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


def _vote(value, layout):
    """The vote in `Vote`'s coding, or None for a value outside the layout's coding."""
    if layout == "tidy":
        return TIDY_VOTES.get(value.casefold())
    number = _number(value)
    return number if number in Vote.Choice.values else None


def _number(value):
    """A whole number written in ASCII digits, or None."""
    return int(value) if value.isascii() and value.isdigit() else None
