"""A visible record that points at a record above the reader's clearance does not name it:
not in its history, not in the API."""

import pytest
from django.urls import reverse

from chancery.core.models import Classification
from chancery.core.services import record_write
from chancery.core.tests.testapp.models import Dispatch
from chancery.documents.models import Document
from chancery.reference.models import Country


@pytest.fixture
def secret_country(db):
    return Country.objects.create(
        alpha_2="XS",
        alpha_3="XSX",
        numeric="998",
        name="Secretland",
        classification=Classification.SECRET,
    )


@pytest.fixture
def visible_dispatch_with_secret_links(secret_country, personas):
    secret_source = Document.objects.create(
        kind="report", title="Hidden report", language="en", classification=Classification.SECRET
    )
    with record_write(personas[Classification.SECRET]):
        record = Dispatch.objects.create(subject="Visible dispatch")
        record.country = secret_country
        record.save()
        record.sources.add(secret_source)
    return record


def test_the_history_does_not_name_a_related_record_above_the_clearance(
    personas, client_as, visible_dispatch_with_secret_links
):
    record = visible_dispatch_with_secret_links
    restricted = client_as(personas[Classification.RESTRICTED]).get(record.get_absolute_url())
    secret = client_as(personas[Classification.SECRET]).get(record.get_absolute_url())

    assert restricted.status_code == 200
    assert b"Secretland" not in restricted.content
    assert b"Hidden report" not in restricted.content
    assert b"Secretland" in secret.content  # the reader who may see it does


def test_the_api_does_not_give_the_key_of_a_related_record_above_the_clearance(
    personas, client_as, visible_dispatch_with_secret_links, secret_country
):
    record = visible_dispatch_with_secret_links
    url = reverse("testapp-dispatch-detail", args=[record.pk])

    restricted = client_as(personas[Classification.RESTRICTED]).get(url).json()
    secret = client_as(personas[Classification.SECRET]).get(url).json()

    assert restricted["country"] is None
    assert restricted["sources"] == []
    assert secret["country"] == secret_country.pk
