"""Import states' memberships of intergovernmental organisations from the Correlates of War IGO
data (version 3), as membership spells.

A spell (columns ccode, state, ioname, status, first_year, last_year, status_label) is the run of
observed years in which a state held one status in one organisation: 1 full member, 2 associate
member, 3 observer. The state is placed by its COW code and the spell's years through
`reference.placement.Placement`: where a code changed hands (365, the Soviet Union until 25
December 1991 and Russia after; 345, Yugoslavia, Serbia and Montenegro, Serbia; 260, the Federal
Republic before 3 October 1990) the spell is cut on that day, each part to the state that then
held the code, its cut ends to the day. The organisation is found by
`ioname` among the acronyms, or by the IGO list's `longorgname` among the names (both ignoring
case). With `create_organizations`, an organisation missing from Chancery is created from the IGO
list (columns ioname, orgname, longorgname, ...): its name is `longorgname` and its acronym the
`ioname` as the list spells it, so that the next import finds it again.

Years are kept as COW codes them, to the year: `since` is first_year and `until` last_year, both
with year precision (Azerbaijan's Council of Europe spell begins in 2002, COW's year, though it
joined in January 2001). Before 1965 COW observed every five years only, so a spell's true ends
may lie up to five years beyond its years. A spell that reaches the last year the file covers
(the greatest last_year in it, 2014 in version 3) was still running when the data ends: it is
stored without `until`, as ongoing so far as anyone can tell from the data, not as ended then.

The file is checked whole and lands whole or not at all: a status other than 1, 2 or 3, a year
that is not a number or a spell that ends before it begins is an error, and every bad line is named.
A row whose state has no country (states that no longer exist, Kosovo) or whose organisation
Chancery cannot place is listed with its reason, never dropped silently; so is a row that overlaps a
stored membership of the same state in the same organisation with another start (kept as it is),
so that an import does not double a curated membership; only the memberships `user` may see are
compared. A stored membership with the same state,
organisation (no organ) and start is the same spell: unchanged if its status and end agree, else
updated through the form (validated and in the change log). A second import of the same file
writes nothing.

New memberships are many (19,042 spells in version 3), and a form per row takes minutes, so they
are written with `bulk_create` in the import's one transaction: the model's own `clean()` (date
order) runs on each first, their states and organisations are read through `visible_to(user)`,
and the import is logged as one line, but no per-row change-log entry is written. Organisations
created and memberships updated go through the forms and the change log.
"""

import csv
import datetime
import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from chancery.core.forms import form_over
from chancery.core.models import DatePrecision, partial_date_bounds
from chancery.core.registry import registry
from chancery.core.search import index_records
from chancery.core.services import record_write, save_if_changed, stamp
from chancery.reference.models import Country, Organization
from chancery.reference.placement import Placement

from .igo_names import clean_name
from .models import Membership

logger = logging.getLogger(__name__)

SPELL_COLUMNS = ("ccode", "state", "ioname", "status", "first_year", "last_year")
IGO_COLUMNS = ("ioname", "longorgname")
STATUSES = {
    "1": Membership.Status.MEMBER,
    "2": Membership.Status.ASSOCIATE,
    "3": Membership.Status.OBSERVER,
}
# COW ionames of the United Nations, its specialised and related agencies and the League of
# Nations: created as universal organisations; every other organisation is created as regional.
UNIVERSAL = frozenset(
    {
        *("un", "lon", "fao", "iaea", "ibrd", "ifad", "ifc", "icao", "ilo", "imf", "imo"),
        *("itu", "miga", "unesco", "unido", "upu", "who", "wipo", "wmo", "wto", "wtouro"),
    }
)
BATCH = 500


