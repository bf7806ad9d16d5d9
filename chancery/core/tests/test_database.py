"""What the database connection is set up to do."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_compiles_no_query_just_in_time(db):
    """With JIT on, the home page's priority counts took 110 s to compile for a desk officer."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
