"""`chancery verify-evidence`: recompute the SHA-256 of every stored evidence file, keep each
result, name every file that is missing or does not match, and exit non-zero if any."""

from django.core.management.base import BaseCommand, CommandError

from chancery.conflict.models import Evidence, EvidenceCheck


class Command(BaseCommand):
    help = (
        "Check every evidence file against the SHA-256 taken on receipt; each check is kept on "
        "the evidence's page. Exits non-zero when a file is missing or does not match. Run it "
        "daily (cron)."
    )

    def handle(self, *args, **options):
        counts = dict.fromkeys(EvidenceCheck.Result, 0)
        for evidence in Evidence.objects.order_by("pk").iterator(chunk_size=500):
            check = EvidenceCheck.verify(evidence, EvidenceCheck.Via.COMMAND)
            counts[check.result] += 1
            if check.result == EvidenceCheck.Result.MISMATCH:
                self.stderr.write(
                    f"MISMATCH evidence #{evidence.pk} {evidence.file.name}: expected "
                    f"{evidence.sha256}, found {check.found_sha256}"
                )
            elif check.result == EvidenceCheck.Result.MISSING:
                self.stderr.write(f"MISSING  evidence #{evidence.pk} {evidence.file.name}")
        summary = (
            f"{sum(counts.values())} evidence files checked: "
            f"{counts[EvidenceCheck.Result.OK]} match, "
            f"{counts[EvidenceCheck.Result.MISMATCH]} do not match, "
            f"{counts[EvidenceCheck.Result.MISSING]} missing."
        )
        if counts[EvidenceCheck.Result.MISMATCH] or counts[EvidenceCheck.Result.MISSING]:
            raise CommandError(summary)
        self.stdout.write(summary)
