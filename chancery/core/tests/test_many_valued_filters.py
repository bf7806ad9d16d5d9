"""A filter through a many-valued link (the states or organisations of an engagement)
lists each matching record once, in the list's order, by key: no join of the link and no
DISTINCT over every column of every row (an export of 10,000 engagements sorted them, texts and
all, to drop repeats there could not be)."""

import csv
import io

from django.test import RequestFactory
from django.urls import reverse

from chancery.bilateral.models import Engagement
from chancery.core.models import Classification
from chancery.core.registry import registry
from chancery.core.tests.factories import RecordFactory
from chancery.core.tests.surfaces import api_url


def test_no_filter_of_any_type_makes_its_rows_distinct(make_user):
    reader = make_user("reader", Classification.SECRET)
    request = RequestFactory().get("/")
    request.user = reader
    distinct, checked = [], []
    for record_type in registry:
        filterset = record_type.filterset_class(
            queryset=record_type.list_queryset(reader), request=request
        )
        for name, filter_ in filterset.filters.items():
            if not filter_.distinct:
                continue
            target = filter_.queryset(request).model(pk=1)
            filtered = filter_.filter(record_type.list_queryset(reader), [target])
            checked.append(f"{record_type.model_name}: {name}")
            if filtered.query.distinct or "DISTINCT" in str(filtered.query).upper():
                distinct.append(f"{record_type}: {name}")

    assert "engagement: countries" in checked
    assert distinct == []


def test_an_engagement_with_two_chosen_states_is_listed_and_exported_once(
    make_user, client_as, georgia, home_state, secret_country
):
    admin = make_user("admin", Classification.SECRET, role=None, is_superuser=True)
    factory = RecordFactory(admin)
    both, one, neither = (factory.make(Engagement, marker=m) for m in ("both", "one", "neither"))
    both.countries.set([georgia, home_state])
    one.countries.set([georgia, secret_country])
    neither.countries.set([secret_country])
    client = client_as(admin)
    chosen = {"countries": [georgia.pk, home_state.pk]}

    listed = client.get(reverse("bilateral:engagement_list"), chosen)
    exported = client.get(reverse("bilateral:engagement_export", args=["csv"]), chosen)
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    api = client.get(api_url(registry[Engagement]), chosen)

    order = list(Engagement.objects.filter(pk__in=[both.pk, one.pk]))
    title = registry[Engagement].detail_fields.index("title")
    assert [row["object"] for row in listed.context["rows"]] == order
    assert [row[title] for row in rows[1:]] == [engagement.title for engagement in order]
    assert sorted(record["id"] for record in api.json()["results"]) == sorted(e.pk for e in order)
