"""No N+1 queries: for every registered record type, the list page, the API list and the export
issue as many queries for 30 rows as for 3. A new type is covered without a new test."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory

FEW, MANY = 3, 30
RECORD_TYPES = list(registry)


def type_id(record_type):
    return f"{record_type.app_label}.{record_type.model_name}"


@pytest.fixture
def viewer(make_user):
    """Cleared to secret, and may read every mission's personal data: sees every record."""
    return make_user("viewer", Classification.SECRET, role="administrator")


@pytest.fixture
def factory(viewer):
    """Nullable foreign keys and many-to-many fields filled too, so that joins and prefetching are
    exercised."""
    return RecordFactory(viewer, fill_optional=True)


@dataclass
class Measured:
    response: object
    content: bytes
    queries: list[str]
    rows: int  # records of the type in the database when measured


def measure(client, url, model):
    """The response to GET `url`, its content (streamed or not) and the SQL it issued."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    queries = [q["sql"] for q in context.captured_queries]
    return Measured(response, content, queries, model.objects.count())


def few_then_many(record_type, factory, client, url):
    """`url` measured with FEW records of the type, then with MANY. Rows are counted, not
    assumed: making a record may make more of its type (a document cites a document)."""
    model = record_type.model
    factory.make_many(model, FEW)
    client.get(url)  # a first request fills caches (content types, ...) once for all
    few = measure(client, url, model)
    factory.make_many(model, MANY - FEW)
    many = measure(client, url, model)
    assert few.response.status_code == many.response.status_code == 200
    assert FEW <= few.rows < MANY <= many.rows
    return few, many


def assert_same_count(few, many):
    extra = "\n".join(many.queries[len(few.queries) :])
    assert len(many.queries) == len(few.queries), (
        f"{len(few.queries)} queries for {few.rows} rows but {len(many.queries)} for "
        f"{many.rows}:\n{extra}"
    )


def test_the_factory_fills_every_registered_type(factory):
    for record_type in RECORD_TYPES:
        instance = factory.make(record_type.model)
        instance.full_clean()
        assert record_type.model.objects.visible_to(factory.user).filter(pk=instance.pk).exists()


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_the_list_page_query_count_does_not_grow_with_the_rows(
    record_type, viewer, factory, client_as
):
    few, many = few_then_many(record_type, factory, client_as(viewer), record_type.list_url)

    for measured in (few, many):
        shown = len(measured.response.context["rows"])
        assert shown == min(measured.rows, record_type.paginate_by)
    assert_same_count(few, many)


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_the_api_list_query_count_does_not_grow_with_the_rows(
    record_type, viewer, factory, client_as
):
    url = f"/api/{record_type.app_label}/{record_type.slug}/"

    few, many = few_then_many(record_type, factory, client_as(viewer), url)

    for measured in (few, many):
        body = measured.response.json()
        assert body["count"] == measured.rows
        assert len(body["results"]) == min(measured.rows, settings.REST_FRAMEWORK["PAGE_SIZE"])
    assert_same_count(few, many)


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_the_csv_export_query_count_does_not_grow_with_the_rows(
    record_type, viewer, factory, client_as
):
    url = reverse(record_type.url_name("export"), args=["csv"])

    few, many = few_then_many(record_type, factory, client_as(viewer), url)

    for measured in (few, many):
        # a header, then a line per record (no value the factory writes holds a line break)
        assert measured.content.decode().count("\r\n") == 1 + measured.rows
    assert_same_count(few, many)