class CowIgoImportError(Exception):
    """The spells were not imported; `errors` names each bad row."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class CowIgoImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows of states the import was not asked for
    organizations_created: int = 0
    covered_until: int | None = None  # the last year the file covers
    unmapped: list = field(default_factory=list)  # (line, reason): no country or organisation
    overlapping: list = field(default_factory=list)  # (line, reason): a stored membership kept

    @property
    def reported(self):
        return sorted(self.unmapped + self.overlapping)


@dataclass
class _Spell:
    line: int
    ccode: int
    state: str
    ioname: str
    status: str
    first_year: int
    last_year: int

    def __str__(self):
        return f"{self.state or self.ccode}, {self.ioname} {self.first_year}-{self.last_year}"


def _table(text, required, what):
    """The rows of a CSV text as (line, {column: value}); the header must name `required`."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(rows, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise CowIgoImportError(
            [
                _(
                    "Line 1: this is not %(what)s: expected the columns %(expected)s; "
                    "%(missing)s missing (found: %(found)s)."
                )
                % {
                    "what": what,
                    "expected": ", ".join(required),
                    "missing": ", ".join(missing),
                    "found": ", ".join(header) or _("nothing"),
                }
            ]
        )
    return [
        (line, _cells_by_column(header, row))
        for line, row in enumerate(rows, start=2)
        if any(cell.strip() for cell in row)
    ]


def _cells_by_column(header, row):
    """A row's cells by column name; a short row's missing cells are blank."""
    cells = [cell.strip() for cell in row]
    return {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header)}


def import_cow_igo(
    spells_text: str, user, igos_text=None, create_organizations=False, states=None
) -> CowIgoImportResult:
    """Import the COW IGO membership spells `spells_text` (CSV), writing as `user`; `igos_text` is
    the IGO list, needed to create organisations; `states` (alpha-2 codes) limits the import."""
    spells, errors = _spells(spells_text)
    igos = _igo_list(igos_text) if igos_text is not None else {}
    if create_organizations and igos_text is None:
        errors.append(_("Organisations can only be created from the IGO list; none was given."))
    placement = Placement.load(user)
    wanted = _wanted_states(states, user, errors)
    if errors:
        raise CowIgoImportError(errors)

    result = CowIgoImportResult(covered_until=max((s.last_year for s in spells), default=None))
    stored = list(Membership.objects.visible_to(user).filter(organ__isnull=True))
    by_key = {(m.state_id, m.organization_id, m.since): m for m in stored}
    by_pair = {}
    for membership in stored:
        by_pair.setdefault((membership.state_id, membership.organization_id), []).append(membership)
    organisations = _Organisations(user, igos, create_organizations, result, errors)
    batch = _Batch(user, registry[Membership].form_class, result, errors, by_key, by_pair)
    with record_write(user):
        for spell in spells:
            parts = _parts(spell, placement, result.covered_until)
            if wanted is not None:
                parts = [(country, values) for country, values in parts if country.pk in wanted]
                if not parts:
                    result.skipped += 1
                    continue
            if not parts:
                result.unmapped.append(
                    (
                        spell.line,
                        _("%(spell)s: COW state %(ccode)s is no country Chancery knows")
                        % {"spell": spell, "ccode": spell.ccode},
                    )
                )
                continue
            organisation, reason = organisations.find(spell)
            if organisation is None:
                result.unmapped.append((spell.line, f"{spell}: {reason}"))
                continue
            for country, values in parts:
                _add(batch, country, organisation, values, spell)
        if errors:
            raise CowIgoImportError(errors)
        Membership.objects.bulk_create(batch.new, batch_size=BATCH)
        index_records(Membership, [m.pk for m in batch.new])
        result.created = len(batch.new)
    logger.info(
        "COW IGO import by %s: %s memberships created in bulk (no per-row change-log entry), "
        "%s updated, %s unchanged, %s rows reported, %s organisations created.",
        user,
        result.created,
        result.updated,
        result.unchanged,
        len(result.reported),
        result.organizations_created,
    )
    return result


@dataclass
class _Batch:
    """What one import holds while it reads the spells: the stored memberships, the new ones."""

    user: object
    form_class: type
    result: CowIgoImportResult
    errors: list
    by_key: dict
    by_pair: dict
    seen: dict = field(default_factory=dict)
    new: list = field(default_factory=list)


