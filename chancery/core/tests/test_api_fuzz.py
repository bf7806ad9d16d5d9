"""Schemathesis runs every operation of the API's OpenAPI schema, as an administrator and as an
analyst, against the application in process, on a database that holds a record of every type:
no answer may be a server error, carry a status the schema does not document, or break the
schema. One test per operation, a few examples (positive and negative data, and the key of a real
record for operations on one), so that each stays short; the administrator's run on PostgreSQL,
the analyst's on SQLite (`ROLES_ON`)."""

import datetime
import functools

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from chancery.accounts.models import ApiToken, User
from chancery.accounts.roles import ensure_roles
from chancery.accounts.tokens import hash_key
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests import images
from chancery.core.tests.factories import RecordFactory
from conftest import loaded_once_per_module

SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
ROLES = ["administrator", "analyst"]
READS = {"GET"}
# examples per test: a refused write (an analyst's) is refused before its body is read
EXAMPLES = {"read": 3, "write": 2, "refused write": 1}


def key_of(role):
    return f"fuzz-{role.replace(' ', '-')}-key"


def write_users_and_records():
    groups = ensure_roles()
    for role in ROLES:
        user = User.objects.create_user(role, password="pw", clearance=Classification.SECRET)
        user.groups.add(groups[role])
        key = key_of(role)
        ApiToken.objects.create(
            user=user,
            name="fuzz",
            prefix=key[:8],
            key_hash=hash_key(key),
            expires=timezone.now() + datetime.timedelta(days=365),
        )
    factory = RecordFactory(fill_optional=True)
    for record_type in registry:
        factory.make(record_type.model)


def load():
    images.load("api fuzz", write_users_and_records)


records = loaded_once_per_module(load)


@pytest.fixture(scope="module")
def app():
    """The WSGI application, called as the server would, keeping the test's connection open
    across requests (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def collection_of(path):
    return path.removesuffix("{id}/")


def a_real_key(operation):
    for record_type in registry:
        if f"/api/{record_type.app_label}/{record_type.slug}/" == collection_of(operation.path):
            return record_type.model.objects.order_by("pk").values_list("pk", flat=True).first()
    return None


@functools.cache
def cases_for(operation):
    """Positive and negative cases, and for an operation on one record the key of a real one
    (made once per operation: both users share it)."""
    strategy = operation.as_strategy() | operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
    key = a_real_key(operation) if "{id}" in operation.path else None
    if key is not None:
        strategy |= operation.as_strategy(path_parameters={"id": key})
    return strategy


def answers_as_documented(app, operation, role):
    """Call the operation as `role` with a few generated cases and check every answer."""
    if operation.method.upper() in READS:
        examples = EXAMPLES["read"]
    else:
        examples = EXAMPLES["write" if role == "administrator" else "refused write"]
    headers = {"Authorization": f"Token {key_of(role)}"}

    @given(case=cases_for(operation))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def each_case(case):
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS)

    each_case()


# whose run each pass of the suite makes (`make test` makes both): the administrator's writes on
# PostgreSQL, the database that refuses more (NUL in text, values out of range), the analyst's
# reads and refused writes on SQLite; the suite's time budget would not hold both on both
ROLES_ON = {"postgresql": ["administrator"], "sqlite": ["analyst"]}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_the_operation_answers_as_its_schema_says(records, db, app, operation):
    for role in ROLES_ON.get(connection.vendor, ROLES):
        answers_as_documented(app, operation, role)


def test_every_operation_is_run():
    methods = {(operation.method.upper(), operation.path) for operation in OPERATIONS}

    assert len(methods) == len(OPERATIONS) > 5 * len(list(registry))
    assert sorted(role for roles in ROLES_ON.values() for role in roles) == sorted(ROLES)
    assert ("DELETE", "/api/consular/assistance-cases/{id}/") in methods
