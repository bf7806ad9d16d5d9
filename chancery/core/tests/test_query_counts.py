"""No N+1 queries: for every registered record type, the list page, the API list and the export
issue as many queries for 30 rows as for 3. A new type is covered without a new test."""

import datetime
import itertools
import string
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chancery.core.models import Classification, Record
from chancery.core.registry import registry

FEW, MANY = 3, 30
RECORD_TYPES = list(registry)
# nullable foreign keys are filled this many levels down, so that joins are exercised
FILL_OPTIONAL_DEPTH = 2
DIGITS = string.digits + string.ascii_uppercase


def type_id(record_type):
    return f"{record_type.app_label}.{record_type.model_name}"


class Factory:
    """Saves an instance of any model, filling each field from its kind: unique text, the first
    choice, a date, a related object made the same way. Many-to-many fields of a record (its
    priorities and sources) get one related object each, so prefetching is exercised too."""

    def __init__(self, user):
        self.user = user
        self.serial = itertools.count(1)

    def make(self, model, depth=0):
        number = next(self.serial)
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.auto_created:
                continue
            value = self.value_for(model, field, number, depth)
            if value is not _DEFAULT:
                values[field.name] = value
        instance = model.objects.create(**values)
        if depth == 0 and issubclass(model, Record):
            for field in model._meta.many_to_many:
                getattr(instance, field.name).add(self.make(field.related_model, depth + 1))
        return instance

    def make_many(self, model, count):
        return [self.make(model) for _ in range(count)]

    def value_for(self, model, field, number, depth):
        if field.many_to_one:
            return self.related_value(model, field, depth)
        if not field.editable or field.has_default():
            return _DEFAULT
        if field.choices:
            return field.flatchoices[0][0]
        if isinstance(field, models.DateField):  # DateTimeField included; optional ones too
            if isinstance(field, models.DateTimeField):
                return timezone.now()
            return datetime.date(2000, 1, 1) + datetime.timedelta(days=number)
        if field.null or field.blank:
            return _DEFAULT
        if isinstance(field, models.URLField):
            return f"https://example.org/{number}"
        if isinstance(field, models.EmailField):
            return f"someone{number}@example.org"
        if isinstance(field, models.CharField | models.TextField):
            return text(model, field, number)
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
            return number
        raise TypeError(f"the generic factory cannot fill {model.__name__}.{field.name}")

    def related_value(self, model, field, depth):
        target = field.related_model
        if target._meta.label == settings.AUTH_USER_MODEL:
            return self.user
        optional = field.null
        if target is model:
            return target.objects.order_by("pk").first() if optional else _DEFAULT
        if optional and depth >= FILL_OPTIONAL_DEPTH:
            return None
        return self.make(target, depth + 1)


_DEFAULT = object()


def text(model, field, number):
    """Text unique within the factory, short enough for the field (down to a 2-letter code)."""
    value = f"{model._meta.model_name}-{number}"
    width = field.max_length
    if width is None or len(value) <= width:
        return value
    digits = ""
    while number:
        number, rest = divmod(number, len(DIGITS))
        digits = DIGITS[rest] + digits
    if len(digits) > width:
        raise ValueError(f"{number} cannot be made unique in {width} characters")
    return digits.rjust(width, "0")


@pytest.fixture
def viewer(personas):
    return personas[Classification.SECRET]


@pytest.fixture
def factory(viewer):
    return Factory(viewer)


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
