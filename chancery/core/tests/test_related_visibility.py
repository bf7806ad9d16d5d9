"""A visible record that points at a record above the reader's clearance does not name it:
not in its history, not in the API, not on any page, and is not found by its words."""

import pytest
from django.test import Client
from django.urls import reverse

from chancery.bilateral.models import DiplomaticRelation
from chancery.core.history import HIDDEN, history_for
from chancery.core.models import Classification, Record
from chancery.core.registry import registry
from chancery.core.services import record_write
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.testapp.models import Dispatch
from chancery.documents.models import Document


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


def test_the_history_reads_a_one_to_one_link_as_the_reader_may_see_it(personas, secret_country):
    with record_write(personas[Classification.SECRET]):
        relation = DiplomaticRelation.objects.create(state=secret_country, status="active")

    def state_change(reader):
        (created,) = history_for(relation, personas[reader])
        return next(c for c in created["changes"] if c["label"] == "state")["new"]

    assert state_change(Classification.SECRET) == "Secretland"
    assert state_change(Classification.RESTRICTED) == HIDDEN  # not its name, nor its key


# every registered type that must point at a record: generated from the registry ------------
def required_links(model):
    """The foreign keys and one-to-one fields of `model` that must point at a record."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and not f.null and issubclass(f.related_model, Record)
    ]


LINKED_TYPES = [rt for rt in registry if required_links(rt.model)]
HUSH = "hush"

SURFACES = {
    "list page": lambda rt, record: rt.list_url,
    "detail page": lambda rt, record: record.get_absolute_url(),
    "api list": lambda rt, record: f"/api/{rt.app_label}/{rt.slug}/",
    "api detail": lambda rt, record: f"/api/{rt.app_label}/{rt.slug}/{record.pk}/",
    "csv export": lambda rt, record: f"{rt.list_url}export/csv/",
    "json export": lambda rt, record: f"{rt.list_url}export/json/",
    "search": lambda rt, record: f"/search/?q={HUSH}+{rt.model_name}",
}
# what lists records answers 200; a single record may answer 404 if it is hidden with its links
MAY_HIDE = {"detail page", "api detail"}


@pytest.fixture(params=LINKED_TYPES, ids=lambda rt: f"{rt.app_label}.{rt.model_name}")
def linked_type(request):
    return request.param


@pytest.fixture
def record_with_secret_links(db, linked_type):
    """An unclassified record whose required links are all secret. Its own text is the marker;
    the text of what it points to is the marker, a colon and more, so shows as `hush <type>:`."""
    return RecordFactory().make(
        linked_type.model,
        Classification.UNCLASSIFIED,
        marker=f"{HUSH} {linked_type.model_name}",
        related_classification=Classification.SECRET,
    )


def hidden_text(record):
    return f"{HUSH} {type(record)._meta.model_name}:"


@pytest.mark.parametrize("surface", list(SURFACES))
def test_a_required_link_above_the_clearance_is_never_named_and_never_breaks_a_page(
    linked_type, surface, record_with_secret_links, personas
):
    record = record_with_secret_links
    client = Client(raise_request_exception=False)  # a failure reads as its status, 500
    client.force_login(personas[Classification.RESTRICTED])

    response = client.get(SURFACES[surface](linked_type, record))

    allowed = {200, 404} if surface in MAY_HIDE else {200}
    assert response.status_code in allowed
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert hidden_text(record) not in body.decode()


def test_the_search_does_not_find_a_record_by_the_text_of_a_link_above_the_clearance(
    linked_type, record_with_secret_links, personas, client_as
):
    record = record_with_secret_links

    response = client_as(personas[Classification.RESTRICTED]).get(
        "/search/", {"q": hidden_text(record)}
    )

    assert response.status_code == 200
    assert f'href="{record.get_absolute_url()}"' not in response.content.decode()
