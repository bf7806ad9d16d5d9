"""Import a multilateral treaty's participants from a UN Treaty Collection status table.

The table has the columns Participant, Signature, and one whose title lists the actions with
their letter codes, e.g. "Ratification, Accession(a), Succession(d)": a cell "13 Aug 1992 a"
is an accession; a date without a letter is the action the title names without one. Rows go
through the same form as the UI, so a contradiction (ratification before signature) is refused
with the row named. The import lands whole or not at all; a participant that is no state is
looked up among the organisations by name (the European Union); any participant Chancery cannot
place is listed, never dropped silently. States are placed through `reference.placement`, the
one placement of every importer: a historic participant (Czechoslovakia, the German Democratic
Republic) is its own state, never its successor. A second import of
the same table writes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from chancery.core.forms import form_over
from chancery.core.registry import registry
from chancery.core.services import record_write, save_if_changed
from chancery.reference.countries import alpha_2_of, parse_untc_date
from chancery.reference.models import Organization
from chancery.reference.placement import Placement

from .models import AgreementParty

ACTION_CODES = {"a": "accession", "A": "acceptance", "AA": "approval", "d": "succession"}
ACTION_NAMES = {
    "ratification": "ratification",
    "acceptance": "acceptance",
    "approval": "approval",
    "accession": "accession",
    "succession": "succession",
}
CELL = re.compile(r"^(?P<date>\d{1,2} [A-Za-z]{3,9}\.? \d{4})(?: (?P<code>AA|A|a|d))?$")


class UntcImportError(Exception):
    """The table was not imported; `errors` names each bad row."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class UntcImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmapped: list = field(default_factory=list)  # (line, participant)


def plain_action(title: str) -> str:
    """The action of the column title that carries no letter code (e.g. "Ratification")."""
    for part in title.split(","):
        part = part.strip()
        if "(" not in part and part.lower() in ACTION_NAMES:
            return ACTION_NAMES[part.lower()]
    raise UntcImportError(
        [
            _("Line 1: the third column (%(title)s) names no action without a letter code.")
            % {"title": title}
        ]
    )


def import_untc_status(text: str, agreement, user) -> UntcImportResult:
    """Import the status table `text` (CSV) as the parties of `agreement`, writing as `user`."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or len(rows[0]) < 3 or rows[0][0].strip() != "Participant":
        raise UntcImportError(
            [_("Line 1: expected the columns Participant, Signature and the actions.")]
        )
    action = plain_action(rows[0][2])
    form_class = registry[AgreementParty].form_class
    placement = Placement.load(user)
    organisations = {o.name.casefold(): o for o in Organization.objects.visible_to(user)}
    existing = {
        (p.state_id, p.organization_id): p
        for p in AgreementParty.objects.filter(agreement=agreement)
    }
    result, errors, seen = UntcImportResult(), [], {}
    with record_write(user):
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            participant = row[0].strip()
            state = placement.state(name=participant)
            if state is None and (code := alpha_2_of(participant)):
                state = placement.state(code=code, scheme="alpha_2")
            organisation = None if state else organisations.get(participant.casefold())
            if state is None and organisation is None:
                result.unmapped.append((line, participant))
                continue
            key = (state and state.pk, organisation and organisation.pk)
            if key in seen:
                errors.append(
                    _("Line %(line)s (%(name)s): named again; first on line %(first)s.")
                    % {"line": line, "name": participant, "first": seen[key]}
                )
                continue
            seen[key] = line
            try:
                values = _values(row, action)
            except ValueError as exc:
                errors.append(
                    _("Line %(line)s (%(name)s): %(error)s")
                    % {"line": line, "name": participant, "error": exc}
                )
                continue
            values.update(agreement=agreement.pk, state=key[0], organization=key[1])
            form = form_over(form_class, existing.get(key), values, user=user)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    where = "" if name == NON_FIELD_ERRORS else f"{name}: "
                    errors.append(
                        _("Line %(line)s (%(name)s): %(where)s%(error)s")
                        % {
                            "line": line,
                            "name": participant,
                            "where": where,
                            "error": " ".join(messages),
                        }
                    )
                continue
            outcome, _instance = save_if_changed(form, user)
            setattr(result, outcome, getattr(result, outcome) + 1)
        if errors:
            raise UntcImportError(errors)
    return result


def _values(row, action):
    values = {}
    signature = row[1].strip() if len(row) > 1 else ""
    if signature:
        values["signature"] = _date(signature, "Signature")
    for cell in row[2:]:
        cell = cell.strip()
        if not cell:
            continue
        match = CELL.match(cell)
        if not match:
            raise ValueError(
                _("'%(cell)s' is not a date with an optional action code") % {"cell": cell}
            )
        act = ACTION_CODES[match["code"]] if match["code"] else action
        values[act] = _date(match["date"], act)
    return values


def _date(text, column):
    try:
        return parse_untc_date(text)
    except ValueError as exc:
        raise ValueError(
            _("%(column)s: '%(text)s' is not a date") % {"column": column, "text": text}
        ) from exc
