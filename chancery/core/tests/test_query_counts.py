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

FEW, MANY = 3, 12
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


def few_then_many(factory, client, model, urls):
    """Each of `urls` (by surface) measured with FEW records of the type, then each with MANY: the
    records are made once for every surface. Rows are counted, not assumed: making a record may
    make more of its type (a document cites a document)."""
    factory.make_many(model, FEW)
    for url in urls.values():
        client.get(url)  # a first request fills caches (content types, ...) once for all
    few = {surface: measure(client, url, model) for surface, url in urls.items()}
    factory.make_many(model, MANY - FEW)
    many = {surface: measure(client, url, model) for surface, url in urls.items()}
    return few, many


def assert_both_answered(few, many):
    assert few.response.status_code == many.response.status_code == 200, (
        f"status {few.response.status_code} for {few.rows} rows, "
        f"{many.response.status_code} for {many.rows}"
    )
    assert FEW <= few.rows < MANY <= many.rows


def assert_same_count(few, many):
    extra = "\n".join(many.queries[len(few.queries) :])
    assert len(many.queries) == len(few.queries), (
        f"{len(few.queries)} queries for {few.rows} rows but {len(many.queries)} for "
        f"{many.rows}:\n{extra}"
    )


def assert_list_page_shows_the_rows(record_type, measured):
    shown = len(measured.response.context["rows"])
    assert shown == min(measured.rows, record_type.paginate_by), (
        f"{shown} rows shown with {measured.rows} in the database"
    )


def assert_api_list_counts_the_rows(record_type, measured):
    body = measured.response.json()
    assert body["count"] == measured.rows
    assert len(body["results"]) == min(measured.rows, settings.REST_FRAMEWORK["PAGE_SIZE"]), (
        f"{len(body['results'])} results with {measured.rows} in the database"
    )


def assert_csv_export_has_a_line_per_row(record_type, measured):
    # a header, then a line per record (no value the factory writes holds a line break)
    lines = measured.content.decode().count("\r\n")
    assert lines == 1 + measured.rows, f"{lines} lines with {measured.rows} in the database"


class Failures(list):
    """The failed assertions of a test that checks several surfaces, each named by its surface
    and what was checked, so that one failure does not hide the others."""

    def check(self, surface, what, assertion, *args):
        """Runs `assertion(*args)`; true when it held."""
        try:
            assertion(*args)
        except AssertionError as error:
            self.append(f"{surface}, {what}: {error}")
            return False
        return True


def test_the_factory_fills_every_registered_type(factory):
    for record_type in RECORD_TYPES:
        instance = factory.make(record_type.model)
        instance.full_clean()
        assert record_type.model.objects.visible_to(factory.user).filter(pk=instance.pk).exists()


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=type_id)
def test_no_list_query_count_grows_with_the_rows(record_type, viewer, factory, client_as):
    """The list page, the API list and the CSV export of the type each issue as many queries for
    MANY rows as for FEW, and show every row they should (the records made once for all three)."""
    surfaces = {
        "list page": (record_type.list_url, assert_list_page_shows_the_rows),
        "API list": (
            f"/api/{record_type.app_label}/{record_type.slug}/",
            assert_api_list_counts_the_rows,
        ),
        "CSV export": (
            reverse(record_type.url_name("export"), args=["csv"]),
            assert_csv_export_has_a_line_per_row,
        ),
    }

    few, many = few_then_many(
        factory,
        client_as(viewer),
        record_type.model,
        {surface: url for surface, (url, _rows) in surfaces.items()},
    )

    failures = Failures()
    for surface, (url, assert_rows_shown) in surfaces.items():
        if not failures.check(
            surface, f"answering {url}", assert_both_answered, few[surface], many[surface]
        ):
            continue  # no rows to look at
        for measured in (few[surface], many[surface]):
            what = f"the rows shown at {measured.rows} rows"
            failures.check(surface, what, assert_rows_shown, record_type, measured)
        failures.check(surface, "the query count", assert_same_count, few[surface], many[surface])
    assert not failures, f"{type_id(record_type)}:\n" + "\n\n".join(failures)
