"""Import UN General Assembly roll calls from Erik Voeten's public voting data (the R package
unvotes' tidy form) as resolutions of an organ.

Roll calls (columns rcid, session, importantvote, date, unres, amend, para, short, descr, issues)
become resolutions of the organ given: `roll_call` is the rcid, `symbol` the unres as the data
spells it (R/70/5), `title` the short description or else the long one (cut to the field's
length), `description` the long one, `important` whether importantvote is 1, and the issues
(separated by "; ") subjects, created as needed. A roll call without any text is titled by its
number. Subjects already on a resolution are kept: an import adds the missing ones only.

The file is checked whole and lands whole or not at all; a second import writes nothing. The
6,203 roll calls are written with `bulk_create` and `bulk_update` after the checks; the organ is
read through `visible_to(user)`, and the import is logged as one line once committed, with no
per-row change-log entry. Subjects created go through the form and the change log."""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.forms import form_over
from chancery.core.registry import registry
from chancery.core.search import index_records
from chancery.core.services import record_write, save_if_changed, stamp

from ..models import Organ, Resolution, Subject
from .source import UnVotesImportError, header_and_rows, number, opened, refuse_header

logger = logging.getLogger("chancery.multilateral.unvotes")

ROLL_CALL_COLUMNS = ("rcid", "session", "importantvote", "date", "unres", "short", "descr")
RESOLUTION_FIELDS = ("symbol", "session", "date", "title", "description", "important")
BATCH = 2000


@dataclass
class RollCallImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # roll calls of sessions the import was not asked for
    subjects_created: int = 0


def _rows(source):
    """The header (lower case) and the non-blank rows, as (line, {column: value})."""
    with opened(source) as stream:
        header, rows = header_and_rows(stream)
        return header, [(line, _cells_by_column(header, cells)) for line, cells in rows]


def _check_organ(organ, user):
    if not Organ.objects.visible_to(user).filter(pk=organ.pk).exists():
        raise UnVotesImportError([_("You cannot see the organ %(organ)s.") % {"organ": organ}])


def _cells_by_column(header, cells):
    """A row's cells by column name; a short row's missing cells are blank."""
    return {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}


def import_roll_calls(source, user, organ, sessions=None) -> RollCallImportResult:
    """Import the roll calls of `source` (a path, a file object or the CSV text) as resolutions
    of `organ`, writing as `user`; `sessions` (numbers) limits the import to the roll calls of
    those sessions."""
    _check_organ(organ, user)
    header, rows = _rows(source)
    if any(name not in header for name in ROLL_CALL_COLUMNS):
        refuse_header(
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
        index_records(Resolution, [r.pk for r in (*new, *changed)])
        subjects_added = _add_subjects(links, organ, {r.pk for r in new})
        result.created = len(new)
        result.updated = len(changed) + len(subjects_added - {r.pk for r in changed})
        result.unchanged = len(wanted) - result.created - result.updated
    summary = (str(user), str(organ), result.created, result.updated, result.unchanged)
    transaction.on_commit(
        lambda: logger.info(
            "UN roll-call import by %s into %s: %s resolutions created and %s updated in bulk "
            "(no per-row change-log entry), %s unchanged.",
            *summary,
        )
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
    found = number(value)
    if found is None:
        raise ValueError(
            _("%(column)s '%(value)s' is not a whole number") % {"column": column, "value": value}
        )
    return found


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
