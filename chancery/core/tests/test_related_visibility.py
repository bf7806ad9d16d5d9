"""A visible record that points at a record above the reader's clearance does not name it:
not in its history, not in the API, not on any page, and is not found by its words."""

import re

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

# the surfaces of one type (the search, which holds every type, is asked once for all of them)
SURFACES = {
    "list page": lambda rt, record: rt.list_url,
    "detail page": lambda rt, record: record.get_absolute_url(),
    "api list": lambda rt, record: f"/api/{rt.app_label}/{rt.slug}/",
    "api detail": lambda rt, record: f"/api/{rt.app_label}/{rt.slug}/{record.pk}/",
    "csv export": lambda rt, record: f"{rt.list_url}export/csv/",
    "json export": lambda rt, record: f"{rt.list_url}export/json/",
}
# what lists records answers 200; a single record may answer 404 if it is hidden with its links
MAY_HIDE = {"detail page", "api detail"}


@pytest.fixture(params=LINKED_TYPES, ids=lambda rt: f"{rt.app_label}.{rt.model_name}")
def linked_type(request):
    return request.param


def make_record_with_secret_links(factory, linked_type, marker):
    """An unclassified record whose required links are all secret. Its own text is the marker;
    the text of what it points to is the marker, a colon and more, so shows as `<marker>:`."""
    return factory.make(
        linked_type.model,
        Classification.UNCLASSIFIED,
        marker=marker,
        related_classification=Classification.SECRET,
    )


@pytest.fixture
def record_with_secret_links(db, linked_type):
    return make_record_with_secret_links(
        RecordFactory(), linked_type, f"{HUSH} {linked_type.model_name}"
    )


def hidden_text(record):
    return f"{HUSH} {type(record)._meta.model_name}:"


@pytest.fixture
def restricted_client(personas):
    """A client of a reader cleared to restricted; a failure reads as its status, 500."""
    client = Client(raise_request_exception=False)
    client.force_login(personas[Classification.RESTRICTED])
    return client


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_required_link_above_the_clearance_is_never_named_and_never_breaks_a_page(
    linked_type, record_with_secret_links, restricted_client
):
    """Every surface of the type, as a reader cleared to restricted; every failure is named
    before the test fails."""
    record = record_with_secret_links
    failures = []

    for surface, url in SURFACES.items():
        response = restricted_client.get(url(linked_type, record))

        allowed = {200, 404} if surface in MAY_HIDE else {200}
        if response.status_code not in allowed:
            failures.append(f"{surface}: answers {response.status_code}, not {allowed}")
        if hidden_text(record) in body_of(response).decode():
            failures.append(f"{surface}: names a link above the clearance")

    name = f"{linked_type.app_label}.{linked_type.model_name}"
    assert failures == [], f"{name}, as a reader cleared to restricted: " + "; ".join(failures)


@pytest.fixture
def records_with_secret_links_of_every_type(db):
    """A record with secret links of every linked type, all with the same marker: one search
    then asks for every type's records at once (the search matches text as a substring, so
    what a search for a type's own marker, `hush pledge`, finds, one for `hush` finds too)."""
    factory = RecordFactory()
    return {rt: make_record_with_secret_links(factory, rt, HUSH) for rt in LINKED_TYPES}


def searched(client, query):
    """The search's page, asserted to answer 200 and to show every record that matches `query`
    (a group that shows only the first ten could hide what the test looks for)."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200, f"the search for {query!r} answers {response.status_code}"
    cut = [g["record_type"].model_name for g in response.context["groups"] if g["more"]]
    assert cut == [], f"the search for {query!r} shows only some of the {cut}"
    return response


def test_the_search_never_names_a_required_link_above_the_clearance(
    records_with_secret_links_of_every_type, restricted_client
):
    page = searched(restricted_client, HUSH).content.decode()

    assert re.findall(rf"{HUSH}:[^<]*", page) == []  # the text of any type's secret link


def test_the_search_does_not_find_a_record_by_the_text_of_a_link_above_the_clearance(
    records_with_secret_links_of_every_type, restricted_client
):
    page = searched(restricted_client, f"{HUSH}:").content.decode()  # every type's links' text

    assert [
        f"{rt.app_label}.{rt.model_name}"
        for rt, record in records_with_secret_links_of_every_type.items()
        if f'href="{record.get_absolute_url()}"' in page
    ] == []
