"""`chancery import-un-votes --roll-calls FILE [--votes FILE] [--report-unknown]`: UN General
Assembly roll calls and votes from Voeten's voting data (unvotes' tidy layout or the original
coding; a votes file may be gzipped). Nothing is printed as created unless the import committed."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chancery.core.models import SYSTEM
from chancery.core.services import refresh_statistics
from chancery.multilateral.models import Organ, Resolution, Vote
from chancery.multilateral.unvotes import UnVotesImportError, import_roll_calls, import_votes

SHOWN = 50  # errors listed in full; the rest are counted
SESSIONS = re.compile(r"^(\d+)(?:-(\d+))?$")


class Command(BaseCommand):
    help = (
        "Import UN General Assembly roll calls as resolutions of an organ, and the votes on them. "
        "A second import of the same files writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--roll-calls", required=True, help="the roll calls (rcid, session, ...)"
        )
        parser.add_argument("--votes", help="the votes (tidy or original layout; .gz read as gzip)")
        parser.add_argument(
            "--report-unknown",
            action="store_true",
            help="list each code or name placed on no country once, with its rows' count, and "
            "import the other rows (without it, such rows refuse the file)",
        )
        parser.add_argument("--organ", default="UNGA", help="its acronym or name (default UNGA)")
        parser.add_argument(
            "--sessions",
            help="import only the roll calls of these sessions: 70, 70-74 or 70,72,74",
        )

    def handle(self, *args, roll_calls, votes, organ, sessions, report_unknown, **options):
        found = _organ(organ)
        wanted = _sessions(sessions) if sessions else None
        try:
            with transaction.atomic():
                calls = import_roll_calls(_path(roll_calls), SYSTEM, found, sessions=wanted)
                cast = (
                    import_votes(_path(votes), SYSTEM, found, report_unknown=report_unknown)
                    if votes
                    else None
                )
                refresh_statistics(Resolution, Vote)
        except UnVotesImportError as exc:
            errors = exc.errors
            if len(errors) > SHOWN and not exc.per_code:  # codes are few: listed whole
                errors = [*errors[:SHOWN], f"... and {len(errors) - SHOWN} more"]
            raise CommandError(
                "Nothing was imported. Fix these rows:\n  " + "\n  ".join(errors)
            ) from exc
        except (OSError, UnicodeDecodeError, EOFError) as exc:
            raise CommandError(f"Cannot read the file: {exc}. Nothing was imported.") from exc
        self.stdout.write(
            f"{found}: {calls.created} roll calls created, {calls.updated} updated, "
            f"{calls.unchanged} unchanged"
            + (f", {calls.skipped} of other sessions skipped" if wanted else "")
            + f"; {calls.subjects_created} subjects created."
        )
        if cast is not None:
            self.stdout.write(
                f"Votes ({cast.layout} layout): {cast.created} created, {cast.updated} updated, "
                f"{cast.unchanged} unchanged."
            )
            if cast.unknown:
                self.stdout.write(
                    f"{cast.left_out} rows left out, of {len(cast.unknown)} codes or names "
                    "placed on no country:"
                )
                for unknown in cast.unknown:
                    self.stdout.write(f"  {unknown}")


def _organ(name):
    organs = list(Organ.objects.filter(acronym__iexact=name)) or list(
        Organ.objects.filter(name__iexact=name)
    )
    if not organs:
        raise CommandError(
            f"No organ with the acronym or name '{name}'. Create it first (the UN General "
            "Assembly: acronym UNGA, kind plenary, organisation UN)."
        )
    if len(organs) > 1:
        raise CommandError(
            f"{len(organs)} organs have the acronym '{name}': "
            + ", ".join(str(o) for o in organs)
            + ". Give the organ's name instead."
        )
    return organs[0]


def _sessions(text):
    numbers = set()
    for part in text.split(","):
        match = SESSIONS.match(part.strip())
        if not match:
            raise CommandError(f"--sessions: '{text}' is not like 70, 70-74 or 70,72,74.")
        first, last = int(match[1]), int(match[2] or match[1])
        if last < first:
            raise CommandError(f"--sessions: {part.strip()} ends before it begins.")
        numbers.update(range(first, last + 1))
    return numbers


def _path(file):
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Cannot read {file}: no such file.")
    return path
