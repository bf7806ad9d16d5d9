"""Background tasks of the bilateral area."""

from django_tasks import task

from .digest import send_commitment_digests


@task()
def send_commitment_digests_task() -> int:
    """The daily digest of overdue commitments, as a background task."""
    return send_commitment_digests()
