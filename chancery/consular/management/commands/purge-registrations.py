"""`chancery purge-registrations`: delete the registrations abroad whose stay ended more than
CHANCERY_REGISTRATION_RETENTION_DAYS ago, with the person's records hanging off them (daily)."""

from django.core.management.base import BaseCommand

from chancery.consular.retention import purge_registrations
from chancery.consular.tasks import purge_registrations_task


class Command(BaseCommand):
    help = (
        "Delete the registrations abroad whose stay ended more than "
        "CHANCERY_REGISTRATION_RETENTION_DAYS ago, with their crisis checks and deliveries; "
        "the change log keeps that they were purged, not whose they were. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", action="store_true", help="count what would be purged; delete nothing"
        )
        mode.add_argument(
            "--enqueue", action="store_true", help="hand the work to the background task queue"
        )

    def handle(self, *args, dry_run, enqueue, **options):
        if enqueue:
            result = purge_registrations_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        self.stdout.write(str(purge_registrations(dry_run=dry_run)))
