"""`chancery load-dataset [FILE...]`: load the article's data set (or other files), idempotently."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chancery.core.dataset import DatasetError, load_dataset

DEFAULT = Path(settings.BASE_DIR) / "data" / "article.yaml"


class Command(BaseCommand):
    help = "Load a data set file (default: the article's data set). A second load changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", default=[str(DEFAULT)])

    def handle(self, *args, files, **options):
        try:
            result = load_dataset(files)
        except DatasetError as exc:
            raise CommandError(
                "The data set was not loaded; nothing was written. Fix these entries:\n  "
                + "\n  ".join(exc.errors)
            ) from exc
        for bucket in ("created", "updated", "unchanged"):
            counts = getattr(result, bucket)
            summary = ", ".join(f"{n} {section}" for section, n in counts.items()) or "none"
            self.stdout.write(f"{bucket}: {summary}")
