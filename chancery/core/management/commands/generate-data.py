"""`chancery generate-data --scale S [--seed N]`: a ministry-sized, plausible data set."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from chancery.core.generate import GenerationError, generate


class Command(BaseCommand):
    help = (
        "Fill the database with a generated, plausible data set for measuring: at scale 1, "
        "200,000 engagements, 30,000 agreements with 150,000 parties, 50,000 commitments, "
        "300,000 registrations abroad, 50,000 assistance cases, 20,000 incidents and 1,000,000 "
        "change-log entries; every count scales linearly (at least 1 of each). Run it on a "
        "migrated database after `chancery load-reference`. Every generated record is marked "
        "[generated]; the same seed and scale give the same rows; it lands whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, required=True, help="1 is a ministry's size; 0.01, 0.1, 1"
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same rows")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the last day of the thirty years (YYYY-MM-DD; default: the day of the run); "
            "the same seed, scale and day give the same rows",
        )

    def handle(self, *args, scale, seed, today, **options):
        started = time.monotonic()
        say = self.stdout.write if options["verbosity"] > 0 else None
        try:
            run = generate(scale, seed, out=say, today=today)
        except GenerationError as exc:
            raise CommandError(f"Nothing was generated: {exc}") from exc
        self.stdout.write(
            f"Generated {sum(run.created.values()):,} rows (scale {scale}, seed {seed}) in "
            f"{time.monotonic() - started:.1f} s."
        )
