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
