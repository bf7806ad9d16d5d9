"""The size cap of every file a record receives (a document's file, a piece of evidence):
`CHANCERY_MAX_UPLOAD_MB`, checked by the forms and the API before anything is stored."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MEGABYTE = 1024 * 1024


def max_upload_bytes() -> int:
    return settings.CHANCERY_MAX_UPLOAD_MB * MEGABYTE


def refuse_large_upload(file):
    """The validator of every file field of a record form and of the API."""
    size = getattr(file, "size", None)
    if size is not None and size > max_upload_bytes():
        raise ValidationError(
            _("This file is %(size).1f MB; a file may be at most %(limit)s MB. Nothing was saved."),
            code="file_too_large",
            params={"size": size / MEGABYTE, "limit": settings.CHANCERY_MAX_UPLOAD_MB},
        )


def upload_hint():
    return _("At most %(limit)s MB.") % {"limit": settings.CHANCERY_MAX_UPLOAD_MB}
