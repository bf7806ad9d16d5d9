"""Authentication backends."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router


class PermissionBackend(ModelBackend):
    """Django's model backend, reading all of a user's permissions (their own and their role's)
    in one prepared query instead of two built by the ORM: every request asks for them, and
    building the two cost more than a tenth of a small page."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        if not hasattr(user_obj, "_perm_cache"):
            with connections[router.db_for_read(Permission)].cursor() as cursor:
                cursor.execute(_all_permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor}
        return user_obj._perm_cache


@functools.cache
def _all_permissions_sql():
    """`app_label`, `codename` of the permissions given to a user (first parameter) or to a group
    the user is in (second). Names are quoted as SQL quotes them, as SQLite and PostgreSQL do."""

    def table(model):
        return f'"{model._meta.db_table}"'

    def column(model, name):
        return f'"{model._meta.get_field(name).column}"'

    user = get_user_model()
    own = user._meta.get_field("user_permissions").remote_field.through
    member = user._meta.get_field("groups").remote_field.through
    granted = Group._meta.get_field("permissions").remote_field.through
    user_name = user._meta.model_name
    return (
        f"SELECT ct.{column(ContentType, 'app_label')}, p.{column(Permission, 'codename')} "
        f"FROM {table(Permission)} p "
        f"JOIN {table(ContentType)} ct ON ct.{column(ContentType, 'id')} = "
        f"p.{column(Permission, 'content_type')} "
        f"WHERE p.{column(Permission, 'id')} IN ("
        f"SELECT {column(own, 'permission')} FROM {table(own)} "
        f"WHERE {column(own, user_name)} = %s"
        f") OR p.{column(Permission, 'id')} IN ("
        f"SELECT g.{column(granted, 'permission')} FROM {table(granted)} g "
        f"JOIN {table(member)} m ON m.{column(member, 'group')} = g.{column(granted, 'group')} "
        f"WHERE m.{column(member, user_name)} = %s)"
    )
