"""API permission: reading is decided by `visible_to`, writing by the role's model permissions."""

from rest_framework import permissions


class RecordPermission(permissions.DjangoModelPermissions):
    """Any signed-in user may read (what `visible_to` lets through); writing needs the model
    permission of the user's role."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def _queryset(self, view):
        """Only the model is asked of it: a record view's rows are not built to learn it."""
        record_type = getattr(view, "record_type", None)
        if record_type is not None:
            return record_type.model._default_manager.none()
        return super()._queryset(view)
