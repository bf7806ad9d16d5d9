"""A number too large to be a record's key is no such record (4xx) on every surface, never a
database overflow (500)."""

import pytest
from django.urls import reverse

from chancery.core.models import Classification
from chancery.core.tests.testapp.models import Dispatch

HUGE = "9223372036854775808"  # one more than the largest 64-bit key


@pytest.fixture
def client(personas, client_as, make_user):
    return client_as(make_user("boss", Classification.SECRET, role=None, is_superuser=True))


def test_a_huge_key_in_a_page_address_is_not_found(client):
    assert client.get(f"/testapp/dispatches/{HUGE}/").status_code == 404
    assert client.get(f"/api/testapp/dispatches/{HUGE}/").status_code == 404


def test_a_huge_key_in_a_filter_is_an_invalid_choice(client):
    page = client.get(reverse("testapp:dispatch_list"), {"country": HUGE})
    api = client.get("/api/bilateral/engagements/", {"countries": HUGE})

    assert page.status_code == 400
    assert api.status_code == 400


def test_a_huge_key_in_a_form_or_the_api_is_refused_naming_the_field(client):
    form = client.post(
        reverse("testapp:dispatch_add"),
        {
            "subject": "x",
            "channel": "cable",
            "pages": 1,
            "classification": 0,
            "sent_on_precision": "day",
            "country": HUGE,
        },
    )
    api = client.post(
        "/api/testapp/dispatches/",
        {"subject": "x", "country": HUGE, "priorities": [HUGE]},
        content_type="application/json",
    )

    assert form.status_code == 400
    assert "country" in form.context["form"].errors
    assert api.status_code == 400
    assert {"country", "priorities"} <= set(api.json())
    assert not Dispatch.objects.exists()