def _add(batch, country, organisation, values, spell):
    """Update the stored spell of the same start, or report an overlap, or make a new one."""
    seen, by_key, by_pair, new = batch.seen, batch.by_key, batch.by_pair, batch.new
    result, errors = batch.result, batch.errors
    key = (country.pk, organisation.pk, values["since"])
    if key in seen:
        errors.append(
            _("Line %(line)s (%(spell)s): the same spell again; first on line %(first)s.")
            % {"line": spell.line, "spell": spell, "first": seen[key]}
        )
        return
    seen[key] = spell.line
    existing = by_key.get(key)
    if existing is not None:
        _update(existing, values, spell, batch.form_class, batch.user, result, errors)
        return
    overlap = _overlapping(by_pair.get((country.pk, organisation.pk), ()), values)
    if overlap is not None:
        result.overlapping.append(
            (
                spell.line,
                _(
                    "%(spell)s: overlaps the stored membership of %(state)s in "
                    "%(organisation)s from %(since)s, kept as it is"
                )
                % {
                    "spell": spell,
                    "state": country,
                    "organisation": organisation,
                    "since": overlap.since_display or _("an unknown date"),
                },
            )
        )
        return
    membership = Membership(state=country, organization=organisation, **values)
    try:
        membership.clean()
    except ValidationError as exc:
        errors.append(_line_error(spell, exc.messages))
        return
    stamp(membership, batch.user)
    new.append(membership)


def _spells(text):
    """The spells of the file, and the errors of its bad rows."""
    spells, errors = [], []
    for line, row in _table(text, SPELL_COLUMNS, _("a file of COW IGO membership spells")):
        problems = []
        numbers = {}
        for name in ("ccode", "first_year", "last_year"):
            try:
                numbers[name] = int(row[name])
            except ValueError:
                problems.append(
                    _("%(column)s '%(value)s' is not a whole number")
                    % {"column": name, "value": row[name]}
                )
        status = STATUSES.get(row["status"])
        if status is None:
            problems.append(
                _("status '%(value)s' is none of 1 (full member), 2 (associate), 3 (observer)")
                % {"value": row["status"]}
            )
        if not row["ioname"]:
            problems.append(_("no ioname"))
        if not problems and numbers["last_year"] < numbers["first_year"]:
            problems.append(
                _("last_year %(last)s is before first_year %(first)s")
                % {"last": numbers["last_year"], "first": numbers["first_year"]}
            )
        where = f"{row['state'] or row['ccode']}, {row['ioname']}"
        if problems:
            errors.append(
                _("Line %(line)s (%(where)s): %(problems)s.")
                % {"line": line, "where": where, "problems": "; ".join(problems)}
            )
            continue
        spells.append(
            _Spell(
                line=line,
                ccode=numbers["ccode"],
                state=row["state"],
                ioname=row["ioname"],
                status=status,
                first_year=numbers["first_year"],
                last_year=numbers["last_year"],
            )
        )
    return spells, errors


def _igo_list(text):
    """The IGO list's rows by ioname, ignoring case."""
    igos = {}
    for _line, row in _table(text, IGO_COLUMNS, _("a COW IGO list")):
        if row["ioname"]:
            row["longorgname"] = clean_name(row["ioname"], row["longorgname"])
            igos[row["ioname"].casefold()] = row
    return igos


def _wanted_states(states, user, errors):
    """The keys of the states the import is limited to; None for every state."""
    if not states:
        return None
    keys = set()
    for alpha_2 in states:
        country = Country.objects.visible_to(user).filter(alpha_2=alpha_2.strip().upper()).first()
        if country is None:
            errors.append(_("State %(code)s: no such country.") % {"code": alpha_2})
        elif country.cow_code is None:
            errors.append(
                _("State %(code)s (%(name)s) has no COW code, so no spell can name it.")
                % {"code": alpha_2, "name": country}
            )
        else:
            keys.add(country.pk)
    return keys


def _parts(spell, placement, covered_until):
    """The spell as (state, membership values) for each state that held its COW code during its
    years: one part unless the code changed hands, each cut end then to the day."""
    values = _membership_values(spell, covered_until)
    first = datetime.date(spell.first_year, 1, 1)
    last = None if values["until"] is None else datetime.date(spell.last_year, 12, 31)
    parts = []
    for start, end, state in placement.cow_spells(spell.ccode):
        if (start is not None and last is not None and start > last) or (
            end is not None and end < first
        ):
            continue
        part = dict(values)
        if start is not None and start > first:
            part.update(since=start, since_precision=DatePrecision.DAY)
        if end is not None and (last is None or end < last):
            part.update(until=end, until_precision=DatePrecision.DAY)
        elif part["until"] is not None and part["until"] < part["since"]:
            part.update(until=last, until_precision=DatePrecision.DAY)
        parts.append((state, part))
    return parts


