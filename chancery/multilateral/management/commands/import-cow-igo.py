"""`chancery import-cow-igo SPELLS --igos IGOS`: states' IGO memberships from the COW IGO data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chancery.core.models import SYSTEM
from chancery.multilateral.igo import CowIgoImportError, import_cow_igo

SHOWN = 50  # rows and errors listed in full; the rest are counted


class Command(BaseCommand):
    help = (
        "Import states' memberships of intergovernmental organisations from the Correlates of "
        "War IGO membership spells. A second import of the same file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("spells", help="the membership spells (ccode, ioname, status, ...)")
        parser.add_argument("--igos", required=True, help="the IGO list (ioname, longorgname, ...)")
        parser.add_argument(
            "--create-organizations",
            action="store_true",
            help="create the organisations Chancery does not have, from the IGO list",
        )
        parser.add_argument(
            "--state",
            dest="states",
            action="extend",
            nargs="+",
            metavar="ALPHA_2",
            help="import only the spells of these states (ISO alpha-2 codes, e.g. AZ GE)",
        )

    def handle(self, *args, spells, igos, create_organizations, states, **options):
        try:
            result = import_cow_igo(
                _read(spells),
                SYSTEM,
                igos_text=_read(igos),
                create_organizations=create_organizations,
                states=states,
            )
        except CowIgoImportError as exc:
            raise CommandError(
                "Nothing was imported. Fix these rows:\n  " + "\n  ".join(shown(exc.errors))
            ) from exc
        self.stdout.write(
            f"{result.created} memberships created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.unmapped)} rows unmapped, "
            f"{len(result.overlapping)} overlapping a stored membership"
            + (f", {result.skipped} of other states skipped" if states else "")
            + f"; {result.organizations_created} organisations created. "
            f"Spells reaching {result.covered_until} are stored as ongoing."
        )
        for line in shown([f"line {line}: {reason}" for line, reason in result.reported]):
            self.stdout.write(f"  {line}")


def shown(lines):
    """The first lines in full, then how many more there are."""
    if len(lines) <= SHOWN:
        return list(lines)
    return [*lines[:SHOWN], f"... and {len(lines) - SHOWN} more"]


def _read(file):
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read {file}: {exc}") from exc
