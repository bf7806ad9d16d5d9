"""The permission backend reads in one query what Django's model backend reads in two, and the
same permissions: a role's, a user's own, both, or none for an inactive user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.accounts.backends import PermissionBackend
from chancery.accounts.roles import ROLES


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_each_role_and_a_users_own_permissions_are_read_in_one_query_as_django_reads_them(
    make_user,
):
    users = [make_user(role.replace(" ", "-"), role=role) for role in ROLES]  # + see_every_desk
    users.append(make_user("no-role", role=None, desks=[]))
    users.append(make_user("inactive", is_active=False))

    for user in users:
        asking = fresh(user)
        with CaptureQueriesContext(connection) as asked:
            read = PermissionBackend().get_all_permissions(asking)
        expected = ModelBackend().get_all_permissions(fresh(user))
        assert read == expected, user.username
        assert len(asked.captured_queries) == (1 if user.is_active else 0)
    assert all(PermissionBackend().get_all_permissions(fresh(u)) for u in users[:-2])
    assert not PermissionBackend().get_all_permissions(fresh(users[-2]))
