"""`chancery import-untc-status FILE --agreement REF`: a treaty's parties from a UNTC table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from chancery.bilateral.models import Agreement
from chancery.bilateral.untc import UntcImportError, import_untc_status
from chancery.core.models import SYSTEM


class Command(BaseCommand):
    help = "Import a multilateral treaty's participants from a UN Treaty Collection status table."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--agreement", required=True, help="its reference (IV-4) or title")

    def handle(self, *args, file, agreement, **options):
        found = Agreement.objects.filter(Q(reference=agreement) | Q(title=agreement)).first()
        if found is None:
            raise CommandError(f"No agreement with the reference or title '{agreement}'.")
        try:
            result = import_untc_status(Path(file).read_text(encoding="utf-8"), found, SYSTEM)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except UntcImportError as exc:
            raise CommandError(
                "Nothing was imported. Fix these rows:\n  " + "\n  ".join(exc.errors)
            ) from exc
        self.stdout.write(
            f"{found}: {result.created} parties created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        for line, name in result.unmapped:
            self.stdout.write(f"  line {line}: '{name}' is not a state Chancery knows; skipped")
