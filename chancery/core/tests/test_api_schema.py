"""The OpenAPI schema of every registered record type generates without a warning and validates:
a new type with, say, a second `status` choice set of the same name fails here, not in a client."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=io.StringIO()
    )

    assert "/api/consular/assistance-cases/" in target.read_text()


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def statuses(schema, path, method):
    return set(schema["paths"][path][method]["responses"])


def test_every_operation_documents_the_errors_it_may_answer(schema):
    every = {"400", "401", "403", "503"}
    expected = {
        "get": every | {"200", "404"},
        "post": every | {"201", "415"},
        "put": every | {"200", "404", "412", "415"},
        "patch": every | {"200", "404", "412", "415"},
        "delete": every | {"204", "404", "409"},
    }

    wrong = {
        (path, method): statuses(schema, path, method) ^ expected[method]
        for path, operations in schema["paths"].items()
        for method in operations
        if method in expected and statuses(schema, path, method) != expected[method]
    }

    assert wrong == {}


def test_a_refused_edit_documents_the_current_record(schema):
    answer = schema["paths"]["/api/consular/assistance-cases/{id}/"]["patch"]["responses"]["412"]
    body = answer["content"]["application/json"]["schema"]

    assert body["properties"]["current"] == {"$ref": "#/components/schemas/Case"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
