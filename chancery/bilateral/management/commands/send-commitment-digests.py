"""`chancery send-commitment-digests`: e-mail each owner their overdue commitments (daily)."""

from django.core.management.base import BaseCommand

from chancery.bilateral.digest import send_commitment_digests
from chancery.bilateral.tasks import send_commitment_digests_task


class Command(BaseCommand):
    help = "E-mail each owner of overdue commitments a digest of them. Run it daily (cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the work to the background task queue"
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = send_commitment_digests_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        self.stdout.write(f"{send_commitment_digests()} digests sent.")
