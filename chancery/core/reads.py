"""The log of reads of personal data: who read which person's record, when, and from which page
or endpoint. Entries are django-auditlog entries of the action "access", without any of the
personal data itself, so that auditors can read the log."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

PAGE, LIST, API, EXPORT, SEARCH = "page", "list", "api", "export", "search"


def holds_personal_data(model) -> bool:
    return getattr(model, "personal_data_mission", None) is not None


def log_reads(request, model, pks, surface):
    """Record that `request.user` read the records `pks` of `model` through `surface`."""
    if not holds_personal_data(model):
        return
    pks = list(pks)
    if not pks:
        return
    content_type = ContentType.objects.get_for_model(model)
    label = str(model._meta.verbose_name)
    user = request.user
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=f"{label} #{pk}",
                action=LogEntry.Action.ACCESS,
                changes_text="",
                actor=user if user.is_authenticated else None,
                remote_addr=request.META.get("REMOTE_ADDR"),
                additional_data={"surface": surface, "path": request.get_full_path()[:500]},
            )
            for pk in pks
        ]
    )
