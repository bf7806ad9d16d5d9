"""Background tasks of the consular area."""

from django_tasks import task

from .retention import purge_registrations


@task()
def purge_registrations_task() -> int:
    """The daily purge of the registrations past their retention, as a background task;
    returns how many were purged."""
    return purge_registrations().registrations
