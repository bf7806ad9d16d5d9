"""`chancery rebuild-search`: the search index written again from the records."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from chancery.core import search
from chancery.core.models import SearchEntry


class Command(BaseCommand):
    help = (
        "Write the search index again from every searchable record (after a restore from a "
        "backup, or an import that bypassed the index). With --if-empty, only when it holds "
        "nothing yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the index holds an entry"
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and SearchEntry.objects.exists():
            self.stdout.write("The search index is already written.")
            return
        started = time.monotonic()
        with transaction.atomic():
            written = search.rebuild()
        self.stdout.write(
            f"Search index written: {written:,} entries in {time.monotonic() - started:.1f} s."
        )
