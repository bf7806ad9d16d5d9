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