class _Organisations:
    """Finds (and, if asked, creates) the organisation a spell's ioname names."""

    def __init__(self, user, igos, create, result, errors):
        self.user, self.igos, self.create = user, igos, create
        self.result, self.errors = result, errors
        self.by_acronym, self.by_name = {}, {}
        for organisation in Organization.objects.visible_to(user):
            self._remember(organisation)
        self.found = {}
        self.form_class = registry[Organization].form_class

    def _remember(self, organisation):
        if organisation.acronym:
            self.by_acronym.setdefault(organisation.acronym.casefold(), []).append(organisation)
        self.by_name[organisation.name.casefold()] = organisation

    def find(self, spell):
        """The organisation of the spell's ioname, or None and the reason."""
        key = spell.ioname.casefold()
        if key not in self.found:
            self.found[key] = self._find(spell)
        return self.found[key]

    def _find(self, spell):
        key = spell.ioname.casefold()
        igo = self.igos.get(key)
        candidates = self.by_acronym.get(key, [])
        if len(candidates) == 1:
            return candidates[0], None
        if igo is not None and igo["longorgname"].casefold() in self.by_name:
            return self.by_name[igo["longorgname"].casefold()], None
        if candidates:
            return None, _("%(count)s organisations have the acronym %(acronym)s") % {
                "count": len(candidates),
                "acronym": spell.ioname,
            }
        if igo is None:
            return None, _(
                "no organisation has the acronym %(acronym)s, and the IGO list does not name it"
            ) % {"acronym": spell.ioname}
        if not self.create:
            return None, _("no organisation has the acronym %(acronym)s or the name %(name)s") % {
                "acronym": spell.ioname,
                "name": igo["longorgname"],
            }
        return self._create(spell, igo)

    def _create(self, spell, igo):
        values = {
            "name": igo["longorgname"] or igo["ioname"],
            "acronym": igo["ioname"],
            "kind": Organization.Kind.UNIVERSAL
            if igo["ioname"].casefold() in UNIVERSAL
            else Organization.Kind.REGIONAL,
        }
        form = form_over(self.form_class, None, values, user=self.user)
        if not form.is_valid():
            self.errors.append(_form_error(spell, form, _("the organisation %(acronym)s")))
            return None, _("the organisation could not be created")
        _outcome, organisation = save_if_changed(form, self.user)
        self._remember(organisation)
        self.result.organizations_created += 1
        return organisation, None


def _membership_values(spell, covered_until):
    ongoing = spell.last_year == covered_until
    values = {
        "status": spell.status,
        "since": datetime.date(spell.first_year, 1, 1),
        "since_precision": DatePrecision.YEAR,
        "until": None if ongoing else datetime.date(spell.last_year, 1, 1),
    }
    if not ongoing:
        values["until_precision"] = DatePrecision.YEAR
    return values


def _update(existing, values, spell, form_class, user, result, errors):
    """Bring a stored spell to the file's status and end, through the form."""
    changes = {
        name: value
        for name, value in values.items()
        if name in ("status", "until", "until_precision") and getattr(existing, name) != value
    }
    if values["until"] is None:
        changes.pop("until_precision", None)
    if not changes:
        result.unchanged += 1
        return
    form = form_over(form_class, existing, changes, user=user)
    if not form.is_valid():
        errors.append(_form_error(spell, form))
        return
    outcome, _instance = save_if_changed(form, user)
    setattr(result, outcome, getattr(result, outcome) + 1)


def _overlapping(stored, values):
    """The stored membership whose period overlaps the spell's, if any."""
    start = values["since"]
    end = datetime.date(values["until"].year, 12, 31) if values["until"] else datetime.date.max
    for membership in stored:
        first = (
            partial_date_bounds(membership.since, membership.since_precision)[0]
            if membership.since
            else datetime.date.min
        )
        last = (
            partial_date_bounds(membership.until, membership.until_precision)[1]
            if membership.until
            else datetime.date.max
        )
        if first <= end and start <= last:
            return membership
    return None


def _line_error(spell, messages):
    return _("Line %(line)s (%(spell)s): %(error)s") % {
        "line": spell.line,
        "spell": spell,
        "error": " ".join(messages),
    }


def _form_error(spell, form, subject=None):
    parts = []
    for name, messages in form.errors.items():
        where = "" if name == NON_FIELD_ERRORS else f"{name}: "
        parts.append(where + " ".join(messages))
    prefix = (subject % {"acronym": spell.ioname} + ": ") if subject else ""
    return _line_error(spell, [prefix + "; ".join(parts)])
