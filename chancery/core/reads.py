"""The log of reads of personal data: who read which person's record, when, and from which page
or endpoint. Entries are django-auditlog entries of the action "access", without any of the
personal data itself, so that auditors can read the log."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.dispatch import receiver

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
    user = request.user
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=neutral_label(model, pk),
                action=LogEntry.Action.ACCESS,
                changes_text="",
                actor=user if user.is_authenticated else None,
                remote_addr=request.META.get("REMOTE_ADDR"),
                # the path without its query: a search's words may be a person's name
                additional_data={"surface": surface, "path": request.path[:500]},
            )
            for pk in pks
        ]
    )


def neutral_label(model, pk):
    """How the log names a person's record: its type and number, never the person."""
    return f"{model._meta.verbose_name} #{pk}"


@receiver(pre_save, sender=LogEntry)
def keep_persons_out_of_the_log(sender, instance, **kwargs):
    """auditlog names a changed record by its `str()`, which for a person's record is the person;
    every entry about such a record is named by `neutral_label` instead."""
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None and holds_personal_data(model):
        instance.object_repr = neutral_label(model, instance.object_pk)
