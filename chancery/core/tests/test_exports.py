"""Exports are safe to open in a spreadsheet."""

from django.urls import reverse

from chancery.core.models import Classification
from chancery.core.tests.testapp.models import Dispatch


def test_text_that_a_spreadsheet_would_run_is_exported_inert(personas, client_as):
    Dispatch.objects.create(subject='=HYPERLINK("http://evil.example","click")')
    client = client_as(personas[Classification.SECRET])

    csv_body = b"".join(
        client.get(reverse("testapp:dispatch_export", args=["csv"])).streaming_content
    )
    json_body = b"".join(
        client.get(reverse("testapp:dispatch_export", args=["json"])).streaming_content
    )

    assert b"'=HYPERLINK" in csv_body
    assert b'"subject": "=HYPERLINK' in json_body  # JSON is data, kept as it is
