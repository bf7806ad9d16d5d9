"""Every migration applies to an empty database of the kind the suite runs on, and gives the
schema the suite's own database has: its tables are made from the models (`--no-migrations`,
conftest.py), so this is what keeps the two the same.

The migrations run in a process of their own (`migrate`, as `chancery migrate` runs it) on a
database of their own, as an upgrade would run them."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.apps import apps
from django.db import connection

pytestmark = [pytest.mark.migrations, pytest.mark.django_db]

# in the process that migrates, as an upgrade runs them: every migration, then the schema
MIGRATE_THEN_SCHEMA = (
    "import json; from django.core.management import call_command; "
    "from django.db import connection; "
    "from chancery.core.tests.test_migrations import schema_of; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "print(json.dumps(schema_of(connection)))"
)


def schema_of(database):
    """The tables of `database` (a connection), each with its columns and its indexes' columns."""
    schema = {}
    introspection = database.introspection
    with database.cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = [c.name for c in introspection.get_table_description(cursor, table)]
            constraints = introspection.get_constraints(cursor, table).values()
            indexes = [c["columns"] for c in constraints if c["index"] or c["unique"]]
            schema[table] = [sorted(columns), sorted(indexes)]
    return schema


def migrated(environment):
    """Apply every migration to the empty database `environment` names; its schema."""
    env = {**os.environ, **environment, "CHANCERY_DEBUG": "1"}
    step = [sys.executable, "-m", "chancery.cli", "shell", "-c", MIGRATE_THEN_SCHEMA]
    done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # after whatever start-up logs


@pytest.fixture
def empty_database(tmp_path):
    """The environment that points `chancery` at an empty database of the suite's kind."""
    if connection.vendor == "sqlite":
        yield {"CHANCERY_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
        return
    url = os.environ["DATABASE_URL"]  # the server's; the suite's database is made on it
    name = f"chancery_migrations_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": url.rsplit("/", 1)[0] + f"/{name}"}
    finally:
        with psycopg.connect(url, autocommit=True) as server:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_every_migration_applies_and_gives_the_schema_of_the_models(empty_database):
    schema = migrated(empty_database)
    # less the tables of the models only the tests have
    test_only = f"{apps.get_app_config('testapp').label}_"
    ours = {t: v for t, v in schema_of(connection).items() if not t.startswith(test_only)}

    assert "django_migrations" in schema
    schema.pop("django_migrations")
    ours.pop("django_migrations", None)
    assert sorted(schema) == sorted(ours), "the same tables"
    differing = {t: (schema[t], ours[t]) for t in schema if schema[t] != ours[t]}
    assert not differing, f"columns or indexes differ (migrated, made from the models): {differing}"
