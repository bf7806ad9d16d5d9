"""What the database connection is set up to do."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_compiles_no_query_just_in_time(db):
    """With JIT on, the home page's priority counts took 110 s to compile for a desk officer."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_record_made_after_an_image_is_copied_in_takes_a_free_key(article_loaded):
    """Another test process may have made the image: this one's key sequences never moved."""
    from chancery.core.tests import images
    from chancery.economy.models import Project

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE economy_project_id_seq RESTART WITH 1")
    images._write(images._images["article"])

    project = Project.objects.create(kind="energy", name="A pipeline not in the article")

    assert project.pk > max(Project.objects.exclude(pk=project.pk).values_list("pk", flat=True))


def test_a_connection_is_kept_between_requests_and_checked_before_reuse(settings):
    """A new connection per request costs PostgreSQL a process each time."""
    database = settings.DATABASES["default"]

    assert database["CONN_MAX_AGE"] >= 60 and database["CONN_HEALTH_CHECKS"] is True
